// What a PoSt worker computes (lotus LocalWorker.GenerateWindowPoSt and GenerateWinningPoSt,
// storage/sealer/worker_local.go): the miner draws the challenges and sends each sector's
// challenged leaves with its CommR; the worker gets the vanilla proofs from whoever holds the
// sector's files (a SectorProofSource), checks them, and makes the SNARK. The miner's own
// provers use the same functions when no PoSt worker is connected, and the miner merges the
// partition proofs its workers return (merge_partition_proofs).
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "common/encoding.hpp"
#include "common/executor/stage_context.hpp"
#include "post/bounded_calls.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "post/sector_proof_source.hpp"
#include "sealing/params/proof_mode.hpp"

namespace tessera::post {

// One GenerateWindowPoSt or GenerateWinningPoSt call.
struct PostTask {
  std::int64_t post_proof = 0;  // RegisteredPoStProof: Winning 0-4, Window V1_1 10-14
  std::uint64_t miner_id = 0;
  // Window: one circuit partition of the proving set, ascending; Winning: the elected sectors.
  // Each with its challenged leaves (challenged_leaves of the sector's index in this list).
  std::vector<PostSectorChallenge> sectors;
  Bytes randomness;                   // 32 bytes
  std::uint64_t partition_index = 0;  // Window only (which partition of the proving set)
};

// lotus storiface.WindowPoStResult: the partition's proof, or, when some sectors could not be
// proven, no proof and those sectors (the miner retries without them).
struct WindowPartitionResult {
  Bytes proof;
  std::vector<std::uint64_t> skipped;  // sector numbers
};

// The challenge parameters of a RegisteredPoStProof: Window V1_1 (10-14) API 1.2 with 10
// challenges, Winning (0-4) API 1.0 with 66, the proof's sector size, and `randomness`.
// InvalidInput for another proof type (Window V1, 5-9, is refused by the chain since nv19) or
// randomness that is not 32 bytes.
PostChallengeParams post_challenge_params(std::int64_t post_proof, const Bytes& randomness);

// The proof of one WindowPoSt partition (lotus LocalWorker.GenerateWindowPoSt): each sector's
// vanilla proof from `source` under `limits` (run_bounded), kept when it verifies against the
// sector's CommR; when any sector fails, no proof and the failed sectors in `skipped` (each
// logged at WARN with why). Otherwise the Groth16 proof of the partition (kSnark; checked with
// the verifying key) or the vanilla proofs' JSON (kVanilla), made on ctx's cores.
// Throws InvalidInput for a task that is not a WindowPoSt partition: a Winning proof type, no
// sectors or more than a partition holds, a sector of another size, or leaves that are not
// those the randomness challenges; NotFound for missing Groth16 parameters; Error when the
// SNARK does not verify; Cancelled when ctx is.
WindowPartitionResult generate_window_partition(const PostTask& task,
                                                const SectorProofSource& source,
                                                const CheckLimits& limits, params::ProofMode mode,
                                                StageContext& ctx);

// The WinningPoSt proof bytes (lotus LocalWorker.GenerateWinningPoSt) of the elected sectors:
// their vanilla proofs from `source`, due `within` from now, then the Groth16 proof (kSnark:
// exactly one sector) or the vanilla proofs' JSON (kVanilla). Throws InvalidInput as
// generate_window_partition for a task that is not a WinningPoSt (a Window proof type, no
// sectors, several in kSnark mode, other leaves), what `source` throws for a sector it cannot
// prove, Error for a vanilla proof that does not verify against the sector's CommR.
Bytes generate_winning_post(const PostTask& task, const SectorProofSource& source,
                            std::chrono::milliseconds within, params::ProofMode mode,
                            StageContext& ctx);

// The Groth16 WindowPoSt of `sectors` in proving order with their vanilla proofs (one proof per
// partition, circuit::prove_window_post_snark), made on ctx's cores with the parameter files
// params::find_parameter_files finds and checked with their verifying key. NotFound for missing
// parameter files, Error when the proof does not verify, InvalidInput as the circuit refuses.
Bytes checked_window_post_snark(const PostChallengeParams& params,
                                const std::vector<circuit::PostPublicSector>& sectors,
                                const std::vector<SectorPostProof>& vanilla, StageContext& ctx);

// tessera's vanilla-proof bytes (ProofMode::kVanilla, a test tool): the proofs' JSON text
// (post_proofs_to_json).
Bytes vanilla_proof_bytes(const std::vector<SectorPostProof>& vanilla);
// Whether `proof` (vanilla_proof_bytes' form) holds one vanilla proof per sector of `sectors`, in
// order, each of that sector and verifying against its CommR for params. False for bytes that are
// not JSON; InvalidInput for JSON of another shape (post_proofs_from_json).
bool verify_vanilla_proof_bytes(const PostChallengeParams& params,
                                const std::vector<circuit::PostPublicSector>& sectors,
                                const Bytes& proof);

// One WindowPoSt proof of a proving set from its partitions' proofs, in partition order:
// Groth16 proofs concatenated (kSnark), the vanilla proofs' JSON arrays joined (kVanilla).
// InvalidInput for a partition's vanilla JSON that does not parse.
Bytes merge_partition_proofs(const std::vector<Bytes>& partitions, params::ProofMode mode);

}  // namespace tessera::post
