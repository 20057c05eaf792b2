#include "miner/node.hpp"

#include <memory>
#include <vector>

#include "chain/types/id_address.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/log.hpp"
#include "common/signal_watcher.hpp"
#include "common/stop_signal.hpp"
#include "crypto/sha256.hpp"
#include "miner/common_api.hpp"
#include "miner/miner_api.hpp"
#include "miner/proving_api.hpp"
#include "miner/subsystems/api_server.hpp"
#include "miner/subsystems/proving.hpp"
#include "miner/subsystems/sealing.hpp"
#include "miner/subsystems/sector_index.hpp"
#include "miner/subsystems/sector_numbers.hpp"
#include "miner/subsystems/storage_paths.hpp"
#include "miner/version.hpp"
#include "post/post_worker_pool.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/datastore/miner_records.hpp"
#include "storage/lease/lease_keeper.hpp"
#include "storage/paths/storage_config.hpp"
#include "storage/repo/keystore.hpp"
#include "storage/repo/repo.hpp"
#include "storage/sectorid/number_service.hpp"

namespace tessera::miner {
namespace {

// The fork's log lines for the roles this process leaves to others.
void log_roles(const RoleOptions& roles) {
  auto logger = log::get("main");
  if (!roles.p2p) TLOG_INFO(logger, "This miner will be disable p2p");
  if (!roles.winning_post) TLOG_INFO(logger, "This miner will be disable minning block function.");
  if (!roles.window_post) TLOG_INFO(logger, "This miner will be disable windowPoSt.");
}

// The subsystems in start order; stopped in the reverse order, each at most once.
class Subsystems {
 public:
  Subsystems() = default;
  Subsystems(const Subsystems&) = delete;
  Subsystems& operator=(const Subsystems&) = delete;
  ~Subsystems() { stop(); }

  // Starts each in order; when one fails, stops those already started and rethrows.
  void start(const std::vector<Subsystem*>& order) {
    for (Subsystem* subsystem : order) {
      try {
        subsystem->start();
      } catch (...) {
        stop();
        throw;
      }
      started_.push_back(subsystem);
    }
  }

  void stop() {
    while (!started_.empty()) {
      TLOG_DEBUG(log::get("main"), "stopping {}", started_.back()->name());
      started_.back()->stop();
      started_.pop_back();
    }
  }

 private:
  std::vector<Subsystem*> started_;
};

// The mining lease holder ID of the miner on repo: this host and the first 8 hex digits of
// SHA-256 of the repo's absolute path, the same on every start.
std::string lease_holder(const std::filesystem::path& repo) {
  const std::string path = std::filesystem::absolute(repo).lexically_normal().string();
  const auto digest =
      crypto::sha256(reinterpret_cast<const std::uint8_t*>(path.data()), path.size());
  return lease::make_holder_id(hex_encode(Bytes(digest.begin(), digest.begin() + 4)));
}

// CheckProvable and ComputeWindowPoSt served by `proving`, which answers NotImplemented when
// this process has no full node.
ProvingApi proving_api(ProvingSubsystem& proving) {
  return ProvingApi{.check_provable =
                        [&proving](std::int64_t post_proof, const std::vector<SectorRef>& sectors) {
                          return proving.check_provable(post_proof, sectors);
                        },
                    .compute_window_post =
                        [&proving](std::uint64_t deadline, const chain::TipSetKey& at) {
                          return proving.compute_window_post(deadline, at);
                        }};
}

}  // namespace

RoleOptions effective_roles(RoleOptions flags, const repo::Config& config) {
  if (config.get_bool("Subsystems", "DisableWindowPoSt")) flags.window_post = false;
  if (config.get_bool("Subsystems", "DisableWinningPoSt") ||
      !config.get_bool("Subsystems", "EnableMining"))
    flags.winning_post = false;
  return flags;
}

void validate_roles(const RoleOptions& roles) {
  if (roles.sctype.empty()) {
    if (!roles.sclisten.empty()) throw InvalidInput("--sclisten needs --sctype=alloce|get");
    return;
  }
  if (roles.sctype != "alloce" && roles.sctype != "get") {
    throw InvalidInput("--sctype must be alloce or get, got \"" + roles.sctype + "\"");
  }
  if (roles.sclisten.empty())
    throw InvalidInput("--sctype=" + roles.sctype + " needs --sclisten=IP:PORT");
  sectorid::parse_host_port(roles.sclisten);
}

int run_node(const NodeOptions& options) {
  validate_roles(options.roles);
  auto logger = log::get("main");
  if (!repo::Repo::exists(options.repo_path)) {
    throw NotFound("repo at '" + options.repo_path.string() +
                   "' is not initialized, run 'lotus-miner init' to set it up");
  }
  auto locked = repo::Repo::lock(options.repo_path);
  const auto config = locked->config();
  auto store = datastore::MetadataStore::open(locked->datastore_path("metadata"));
  const auto miner_id = datastore::read_miner_id(*store);
  if (!miner_id)
    throw NotFound("miner address not found in the metadata datastore; run 'lotus-miner init'");

  StopSignal stop;  // Filecoin.Shutdown, SIGINT, SIGTERM
  SignalWatcher signals([&](int sig) {
    TLOG_WARN(logger, "received signal {}, shutting down...", sig);
    stop.request();
  });
  const RoleOptions roles = effective_roles(options.roles, config);
  CommonApiState common(repo::load_or_create_jwt_secret(*locked), [&stop] { stop.request(); });

  {
    // Declared in dependency order, so each is destroyed before what it uses; all of them go
    // before the datastore and the repo lock.
    jsonrpc::Registry registry;
    register_common_api(registry, common);
    register_miner_api(registry, MinerApiState{*miner_id, enabled_subsystems(config, roles)});
    ApiServer api(ApiServerConfig::from(config, options.api_port), registry, common.jwt_secret());
    SectorIndexSubsystem index(SectorIndexConfig::from(config), *store, registry);
    SectorNumbersSubsystem numbers(
        SectorNumbersConfig{options.roles.sctype, options.roles.sclisten, options.repo_path,
                            locked->api_token(), *miner_id},
        *store, common.jwt_secret(), registry);
    StoragePathsSubsystem storage_paths(
        StoragePathsConfig{options.repo_path / paths::kStorageConfigFileName}, index, api,
        registry);
    post::PostWorkerPool post_workers;
    auto sealing_config =
        SealingConfig::from(config, api_info_from_env({"FULLNODE_API_INFO"}), *miner_id);
    sealing_config.remote_token = locked->api_token();
    SealingSubsystem sealing(std::move(sealing_config), *store, index, storage_paths, numbers,
                             common.jwt_secret(), registry, post_workers);
    ProvingSubsystem proving(
        ProvingConfig::from(config, roles.window_post, roles.winning_post,
                            api_info_from_env({"FULLNODE_API_INFO"}), *miner_id,
                            locked->api_token(), lease_holder(options.repo_path)),
        index, storage_paths, numbers.mining_lease(), post_workers);
    register_proving_api(registry, proving_api(proving));
    register_discover(registry);

    log_roles(roles);
    Subsystems running;
    running.start({&index, &numbers, &storage_paths, &sealing, &proving, &api});
    locked->set_api_endpoint(api.multiaddr());
    TLOG_INFO(logger, "tessera lotus-miner {} for miner {} (repo {})", kBuildVersion,
              chain::format_id_address(*miner_id, chain::Network::kMainnet),
              options.repo_path.string());
    TLOG_INFO(logger, "API server listening at {} (session {})", api.multiaddr(), common.session());

    stop.wait();
    TLOG_INFO(logger, "shutting down: closing API and datastore");
    common.close_subscribers();
    running.stop();
  }
  store.reset();
  locked->close();
  TLOG_INFO(logger, "graceful shutdown successful");
  return 0;
}

}  // namespace tessera::miner
