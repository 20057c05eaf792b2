// The PoSt subsystem of a miner with --window-post and/or --winning-post. The WindowPoSt loop
// (lotus storage/wdpost) takes each deadline of the miner once it is open (its challenge then
// lies challenge_lookback epochs back): it proves the open deadline's partitions with
// post::window::prove_partitions and submits SubmitWindowedPoSt from the worker key (again when
// the chain still lacks a partition SubmitConfidence epochs later: the message was reverted or
// dropped), then declares the faults and recoveries of the deadline two ahead (post::window
// faults_to_declare / recoveries_to_declare). The mining loop (lotus miner/miner.go) runs
// post::winning::mine_round on each new head, then SyncSubmitBlock, while it holds the actor's
// mining lease (lease::LeaseKeeper; a second --winning-post process for the actor stands by until
// the lease lapses). WinningPoSt and WindowPoSt run in their compute lanes
// (gpu::ComputeLanes::process()). Each sector's vanilla proofs come from this miner's storage paths
// when they hold its files, otherwise from the /remote of the machine the sector index names (a
// PoSt-miner proving what Seal-miners sealed). Both loops log and retry on errors; neither stops
// the miner.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "chain/api/full_node_client.hpp"
#include "common/api_info.hpp"
#include "miner/proving_api.hpp"
#include "miner/subsystem.hpp"
#include "miner/subsystems/sector_index.hpp"
#include "miner/subsystems/storage_paths.hpp"
#include "post/bounded_calls.hpp"
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

  // InvalidInput for bad [Proving] limits (post::CheckLimits::from).
  static ProvingConfig from(const repo::Config& config, bool window_post, bool winning_post,
                            std::optional<ApiInfo> full_node, std::uint64_t miner_id,
                            std::string cluster_token, std::string lease_holder);
};

class ProvingSubsystem final : public Subsystem {
 public:
  // index, storage and lease (when given: nullptr mines without one) must outlive this.
  ProvingSubsystem(ProvingConfig config, SectorIndexSubsystem& index,
                   StoragePathsSubsystem& storage, lease::MiningLease* lease);
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
  void window_loop(std::stop_token stop);
  // Proves the open deadline's partitions the chain does not show proven and submits them, at
  // most max_partitions_per_message per SubmitWindowedPoSt; returns how many it submitted.
  std::size_t prove_deadline(chain::FullNodeClient& node, const chain::MinerInfo& info,
                             const chain::DeadlineInfo& dl, const chain::TipSetKey& head,
                             std::stop_token stop);
  // DeclareFaults and DeclareFaultsRecovered for deadline `index` (lotus asyncFaultRecover).
  void declare_faults_and_recoveries(chain::FullNodeClient& node, const chain::Address& worker,
                                     std::uint64_t index, const chain::TipSetKey& head);
  void winning_loop(std::stop_token stop);
  // Sleeps for `d` or until stop is requested; false when it was.
  bool pause(std::stop_token stop, std::chrono::milliseconds d);
  std::optional<post::SectorFiles> sector_files(std::uint64_t number);

  ProvingConfig config_;
  StoragePathsSubsystem& storage_;
  lease::MiningLease* lease_;
  // This machine's paths first, then the machines the sector index names.
  post::window::SectorAccess access_;
  std::mutex mu_;
  std::condition_variable_any wake_;
  std::jthread window_;
  std::jthread winning_;
};

}  // namespace tessera::miner
