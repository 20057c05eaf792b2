// Vanilla PoSt proofs of sectors whose files live on another machine of the cluster (lotus
// Remote.GenerateSingleVanillaProof, storage/paths/remote.go): the sector index names the
// storage paths that hold the sector's sealed file and cache; each such path's /remote is asked
// in turn with POST <url>/vanilla/single and the cluster's admin token. The files never travel.
#pragma once

#include <cstdint>
#include <string>

#include "post/sector_proof_source.hpp"
#include "storage/index/sector_index.hpp"

namespace tessera::post {

// A source asking the machines `index` says hold the sealed file and cache of a sector of
// miner `miner_id` (both in one path), with `token` (an admin token of the cluster), in turn,
// each given an equal share of the time left before the challenge's deadline. Throws NotFound when no path holds both or every holder
// answers 404, IoError when none answers in time (or the deadline has passed), Error with the
// holder's message when it fails otherwise. index must outlive the source.
SectorProofSource remote_proof_source(const paths::IndexApi& index, std::uint64_t miner_id,
                                      std::string token);

}  // namespace tessera::post
