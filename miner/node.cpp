#include "miner/node.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "chain/api/full_node_connect.hpp"
#include "chain/types/id_address.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/log.hpp"
#include "common/signal_watcher.hpp"
#include "miner/common_api.hpp"
#include "miner/miner_api.hpp"
#include "miner/remote_index.hpp"
#include "miner/sector_number_client.hpp"
#include "miner/sector_number_service.hpp"
#include "miner/storage_api.hpp"
#include "miner/version.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/datastore/miner_records.hpp"
#include "storage/paths/remote_handler.hpp"
#include "storage/paths/storage_config.hpp"
#include "storage/repo/keystore.hpp"
#include "storage/repo/repo.hpp"

namespace tessera::miner {
namespace {

// Hands a restarted root's "announce again" to the local paths while they exist.
class Announcer {
 public:
  void run() {
    std::lock_guard lock(mu_);
    if (paths_) paths_->announce_all();
  }
  // Connects the paths for the scope's lifetime.
  class Scope {
   public:
    Scope(Announcer& a, paths::LocalPaths& p) : a_(a) { a_.set(&p); }
    ~Scope() { a_.set(nullptr); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Announcer& a_;
  };

 private:
  void set(paths::LocalPaths* p) {
    std::lock_guard lock(mu_);
    paths_ = p;
  }
  std::mutex mu_;
  paths::LocalPaths* paths_ = nullptr;
};

std::pair<std::string, std::uint16_t> listen_endpoint(const NodeOptions& options,
                                                      const repo::Config& config) {
  if (options.api_port) return {"127.0.0.1", *options.api_port};
  return parse_listen_multiaddr(config.get_string("API", "ListenAddress"));
}

// How long a --sctype=get miner keeps re-sending an allocation the service does not answer
// (it is being restarted, say) before the call fails.
constexpr auto kServiceRetryFor = std::chrono::seconds(60);

// Seeds sector numbers with the miner actor's allocated ones when FULLNODE_API_INFO points at a
// reachable chain (a lotus node or tessera's devnet); logs and goes on when none is.
void seed_from_chain(sectorid::SectorNumberAssigner& assigner, std::uint64_t miner_id) {
  auto logger = log::get("sectorid");
  auto info = api_info_from_env({"FULLNODE_API_INFO"});
  if (!info) {
    TLOG_INFO(logger, "FULLNODE_API_INFO not set: sector numbers not seeded from the chain");
    return;
  }
  try {
    auto chain = chain::connect_full_node(*info);
    auto allocated = chain.state_miner_allocated(chain::Address::from_id(miner_id), {});
    assigner.seed(allocated);
    TLOG_INFO(logger, "seeded sector numbers from the chain: {} allocated on chain",
              allocated.count());
  } catch (const Error& e) {
    TLOG_WARN(logger, "chain at {} not reachable, sector numbers not seeded from it: {}",
              info->address, e.what());
  }
}

// The fork's log lines for the roles this process leaves to others.
void log_roles(const RoleOptions& roles) {
  auto logger = log::get("main");
  if (!roles.p2p) TLOG_INFO(logger, "This miner will be disable p2p");
  if (!roles.winning_post) TLOG_INFO(logger, "This miner will be disable minning block function.");
  if (!roles.window_post) TLOG_INFO(logger, "This miner will be disable windowPoSt.");
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
  parse_host_port(roles.sclisten);
}

int run_node(const NodeOptions& options) {
  validate_roles(options.roles);
  auto logger = log::get("main");
  if (!repo::Repo::exists(options.repo_path)) {
    throw NotFound("repo at '" + options.repo_path.string() +
                   "' is not initialized, run 'lotus-miner init' to set it up");
  }
  auto locked = repo::Repo::lock(options.repo_path);
  auto config = locked->config();
  auto store = datastore::MetadataStore::open(locked->datastore_path("metadata"));
  auto miner_id = datastore::read_miner_id(*store);
  if (!miner_id)
    throw NotFound("miner address not found in the metadata datastore; run 'lotus-miner init'");

  std::mutex mu;
  std::condition_variable stop_cv;
  bool stop_requested = false;
  auto request_stop = [&] {
    std::lock_guard lock(mu);
    stop_requested = true;
    stop_cv.notify_all();
  };
  SignalWatcher signals([&](int sig) {
    TLOG_WARN(logger, "received signal {}, shutting down...", sig);
    request_stop();
  });

  CommonApiState common(repo::load_or_create_jwt_secret(*locked), request_stop);
  jsonrpc::Registry registry;
  register_common_api(registry, common);
  const RoleOptions roles = effective_roles(options.roles, config);
  register_miner_api(registry, MinerApiState{*miner_id, enabled_subsystems(config, roles)});
  // Sector numbers: a --sctype=get miner takes them, and keeps its reservations, only in the
  // service; any other miner in its own datastore (the alloce one serves that to the others).
  sectorid::SectorNumberAssigner numbers_assigner(*store);
  std::unique_ptr<SectorNumberClient> numbers_client;
  if (options.roles.sctype == "get") {
    auto [sc_host, sc_port] = parse_host_port(options.roles.sclisten);
    const ApiInfo service{locked->api_token(), multiaddr_for(sc_host, sc_port)};
    check_sector_number_service(service, std::chrono::seconds(10));
    numbers_client = std::make_unique<SectorNumberClient>(service, kServiceRetryFor);
    TLOG_INFO(logger, "using the sector number service at {}", options.roles.sclisten);
  }
  register_sector_number_api(
      registry, numbers_client ? static_cast<sectorid::SectorNumberSource&>(*numbers_client)
                               : numbers_assigner);
  // The sector index: this miner's own, or the root miner's (SectorIndexApiInfo).
  const std::string index_api = config.get_string("Subsystems", "SectorIndexApiInfo");
  std::unique_ptr<paths::SectorIndex> own_index;
  std::unique_ptr<RemoteIndex> remote_index;
  Announcer announcer;
  if (index_api.empty()) {
    own_index = std::make_unique<paths::SectorIndex>(store.get());
    register_index_updates(registry, *own_index);
  } else {
    remote_index =
        std::make_unique<RemoteIndex>(parse_api_info(index_api), [&announcer] { announcer.run(); });
    remote_index->start();
  }
  paths::IndexApi& index = own_index ? static_cast<paths::IndexApi&>(*own_index) : *remote_index;
  paths::LocalPaths local_paths(index, options.repo_path / paths::kStorageConfigFileName);
  register_storage_api(registry, index, local_paths);
  paths::SectorLocks sector_locks;
  register_lock_api(registry, sector_locks);
  const Announcer::Scope announcing(announcer, local_paths);  // ends before local_paths does
  register_discover(registry);

  log_roles(roles);
  std::unique_ptr<SectorNumberService> numbers;
  if (options.roles.sctype == "alloce") {
    numbers = std::make_unique<SectorNumberService>(numbers_assigner, common.jwt_secret(),
                                                    options.roles.sclisten);
    seed_from_fork_file(numbers_assigner, options.repo_path);
    seed_from_chain(numbers_assigner, *miner_id);
    numbers->start();
    TLOG_INFO(logger, "sector number service listening on {}", options.roles.sclisten);
  }

  auto [host, port] = listen_endpoint(options, config);
  jsonrpc::Server server(registry, jsonrpc::Authenticator(common.jwt_secret()),
                         jsonrpc::ServerOptions{.host = host, .port = port, .threads = 4});
  server.add_http_route("/remote",
                        paths::make_remote_route(paths::RemoteStore{
                            [&local_paths](paths::FileType t, const paths::SectorId& s) {
                              return local_paths.find_file(t, s);
                            },
                            [&local_paths](const std::string& id) { return local_paths.stat(id); },
                            [&local_paths](paths::FileType t, const paths::SectorId& s,
                                           const std::vector<std::string>& keep) {
                              return local_paths.remove(t, s, keep);
                            }}));
  auto bound_port = server.start();
  auto endpoint = multiaddr_for(host, bound_port);
  local_paths.open_all("http://" + host + ":" + std::to_string(bound_port) + "/remote");
  local_paths.start_heartbeat();
  locked->set_api_endpoint(endpoint);
  TLOG_INFO(logger, "tessera lotus-miner {} for miner {} (repo {})", kBuildVersion,
            chain::format_id_address(*miner_id, chain::Network::kMainnet),
            options.repo_path.string());
  TLOG_INFO(logger, "API server listening at {} (session {})", endpoint, common.session());

  {
    std::unique_lock lock(mu);
    stop_cv.wait(lock, [&] { return stop_requested; });
  }
  TLOG_INFO(logger, "shutting down: closing API and datastore");
  common.close_subscribers();
  server.stop();
  if (numbers) numbers->stop();
  store.reset();
  locked->close();
  TLOG_INFO(logger, "graceful shutdown successful");
  return 0;
}

}  // namespace tessera::miner
