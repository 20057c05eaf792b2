// The PoSt subsystem of a miner with --window-post and/or --winning-post. Both loops wake on
// each new head of the full node (chain::HeadTracker over ChainNotify). The WindowPoSt loop
// (lotus storage/wdpost changeHandler) proves each deadline's partitions with
// post::window::prove_partitions once the chain is ChallengeConfidence epochs past its challenge,
// ahead of its opening, and sends the proofs as SubmitWindowedPoSt from the worker key
// SubmitConfidence epochs after it opens (again when the chain still lacks a partition
// SubmitConfidence epochs later: the message was reverted or dropped; a chain revert below a
// sending makes the deadline due again at once, post::window::DeadlineProgress), then declares
// the faults and recoveries of the deadline two ahead (post::window faults_to_declare /
// recoveries_to_declare). The mining loop (lotus
// miner/miner.go) runs post::winning::mine_round on each new head, then SyncSubmitBlock, while it
// holds the actor's mining lease (lease::LeaseKeeper; a second --winning-post process for the actor
// stands by until the lease lapses). WinningPoSt and WindowPoSt run in their compute lanes
// (gpu::ComputeLanes::process()); a WindowPoSt still being proven when its deadline opens runs
// ahead of WinningPoSt from then on, and proofs that could only land after their deadline closed are not
// sent. Each sector's vanilla proofs come from this miner's storage paths
// when they hold its files, otherwise from the /remote of the machine the sector index names (a
// PoSt-miner proving what Seal-miners sealed). When PoSt workers (lotus-worker --windowpost /
// --winningpost) are connected, the partitions' and rounds' proofs are made on them (lotus's
// PoSt workers), and here only when they all fail. Both loops log and retry on errors; neither
// stops the miner.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <thread>
#include <utility>

#include "chain/api/full_node_client.hpp"
#include "chain/api/head_tracker.hpp"
#include "common/api_info.hpp"
#include "miner/proving_api.hpp"
#include "miner/subsystem.hpp"
#include "miner/subsystems/sector_index.hpp"
#include "miner/subsystems/storage_paths.hpp"
#include "post/bounded_calls.hpp"
#include "post/post_worker_pool.hpp"
#include "post/window/sector_check.hpp"
#include "sealing/params/proof_mode.hpp"
#include "storage/lease/mining_lease.hpp"
#include "storage/repo/config.hpp"

namespace tessera::miner {

struct ProvingConfig {
  bool window_post = true;   // --window-post, unless [Subsystems] DisableWindowPoSt
  bool winning_post = true;  // --winning-post, unless DisableWinningPoSt or !EnableMining
  // [Proving] MaxPartitionsPerPoStMessage: partitions per SubmitWindowedPoSt (0: all of a
  // deadline's in one message).
  std::uint64_t max_partitions_per_message = 0;
  // [Proving] MaxPartitionsPerRecoveryMessage: partitions per DeclareFaultsRecovered (0: all).
  std::uint64_t max_partitions_per_recovery = 0;
  std::optional<ApiInfo> full_node;  // FULLNODE_API_INFO
  std::uint64_t miner_id = 0;
  params::ProofMode proofs = params::ProofMode::kSnark;  // TESSERA_PROOFS
  // [Proving] ParallelCheckLimit, SingleCheckTimeout, PartitionCheckTimeout.
  post::CheckLimits limits;
  // The cluster's admin token, for other machines' /remote/vanilla/single.
  std::string cluster_token;
  // This miner's mining lease holder ID (lease::make_holder_id of its repo), stable across
  // restarts.
  std::string lease_holder;
  // [Proving] DisableBuiltinWindowPoSt / DisableBuiltinWinningPoSt: prove only on PoSt workers
  // (a round or deadline without one fails and is logged).
  bool disable_builtin_window = false;
  bool disable_builtin_winning = false;

  // InvalidInput for bad [Proving] limits (post::CheckLimits::from).
  static ProvingConfig from(const repo::Config& config, bool window_post, bool winning_post,
                            std::optional<ApiInfo> full_node, std::uint64_t miner_id,
                            std::string cluster_token, std::string lease_holder);
};

class ProvingSubsystem final : public Subsystem {
 public:
  // index, storage, lease (when given: nullptr mines without one) and post_workers (the PoSt
  // workers that WorkerConnect adds; their tasks go to them first) must outlive this.
  ProvingSubsystem(ProvingConfig config, SectorIndexSubsystem& index,
                   StoragePathsSubsystem& storage, lease::MiningLease* lease,
                   post::PostWorkerPool& post_workers);
  ~ProvingSubsystem() override;

  std::string_view name() const override { return "proving"; }
  // Starts a thread per enabled loop. Without a full node, or with neither role, nothing runs
  // (logged).
  void start() override;
  void stop() override;

  // CheckProvable (miner/proving_api.hpp check_provable) through this miner's sector access on
  // a fresh connection to the full node. post_proof is accepted as lotus's (the sectors' own
  // seal proofs decide). NotImplemented without a full node; check_provable's errors.
  UnprovableSectors check_provable(std::int64_t post_proof, const std::vector<SectorRef>& sectors);
  // ComputeWindowPoSt (miner/proving_api.hpp compute_window_post) in the WindowPoSt compute
  // lane, with [Proving] MaxPartitionsPerPoStMessage and TESSERA_PROOFS; nothing is submitted.
  // NotImplemented without a full node; compute_window_post's errors.
  std::vector<chain::SubmitWindowedPoStParams> compute_window_post(std::uint64_t deadline,
                                                                   const chain::TipSetKey& at);

 private:
  // A client of the full node; NotImplemented naming `method` when there is none.
  chain::FullNodeClient connect_node(const char* method);
  struct DeadlineWork;
  void window_loop(std::stop_token stop, chain::HeadTracker::Watch& heads);
  // The open deadline dl at head: from its submit epoch, its unproven partitions sent (the
  // proofs made ahead when they prove just those, else proven now; not sent, and the deadline
  // given up, when the chain has come too close to its close for them to land), checked again
  // after each sending; then the declarations for the deadline two ahead.
  void send_deadline(chain::FullNodeClient& node, const chain::DeadlineInfo& dl,
                     const chain::TipSet& head, DeadlineWork& w, std::stop_token stop);
  // Proves the first deadline from `current` that is neither proven nor sent once the chain is
  // past its challenge (lotus's prover), keeping the proofs in `work` until it opens.
  void prove_ahead(chain::FullNodeClient& node, const chain::DeadlineInfo& current,
                   const chain::TipSet& head, std::map<chain::ChainEpoch, DeadlineWork>& work,
                   std::stop_token stop);
  // The deadline's partitions the chain does not show proven at head, in chunks of at most
  // max_partitions_per_message (one SubmitWindowedPoSt each).
  std::vector<std::vector<std::uint64_t>> unproven_partitions(chain::FullNodeClient& node,
                                                              const chain::DeadlineInfo& dl,
                                                              const chain::TipSetKey& head);
  // One SubmitWindowedPoSt's params per chunk of the deadline's partitions, proven in the
  // WindowPoSt lane, ahead of WinningPoSt from when the deadline opens (post::window::proofs_due),
  // also when proving began before.
  std::vector<chain::SubmitWindowedPoStParams> prove_chunks(
      chain::FullNodeClient& node, const chain::MinerInfo& info, const chain::DeadlineInfo& dl,
      const std::vector<std::vector<std::uint64_t>>& chunks, const chain::TipSet& head,
      std::stop_token stop);
  // Sends each as a SubmitWindowedPoSt from the worker key.
  void submit_proofs(chain::FullNodeClient& node, const chain::MinerInfo& info,
                     const chain::DeadlineInfo& dl,
                     const std::vector<chain::SubmitWindowedPoStParams>& proofs);
  // DeclareFaults and DeclareFaultsRecovered for deadline `index` (lotus asyncFaultRecover).
  void declare_faults_and_recoveries(chain::FullNodeClient& node, const chain::Address& worker,
                                     std::uint64_t index, const chain::TipSetKey& head);
  void winning_loop(std::stop_token stop, chain::HeadTracker::Watch& heads);
  // The PoSt workers' prover for one deadline's partitions, falling back to this machine (one
  // partition at a time on ctx) when every worker fails, unless the builtin prover is disabled;
  // empty when no WindowPoSt worker is connected (prove_partitions then proves here).
  post::WindowPartitionProver window_workers(StageContext& ctx);
  // The same for one mining round, within `block_delay`.
  post::WinningProver winning_workers(StageContext& ctx, std::chrono::milliseconds block_delay);
  std::optional<post::SectorFiles> sector_files(std::uint64_t number);

  ProvingConfig config_;
  StoragePathsSubsystem& storage_;
  lease::MiningLease* lease_;
  post::PostWorkerPool& post_workers_;
  // This machine's paths first, then the machines the sector index names.
  post::window::SectorAccess access_;
  // The full node's head (ChainNotify), one watch per loop; declared before the loops' threads,
  // which hold its watches.
  std::optional<chain::HeadTracker> heads_;
  std::jthread window_;
  std::jthread winning_;
};

}  // namespace tessera::miner
