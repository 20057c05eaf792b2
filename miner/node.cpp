#include "miner/node.hpp"

#include <pthread.h>
#include <signal.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "chain/types/id_address.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "common/log.hpp"
#include "miner/common_api.hpp"
#include "miner/miner_api.hpp"
#include "miner/version.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/datastore/miner_records.hpp"
#include "storage/repo/keystore.hpp"
#include "storage/repo/repo.hpp"

namespace tessera::miner {
namespace {

// Blocks SIGINT/SIGTERM in every thread and turns them into a shutdown request on a thread of
// its own, so no code runs inside a signal handler.
class SignalWatcher {
 public:
  explicit SignalWatcher(std::function<void(int)> on_signal) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGUSR1);  // used only to wake the watcher at exit
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    thread_ = std::thread([this, on_signal = std::move(on_signal)] {
      while (true) {
        int sig = 0;
        if (sigwait(&set_, &sig) != 0 || sig == SIGUSR1) return;
        on_signal(sig);
      }
    });
  }
  ~SignalWatcher() {
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
  }

 private:
  sigset_t set_;
  std::thread thread_;
};

// The JWT secret from the keystore; created on the first run together with an admin token
// written to <repo>/token, as lotus does.
Bytes load_or_create_jwt_secret(repo::LockedRepo& repo) {
  auto& keystore = repo.keystore();
  if (keystore.has(repo::kJwtKeyName)) return keystore.get(repo::kJwtKeyName).private_key;
  auto key = repo::generate_jwt_secret();
  keystore.put(repo::kJwtKeyName, key);
  repo.set_api_token(jwt::sign_token(key.private_key, jwt::perms_up_to(jwt::kAdmin)));
  TLOG_INFO(log::get("modules"), "generated a new JWT secret and admin token in {}",
            repo.path().string());
  return key.private_key;
}

std::pair<std::string, std::uint16_t> listen_endpoint(const NodeOptions& options,
                                                      const repo::Config& config) {
  if (options.api_port) return {"127.0.0.1", *options.api_port};
  return parse_listen_multiaddr(config.get_string("API", "ListenAddress"));
}

}  // namespace

int run_node(const NodeOptions& options) {
  auto logger = log::get("main");
  if (!repo::Repo::exists(options.repo_path)) {
    throw NotFound("repo at '" + options.repo_path.string() +
                   "' is not initialized, run 'lotus-miner init' to set it up");
  }
  auto locked = repo::Repo::lock(options.repo_path);
  auto config = locked->config();
  auto store = datastore::MetadataStore::open(locked->datastore_path("metadata"));
  auto miner_id = datastore::read_miner_id(*store);
  if (!miner_id) throw NotFound("miner address not found in the metadata datastore; run 'lotus-miner init'");

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

  CommonApiState common(load_or_create_jwt_secret(*locked), request_stop);
  jsonrpc::Registry registry;
  register_common_api(registry, common);
  register_miner_api(registry, MinerApiState{*miner_id});
  register_discover(registry);

  auto [host, port] = listen_endpoint(options, config);
  jsonrpc::Server server(registry, jsonrpc::Authenticator(common.jwt_secret()),
                         jsonrpc::ServerOptions{.host = host, .port = port, .threads = 4});
  auto bound_port = server.start();
  auto endpoint = multiaddr_for(host, bound_port);
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
  store.reset();
  locked->close();
  TLOG_INFO(logger, "graceful shutdown successful");
  return 0;
}

}  // namespace tessera::miner
