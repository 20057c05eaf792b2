#include "devnet/devnet_daemon.hpp"

#include "devnet/devnet.hpp"
#include "devnet/devnet_api.hpp"
#include "common/api/common_api.hpp"
#include "common/api_info.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/log.hpp"
#include "common/signal_watcher.hpp"
#include "common/stop_signal.hpp"
#include "sealing/params/parameter_cache.hpp"
#include "storage/repo/repo.hpp"

namespace tessera::chain::devnet {
namespace {

// lotus api/version.go FullAPIVersion1.
constexpr std::uint32_t kFullApiVersion = (2u << 16) | (3u << 8);

void register_version(jsonrpc::Registry& registry, std::uint64_t block_delay_secs) {
  api::serve(registry, api::kVersion, [block_delay_secs] {
    return api::VersionInfo{"1.28.0+tessera-devnet", kFullApiVersion, block_delay_secs};
  });
}

}  // namespace

int run_devnet(const DaemonOptions& options) {
  auto logger = log::get("devnet");
  chain::set_wire_network(chain::Network::kTestnet);  // a devnet's addresses read "t…"
  std::filesystem::create_directories(options.repo / "keystore");
  auto locked = repo::Repo::lock(options.repo);

  StopSignal stop;
  SignalWatcher signals([&](int sig) {
    TLOG_WARN(logger, "received signal {}, shutting down...", sig);
    stop.request();
  });

  Devnet devnet(DevnetOptions{options.repo, options.params, options.wallet_keys});
  const Bytes secret = repo::load_or_create_jwt_secret(*locked);
  jsonrpc::Registry registry;
  register_version(registry, static_cast<std::uint64_t>(std::max<std::int64_t>(
                                 1, options.params.epoch_duration.count() / 1000)));
  register_full_node_api(registry, devnet);
  // Handlers (StateWaitMsg among them) wait on the server's call pool, not its network threads.
  jsonrpc::Server server(registry, jsonrpc::Authenticator(secret),
                         jsonrpc::ServerOptions{.host = "127.0.0.1",
                                                .port = options.api_port,
                                                .threads = 2,
                                                .rpc_paths = {"/rpc/v1", "/rpc/v0"}});
  const std::uint16_t port = server.start();
  const std::string endpoint = multiaddr_for("127.0.0.1", port);
  locked->set_api_endpoint(endpoint);
  devnet.start();
  TLOG_INFO(logger, "devnet API listening at {}; epochs every {} ms; default wallet {}", endpoint,
            options.params.epoch_duration.count(),
            devnet.wallet().default_address().to_string(Network::kTestnet));
  if (options.params.proofs == params::ProofMode::kSnark) {
    TLOG_INFO(logger, "proofs: Groth16, checked with the verifying keys in {}",
              params::parameter_cache_dir().string());
  } else {
    TLOG_WARN(logger, "proofs: vanilla (TESSERA_PROOFS=vanilla, a test tool; no Filecoin network "
                      "accepts them)");
  }

  stop.wait();
  TLOG_INFO(logger, "shutting down: stopping the producer and the API");
  devnet.stop();
  server.stop();
  locked->close();
  TLOG_INFO(logger, "graceful shutdown successful");
  return 0;
}

}  // namespace tessera::chain::devnet
