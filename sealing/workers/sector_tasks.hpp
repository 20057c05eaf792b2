// The sealing work of one call on one sector's files, as a worker runs it (lotus's
// ffiwrapper.Sealer): the CC piece, PreCommit1/2, Commit1/2 and finalize, on the existing porep
// code. Pure file work: where the files are is the caller's business (local_worker.hpp).
// Errors: InvalidInput for inputs that do not fit the sector (wrong ticket, pieces, outputs of
// another sector), NotFound for missing files, IoError for disk failures.
#pragma once

#include <filesystem>
#include <vector>

#include "common/encoding.hpp"
#include "sealing/params/proof_mode.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "sealing/workers/worker_types.hpp"

namespace tessera::workers {

// Where one sector's files are on this worker.
struct SectorPaths {
  std::filesystem::path unsealed;
  std::filesystem::path sealed;
  std::filesystem::path cache;
};

// AddPiece with a null reader of a whole sector (a pledge): writes the unsealed file of zeros
// (lotus's partial-file format, every byte allocated) and returns its piece.
PieceInfo add_pledge_piece(const SectorRef& sector, const std::filesystem::path& unsealed);

// PreCommit1 from the unsealed file; checks that the pieces' CommD is the data's. Returns the
// PreCommit1Out bytes (sealing/porep/pc1_output.hpp's JSON).
Bytes seal_pre_commit1(const SectorRef& sector, const Bytes& ticket,
                       const std::vector<PieceInfo>& pieces, const SectorPaths& files,
                       const porep::StageProgress& progress = {});

SectorCids seal_pre_commit2(const SectorRef& sector, const Bytes& pc1_out, const SectorPaths& files,
                            const porep::StageProgress& progress = {});

// Commit1: the vanilla PoRep proof for the seed, verified before it is returned. Commit1Out is
// the JSON lotus-bench simple commit1 writes: {sector_number, actor_id, sector_size,
// public_inputs, vanilla_proof}.
Bytes seal_commit1(const SectorRef& sector, const Bytes& ticket, const Bytes& seed,
                   const SectorCids& cids, const SectorPaths& files);

// Commit2: checks Commit1Out and verifies its vanilla proof, then returns the proof bytes
// ProveCommitSector carries: the Groth16 proofs (commit_phase2, on the free cores of the
// process; NotFound naming a missing parameter file), or in ProofMode::kVanilla, the test tool,
// the vanilla proof's JSON (docs/devnet.md).
Bytes seal_commit2(const SectorRef& sector, const Bytes& c1_out, params::ProofMode mode);

// Drops the label layers, tree-c and tree-d from the cache directory.
void finalize_sector_files(const SectorRef& sector, const SectorPaths& files);

}  // namespace tessera::workers
