// The sealing subsystem ([Subsystems] EnableSealing): the sealing pipeline on the full node
// (FULLNODE_API_INFO), the worker manager with the miner's built-in local worker (its task types
// from [Storage] Allow*; none when EnableSealing is false, as on a PoSt-miner), and the API
// methods on them: the sector methods (PledgeSector, SectorsStatus, ...), WorkerStats,
// WorkerJobs and SealingAbort. Without a full node the methods answer that sealing is off.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "chain/api/full_node_client.hpp"
#include "common/api_info.hpp"
#include "common/jsonrpc/registry.hpp"
#include "miner/sectors_api.hpp"
#include "miner/subsystem.hpp"
#include "miner/subsystems/sector_index.hpp"
#include "miner/subsystems/sector_numbers.hpp"
#include "miner/subsystems/storage_paths.hpp"
#include "post/post_worker_pool.hpp"
#include "sealing/pipeline/pipeline.hpp"
#include "sealing/workers/local_worker.hpp"
#include "sealing/workers/manager.hpp"
#include "storage/repo/config.hpp"

namespace tessera::miner {

struct SealingConfig {
  bool enabled = true;                      // [Subsystems] EnableSealing
  std::uint64_t max_sealing_sectors = 0;    // [Sealing] MaxSealingSectors
  std::chrono::nanoseconds cc_lifetime{};   // [Sealing] CommittedCapacitySectorLifetime
  // [Sealing] CollateralFromMinerBalance, AvailableBalanceBuffer, DisableCollateralFallback.
  pipeline::CollateralPolicy collateral;
  // [Sealing] BatchPreCommits, MaxPreCommitBatch, PreCommitBatchWait, PreCommitBatchSlack;
  // AggregateCommits, MaxCommitBatch, CommitBatchWait, CommitBatchSlack.
  bool batch_precommits = true;
  pipeline::BatchOptions precommit_batch;
  bool batch_commits = true;
  pipeline::BatchOptions commit_batch;
  std::set<workers::TaskType> local_tasks;  // [Storage] Allow*: the built-in worker's tasks
  std::optional<ApiInfo> full_node;         // FULLNODE_API_INFO
  std::uint64_t miner_id = 0;
  // The repo's admin token (the cluster's JWT secret): the built-in worker's MoveStorage
  // fetches sector files from workers' /remote with it.
  std::string remote_token;

  // InvalidInput for an AvailableBalanceBuffer that is not a FIL amount, a MaxPreCommitBatch
  // outside 1..256 or a MaxCommitBatch outside 1..819.
  static SealingConfig from(const repo::Config& config, std::optional<ApiInfo> full_node,
                            std::uint64_t miner_id);
};

// Chain policy by network name: mainnet and calibrationnet use lotus's mainnet values; any
// other network (a devnet) lotus's 2k-build values.
pipeline::PipelineOptions pipeline_options_for(const std::string& network_name,
                                               const SealingConfig& config,
                                               std::int64_t seal_proof);

class SealingSubsystem final : public Subsystem, public SectorsBackend {
 public:
  // Every reference must outlive this; registers the API methods. PoSt workers connecting
  // (WorkerConnect from a lotus-worker --windowpost|--winningpost) go to post_workers.
  SealingSubsystem(SealingConfig config, datastore::MetadataStore& store,
                   SectorIndexSubsystem& index, StoragePathsSubsystem& storage,
                   SectorNumbersSubsystem& numbers, const Bytes& jwt_secret,
                   jsonrpc::Registry& registry, post::PostWorkerPool& post_workers);
  ~SealingSubsystem() override;

  std::string_view name() const override { return "sealing"; }
  // Connects to the full node, reads the miner's sector size, starts the manager, the local
  // worker and the pipeline (which resumes every unfinished sector). When that fails (node
  // unreachable or lacking a method) sealing stays off, logged, and the miner runs its other
  // roles; pledge and the sector methods answer why.
  void start() override;
  void stop() override;

  // SectorsBackend
  paths::SectorId pledge() override;
  std::vector<SectorListEntry> list() override;
  std::optional<datastore::SectorInfo> get(std::uint64_t number) override;
  void force_state(std::uint64_t number, const std::string& state) override;
  void remove(std::uint64_t number) override;
  std::optional<OnChainSectorInfo> on_chain(std::uint64_t number) override;
  std::vector<pipeline::BatchResult> precommit_flush() override;
  std::vector<paths::SectorId> precommit_pending() override;
  std::vector<pipeline::BatchResult> commit_flush() override;
  std::vector<paths::SectorId> commit_pending() override;

 private:
  // Sector numbers as this miner's sector IDs.
  std::vector<paths::SectorId> sector_ids(const std::vector<std::uint64_t>& numbers) const;
  pipeline::Pipeline& running();
  void start_pipeline();
  workers::Manager& manager();
  // WorkerConnect, WorkerStats, WorkerJobs, SealingAbort, SealingSchedDiag,
  // SealingRemoveRequest and the Return* methods (sealing_api.cpp).
  void register_worker_api(jsonrpc::Registry& registry);
  // lotus WorkerConnect: connects back to the worker's /rpc/v0 with an admin token of this
  // miner, checks its version and hands it to the manager, or to post_workers when its task
  // types are PoSt (lotus keeps PoSt workers in their own schedulers).
  void connect_worker(const std::string& url);
  // WorkerStats: the manager's workers and the PoSt workers, by session.
  std::map<std::string, workers::WorkerStats> worker_stats();

  SealingConfig config_;
  Bytes jwt_secret_;
  std::string off_reason_;  // why the pipeline is not running
  datastore::MetadataStore& store_;
  SectorIndexSubsystem& index_;
  StoragePathsSubsystem& storage_;
  SectorNumbersSubsystem& numbers_;
  post::PostWorkerPool& post_workers_;
  // The PoSt workers' stats as they connected, by the pool's address (WorkerStats lists them,
  // disabled while they rest after a failure).
  std::mutex post_stats_mu_;
  std::map<std::string, std::pair<std::string, workers::WorkerStats>> post_stats_;
  pipeline::SectorStore records_;
  std::unique_ptr<chain::FullNodeClient> chain_;
  std::unique_ptr<workers::Manager> manager_;
  std::shared_ptr<workers::LocalWorker> local_worker_;
  std::unique_ptr<pipeline::Pipeline> pipeline_;
};

}  // namespace tessera::miner
