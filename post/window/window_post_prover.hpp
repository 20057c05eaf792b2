// The WindowPoSt of one SubmitWindowedPoSt message, as lotus's scheduler computes it
// (storage/wdpost/wdpost_run.go runPoStCycle and checkSectors): the partitions' sectors to
// prove, those whose files fail a check skipped, their vanilla proofs, then the Groth16 proof
// (or, as a test tool, the vanilla proofs' JSON) and the chain commitment.
#pragma once

#include <cstdint>
#include <vector>

#include "chain/api/full_node_client.hpp"
#include "chain/types/address.hpp"
#include "chain/types/deadline.hpp"
#include "chain/types/miner_params.hpp"
#include "chain/types/tipset_key.hpp"
#include "common/executor/stage_context.hpp"
#include "post/post_worker_api.hpp"
#include "post/window/sector_check.hpp"
#include "sealing/params/proof_mode.hpp"

namespace tessera::post::window {

struct ProveRequest {
  chain::Address miner;                   // the miner actor's ID address (the randomness entropy)
  chain::DeadlineInfo deadline;           // StateMinerProvingDeadline's answer
  std::vector<std::uint64_t> partitions;  // indexes in that deadline, each at most once
  chain::TipSetKey head;                  // the tipset the chain state is read at
  std::int64_t post_proof = 0;            // the miner's RegisteredPoStProof (Window)
  std::uint64_t sector_size = 0;
};

// The indexes [0, partitions) not in `skip` (a deadline's partitions, less those already proven),
// in ascending chunks of at most `max` (0: one chunk); what each SubmitWindowedPoSt proves
// ([Proving] MaxPartitionsPerPoStMessage).
std::vector<std::vector<std::uint64_t>> partition_chunks(std::uint64_t partitions,
                                                         const chain::BitField& skip,
                                                         std::uint64_t max);

// The params of the SubmitWindowedPoSt proving request.partitions of request.deadline: for each
// partition (in request order) its sectors to prove — live minus faulty, plus those declared
// recovering — with those that cannot be proven in `skipped` (prove_sectors through access: no
// storage answers in time, the files do not open as the sector's, or the vanilla proof does not
// verify against the chain's CommR), each logged at WARN with the reason. One proof of
// request.post_proof over the remaining sectors in ascending order (vanilla proofs challenged
// with WindowedPoStChallengeSeed randomness at the deadline's challenge epoch; the SNARK on
// ctx's cores): Groth16 with the parameter files of params::find_parameter_files in kSnark mode,
// checked with their verifying key before it is returned (Error if it does not verify), the
// vanilla proofs' JSON in kVanilla mode. Chain commitment as lotus: the challenge epoch and
// its PoStChainCommit ticket randomness. A partition with nothing left to prove is still
// listed with every sector skipped, and when no sector at all is left the proof's bytes are
// empty: the miner actor accepts that as declaring them faulty (lotus instead leaves such
// partitions out and lets the deadline's end mark them faulty).
// Throws InvalidInput for no partitions, a repeated index or one the deadline does not have,
// and randomness that is not 32 bytes; NotFound for missing Groth16 parameter files; the
// node's errors as FullNodeClient throws them; Cancelled when ctx is cancelled.
// With `workers` (PoSt workers, lotus Manager.generateWindowPoSt), the proof is instead made
// by them, a circuit partition of the remaining sectors per GenerateWindowPoSt task, all at
// once; sectors they skip are skipped here too and the partitions sent again (3 rounds at
// most), and the merged proof is verified before it is returned (Error if it does not). Throws
// also what `workers` throws.
chain::SubmitWindowedPoStParams prove_partitions(const ProveRequest& request,
                                                 chain::FullNodeClient& node,
                                                 const SectorAccess& access, params::ProofMode mode,
                                                 StageContext& ctx,
                                                 const WindowPartitionProver& workers = {});

}  // namespace tessera::post::window
