#include "sealing/workers/worker_process.hpp"

#include <map>
#include <mutex>

#include "common/api/common_api.hpp"
#include "common/file_util.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/log.hpp"
#include "common/signal_watcher.hpp"
#include "common/stop_signal.hpp"
#include "common/uuid.hpp"
#include "sealing/workers/miner_return_sink.hpp"
#include "sealing/workers/worker_api.hpp"
#include "sealing/workers/worker_server.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/index/remote_index.hpp"
#include "storage/paths/local_paths.hpp"
#include "storage/paths/local_storage_meta.hpp"
#include "storage/paths/remote_handler.hpp"
#include "storage/paths/storage_config.hpp"

namespace tessera::workers {
namespace {

// Writes the worker repo's storage.json when it has none (lotus-worker run does on first start):
// lotus-worker's default path, the repo itself for sealing only (weight 10), or no path with
// --no-local-storage.
void init_storage_config(const std::filesystem::path& repo, bool no_local_storage) {
  const auto storage_json = repo / paths::kStorageConfigFileName;
  if (std::filesystem::exists(storage_json)) return;
  if (no_local_storage) {
    paths::write_storage_config(storage_json, paths::StorageConfig{});
    return;
  }
  if (!std::filesystem::exists(repo / paths::kMetaFileName))
    paths::write_local_storage_meta(
        repo / paths::kMetaFileName,
        paths::LocalStorageMeta{.id = new_uuid_v4(), .weight = 10, .can_seal = true});
  paths::write_storage_config(storage_json, paths::StorageConfig{{repo.string()}});
}

// Checks incoming tokens with the miner's AuthVerify, remembering the answers.
class MinerTokenVerifier {
 public:
  explicit MinerTokenVerifier(jsonrpc::Client& miner) : miner_(miner) {}
  std::vector<std::string> operator()(std::string_view token) {
    {
      std::lock_guard lock(mu_);
      const auto it = known_.find(std::string(token));
      if (it != known_.end()) return it->second;
    }
    auto perms = api::call(miner_, api::kAuthVerify, std::string(token));
    std::lock_guard lock(mu_);
    known_[std::string(token)] = perms;
    return perms;
  }

 private:
  jsonrpc::Client& miner_;
  std::mutex mu_;
  std::map<std::string, std::vector<std::string>, std::less<>> known_;
};

// Calls the miner until it answers its Session (lotus retries every second).
std::string wait_for_miner(jsonrpc::Client& miner, StopSignal& stop) {
  auto logger = log::get("worker");
  for (int attempt = 0;; ++attempt) {
    try {
      return api::call(miner, api::kSession);
    } catch (const PermissionDenied&) {
      throw;
    } catch (const std::exception& e) {
      if (attempt % 10 == 0) TLOG_WARN(logger, "waiting for the miner: {}", e.what());
    }
    if (stop.wait_for(std::chrono::seconds(1)))
      throw Cancelled("stopped before the miner answered");
  }
}

}  // namespace

int run_worker_process(const WorkerProcessOptions& options) {
  auto logger = log::get("worker");
  std::filesystem::create_directories(options.repo);
  StopSignal stop;
  SignalWatcher signals([&](int sig) {
    TLOG_WARN(logger, "received signal {}, shutting down...", sig);
    stop.request();
  });
  auto miner = jsonrpc::Client::connect(options.miner, jsonrpc::Transport::kHttp);
  std::string miner_session = wait_for_miner(*miner, stop);
  init_storage_config(options.repo, options.no_local_storage);

  auto store = datastore::MetadataStore::open(options.repo / "datastore");
  paths::RemoteIndex index(options.miner, nullptr);
  index.start();

  const std::string advertised =
      options.listen_host == "0.0.0.0" ? options.miner.host() : options.listen_host;
  jsonrpc::Registry registry;
  MinerTokenVerifier verifier(*miner);
  jsonrpc::Server server(
      registry,
      jsonrpc::Authenticator([&verifier](std::string_view token) { return verifier(token); }),
      jsonrpc::ServerOptions{
          .host = options.listen_host, .port = options.listen_port, .rpc_paths = {"/rpc/v0"}});
  const auto port = server.listen();
  const std::string base_url = "http://" + advertised + ":" + std::to_string(port);

  paths::LocalPaths local(index, options.repo / paths::kStorageConfigFileName);
  local.open_all(base_url + "/remote");
  server.add_http_route(
      "/remote", paths::make_remote_route(paths::remote_store_of(local, options.single_vanilla)));
  local.start_heartbeat();

  MinerReturnSink sink(*miner, *store, options.return_retry);
  LocalWorker worker(LocalWorkerConfig{options.hostname, options.tasks,
                                       params::proof_mode_from_env(), options.miner.token},
                     local, index, &sink);
  WorkerControl control;
  control.shutdown = [&stop] { stop.request(); };
  register_worker_api(registry, worker, local, control);
  if (options.post_api) options.post_api(registry, local, index);
  sink.resume();
  server.start();
  write_file_atomic(options.repo / "api", multiaddr_for(advertised, port) + "\n", 0644);
  write_file_atomic(options.repo / "token", options.miner.token, 0600);

  const std::string rpc_url = base_url + "/rpc/v0";
  api::call(*miner, kWorkerConnect, rpc_url);
  TLOG_INFO(
      logger, "worker {} connected to the miner at {}: serving {} (session {}), {} task types",
      options.hostname, options.miner.address, rpc_url, worker.session(), options.tasks.size());

  while (!stop.wait_for(options.heartbeat)) {
    try {
      const auto now = api::call_within(std::chrono::seconds(5), *miner, api::kSession);
      if (now == miner_session) continue;
      TLOG_WARN(logger, "the miner restarted (session {}): declaring storage and reconnecting",
                now);
      local.announce_all();
      api::call(*miner, kWorkerConnect, rpc_url);
      miner_session = now;
    } catch (const std::exception& e) {
      TLOG_WARN(logger, "miner heartbeat failed: {}", e.what());
    }
  }
  TLOG_INFO(logger, "shutting down: waiting for running calls");
  control.enabled = false;
  local.stop_heartbeat();
  server.stop();
  index.stop();
  return 0;
}

}  // namespace tessera::workers
