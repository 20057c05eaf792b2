// Where a PoSt prover gets each sector's vanilla proof: from whoever holds the sector's files,
// as lotus's GenerateSingleVanillaProof (storage/paths/remote.go) asks this machine's paths or
// another machine's /remote/vanilla/single. The prover sends the challenged TreeRLast leaves
// and the chain's CommR; the holder opens the files, checks they commit to that CommR and
// answers with the leaves' inclusion proofs. Only proofs travel, never sector files.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "crypto/merkle.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "post/sector_files.hpp"
#include "storage/paths/remote_handler.hpp"

namespace tessera::post {

// One sector's PoSt challenge (lotus storiface.PostSectorChallenge).
struct PostSectorChallenge {
  std::int64_t seal_proof = 0;  // the sector's RegisteredSealProof
  std::uint64_t sector_number = 0;
  crypto::Digest32 comm_r{};          // the chain's CommR (its sealed CID's digest)
  std::vector<std::uint64_t> leaves;  // the challenged TreeRLast leaves, in order
  std::int64_t post_proof = 0;        // the RegisteredPoStProof challenged (Window or Winning)
};

using ProofDeadline = std::chrono::steady_clock::time_point;

// The vanilla proof of a challenge, due by the deadline. Throws NotFound when no reachable
// storage holds the sector's files, IoError when reading or fetching them fails or the deadline
// passes, and Error (InvalidInput...) for files that are not the sector's.
using SectorProofSource = std::function<SectorPostProof(const PostSectorChallenge&, ProofDeadline)>;

// Proves `challenge` from `files`: opens them as the sector's sealed replica and cache
// (porep::SealedReplica), checks that Poseidon(comm_c, TreeRLast root) is challenge.comm_r and
// that the root is p_aux's comm_r_last, then opens the leaves. Throws as SealedReplica (NotFound
// for a missing file, InvalidInput for a wrong-size or corrupt one), Error naming the mismatch
// for another sector's files, InvalidInput for a leaf beyond the tree.
SectorPostProof prove_from_files(const PostSectorChallenge& challenge, const SectorFiles& files);

// A source for the files `files` finds on this machine; NotFound naming the sector when it finds
// none. The deadline is not enforced (a local read cannot be interrupted; callers time out).
SectorProofSource local_proof_source(SectorFileLookup files);

// A source that asks `first` and, when it throws NotFound (the files are not there), `second`.
SectorProofSource first_of(SectorProofSource first, SectorProofSource second);

// lotus storiface.PostSectorChallenge's JSON: {"SealProof", "SectorNumber", "SealedCID": {"/":
// cid}, "Challenge": [leaves], "Update": false}; post_proof is not part of it.
nlohmann::json sector_challenge_json(const PostSectorChallenge& challenge);
// The challenge of that JSON (post_proof 0). InvalidInput naming `where` for another shape, a
// sealed CID that is not a 32-byte sealed commitment, or Update = true (snap-deal replicas are
// not supported).
PostSectorChallenge sector_challenge_from_json(const nlohmann::json& json,
                                               const std::string& where);

// The body of POST /remote/vanilla/single, in lotus's SingleVanillaParams shape:
// {"Miner": id, "Sector": sector_challenge_json(challenge), "ProofType": challenge.post_proof}.
// tessera answers with the proof as post_proofs_to_json of one proof (lotus sends
// rust-fil-proofs' bincode bytes instead).
struct SingleVanillaRequest {
  std::uint64_t miner_id = 0;
  PostSectorChallenge challenge;
};
nlohmann::json to_json(const SingleVanillaRequest& request);
// InvalidInput for another shape, a sealed CID that is not a 32-byte sealed commitment, or
// Update = true (snap-deal replicas are not supported).
SingleVanillaRequest single_vanilla_request_from_json(const nlohmann::json& json);

// What /remote/vanilla/single answers to `body`: the proof of the request from the sector files
// `find` finds (the sealed file and cache of the request's miner and sector), as JSON text
// (post_proofs_to_json of the one proof); a paths::SingleVanillaAnswer. Throws InvalidInput for
// a body that is not a request, NotFound when this machine has no files for the sector,
// otherwise as prove_from_files.
std::string answer_single_vanilla(const std::string& body, const paths::SectorFileFinder& find);

}  // namespace tessera::post
