#include "miner/subsystems/sealing.hpp"

#include "chain/api/full_node_connect.hpp"
#include "common/log.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/workers/host_resources.hpp"

namespace tessera::miner {
namespace {

// lotus's block time, which turns a [Sealing] duration into epochs.
constexpr std::int64_t kEpochSeconds = 30;

}  // namespace

SealingConfig SealingConfig::from(const repo::Config& config, std::optional<ApiInfo> full_node,
                                  std::uint64_t miner_id) {
  SealingConfig out;
  out.enabled = config.get_bool("Subsystems", "EnableSealing");
  out.max_sealing_sectors =
      static_cast<std::uint64_t>(config.get_int("Sealing", "MaxSealingSectors"));
  out.cc_lifetime = config.get_duration("Sealing", "CommittedCapacitySectorLifetime");
  out.collateral = pipeline::CollateralPolicy{
      .from_miner_balance = config.get_bool("Sealing", "CollateralFromMinerBalance"),
      .available_balance_buffer =
          chain::parse_fil(config.get_string("Sealing", "AvailableBalanceBuffer")),
      .disable_fallback = config.get_bool("Sealing", "DisableCollateralFallback")};
  const auto millis = [&](std::string_view key) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        config.get_duration("Sealing", key));
  };
  // A batch size within what the actor takes: PreCommitSectorBatchMaxSize 256, and lotus's
  // MaxCommitBatch default 819 for ProveCommit.
  const auto batch_size = [&](std::string_view key, std::int64_t most) {
    const auto size = config.get_int("Sealing", key);
    if (size < 1 || size > most)
      throw InvalidInput("[Sealing] " + std::string(key) + " must be 1 to " + std::to_string(most) +
                         ", not " + std::to_string(size));
    return static_cast<std::size_t>(size);
  };
  out.batch_precommits = config.get_bool("Sealing", "BatchPreCommits");
  out.precommit_batch = pipeline::BatchOptions{.max_batch = batch_size("MaxPreCommitBatch", 256),
                                               .wait = millis("PreCommitBatchWait"),
                                               .slack = millis("PreCommitBatchSlack")};
  out.batch_commits = config.get_bool("Sealing", "AggregateCommits");
  out.commit_batch = pipeline::BatchOptions{.max_batch = batch_size("MaxCommitBatch", 819),
                                            .wait = millis("CommitBatchWait"),
                                            .slack = millis("CommitBatchSlack")};
  out.full_node = std::move(full_node);
  out.miner_id = miner_id;
  if (!out.enabled) return out;
  using workers::TaskType;
  // lotus's local worker: Fetch, C1 and the finalize tasks always, the rest by [Storage] Allow*.
  out.local_tasks = {TaskType::kCommit1, TaskType::kFinalize, TaskType::kFinalizeUnsealed,
                     TaskType::kFetch};
  if (config.get_bool("Storage", "AllowAddPiece")) out.local_tasks.insert(TaskType::kAddPiece);
  if (config.get_bool("Storage", "AllowPreCommit1")) out.local_tasks.insert(TaskType::kPreCommit1);
  if (config.get_bool("Storage", "AllowPreCommit2")) out.local_tasks.insert(TaskType::kPreCommit2);
  if (config.get_bool("Storage", "AllowCommit")) out.local_tasks.insert(TaskType::kCommit2);
  return out;
}

pipeline::PipelineOptions pipeline_options_for(const std::string& network_name,
                                               const SealingConfig& config,
                                               std::int64_t seal_proof) {
  pipeline::PipelineOptions options;
  options.miner_id = config.miner_id;
  options.seal_proof = seal_proof;
  options.max_sealing_sectors = config.max_sealing_sectors;
  options.collateral = config.collateral;
  options.batch_precommits = config.batch_precommits;
  options.precommit_batch = config.precommit_batch;
  options.batch_commits = config.batch_commits;
  options.commit_batch = config.commit_batch;
  options.sector_lifetime =
      std::chrono::duration_cast<std::chrono::seconds>(config.cc_lifetime).count() / kEpochSeconds;
  if (network_name != "mainnet" && network_name != "calibrationnet") {
    // lotus's 2k build: PreCommitChallengeDelay 10; a ticket a few epochs back (the devnet keeps
    // tickets for 200 epochs), the seed after one more epoch; failures retried after 3 s and
    // workers checked every 2 s, so a devnet cluster recovers quickly.
    options.ticket_lookback = 5;
    options.max_ticket_age = 200;
    options.precommit_challenge_delay = 10;
    options.seed_confidence = 1;
    options.max_prove_commit_duration = 300;
    options.chain_poll = std::chrono::milliseconds(200);
    options.retry_backoff = std::chrono::seconds(3);
  }
  return options;
}

SealingSubsystem::SealingSubsystem(SealingConfig config, datastore::MetadataStore& store,
                                   SectorIndexSubsystem& index, StoragePathsSubsystem& storage,
                                   SectorNumbersSubsystem& numbers, const Bytes& jwt_secret,
                                   jsonrpc::Registry& registry, post::PostWorkerPool& post_workers)
    : config_(std::move(config)),
      jwt_secret_(jwt_secret),
      store_(store),
      index_(index),
      storage_(storage),
      numbers_(numbers),
      post_workers_(post_workers),
      records_(store) {
  serve_sectors_api(registry, *this);
  register_worker_api(registry);
}

SealingSubsystem::~SealingSubsystem() {
  stop();
}

void SealingSubsystem::start() {
  auto logger = log::get("sectors");
  if (!config_.full_node) {
    off_reason_ = "the miner has no full node (set FULLNODE_API_INFO)";
    TLOG_WARN(logger, "sealing is off: {}", off_reason_);
    return;
  }
  try {
    start_pipeline();
  } catch (const std::exception& e) {
    // The miner's other roles keep running; pledge and the sector methods say why.
    off_reason_ = std::string("starting it failed: ") + e.what();
    TLOG_ERROR(logger, "sealing is off: {}", off_reason_);
    stop();
  }
}

void SealingSubsystem::start_pipeline() {
  auto logger = log::get("sectors");
  chain_ = std::make_unique<chain::FullNodeClient>(
      chain::connect_full_node(*config_.full_node, jsonrpc::Transport::kHttp));
  const auto miner = chain::Address::from_id(config_.miner_id);
  const auto info = chain_->state_miner_info(miner, {});
  const auto seal_proof = porep::seal_proof_for_size(info.sector_size).id;
  const auto network = chain_->state_network_name();
  const bool devnet = network != "mainnet" && network != "calibrationnet";
  workers::ManagerOptions manager_options{.calls_store = &store_};
  if (devnet) {
    manager_options.heartbeat = std::chrono::seconds(2);
    manager_options.give_up_after = std::chrono::seconds(20);
  }
  manager_ = std::make_unique<workers::Manager>(index_.index(), manager_options);
  if (!config_.local_tasks.empty()) {
    local_worker_ = std::make_shared<workers::LocalWorker>(
        workers::LocalWorkerConfig{workers::host_name(), config_.local_tasks,
                                   params::proof_mode_from_env(), config_.remote_token},
        storage_.local(), index_.index(), manager_.get());
    manager_->add_worker(local_worker_);
  }
  auto options = pipeline_options_for(network, config_, seal_proof);
  options.block_delay =
      std::chrono::seconds(std::max<std::uint64_t>(1, chain_->version().block_delay));
  pipeline_ = std::make_unique<pipeline::Pipeline>(std::move(options), records_, *manager_, *chain_,
                                                   numbers_.source());
  pipeline_->start();
  TLOG_INFO(logger, "sealing on {} with {} sectors ({}), local worker tasks: {}, proofs: {}",
            network, porep::seal_proof_info(seal_proof).name, info.sector_size,
            config_.local_tasks.size(), params::proof_mode_name(params::proof_mode_from_env()));
}

void SealingSubsystem::stop() {
  if (pipeline_) pipeline_->stop();
  if (manager_) manager_->stop();
  pipeline_.reset();
  local_worker_.reset();
  manager_.reset();
  chain_.reset();
}

pipeline::Pipeline& SealingSubsystem::running() {
  if (!pipeline_) throw InvalidInput("sealing is off: " + off_reason_);
  return *pipeline_;
}

std::vector<pipeline::BatchResult> SealingSubsystem::precommit_flush() {
  return running().precommit_flush();
}

std::vector<paths::SectorId> SealingSubsystem::precommit_pending() {
  return sector_ids(running().precommit_pending());
}

std::vector<pipeline::BatchResult> SealingSubsystem::commit_flush() {
  return running().commit_flush();
}

std::vector<paths::SectorId> SealingSubsystem::commit_pending() {
  return sector_ids(running().commit_pending());
}

std::vector<paths::SectorId> SealingSubsystem::sector_ids(
    const std::vector<std::uint64_t>& numbers) const {
  std::vector<paths::SectorId> out;
  for (const auto number : numbers) out.push_back(paths::SectorId{config_.miner_id, number});
  return out;
}

paths::SectorId SealingSubsystem::pledge() {
  return running().pledge();
}

std::vector<SectorListEntry> SealingSubsystem::list() {
  std::vector<SectorListEntry> out;
  if (pipeline_) {
    for (const auto number : pipeline_->list())
      if (const auto info = pipeline_->get(number)) out.push_back({number, info->state});
    return out;
  }
  for (const auto& [number, info] : records_.load_all()) out.push_back({number, info.state});
  return out;
}

std::optional<datastore::SectorInfo> SealingSubsystem::get(std::uint64_t number) {
  if (pipeline_) return pipeline_->get(number);
  const auto all = records_.load_all();
  const auto it = all.find(number);
  if (it == all.end()) return std::nullopt;
  return it->second;
}

void SealingSubsystem::force_state(std::uint64_t number, const std::string& state) {
  running().force_state(number, state);
}

void SealingSubsystem::remove(std::uint64_t number) {
  running().remove(number);
}

std::optional<OnChainSectorInfo> SealingSubsystem::on_chain(std::uint64_t number) {
  if (!chain_) throw InvalidInput("no full node to ask (FULLNODE_API_INFO)");
  const auto info =
      chain_->state_sector_get_info(chain::Address::from_id(config_.miner_id), number, {});
  if (!info) return std::nullopt;
  return on_chain_info_from(*info);
}

}  // namespace tessera::miner
