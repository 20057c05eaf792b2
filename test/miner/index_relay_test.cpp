// A miner on the root's sector index relays the root's changes to its own workers
// (register_index_relay): a worker's mirror of a PoSt-miner's index sees what is declared at the
// root, two hops away.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "common/api/common_api.hpp"
#include "common/api_info.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "miner/storage_api.hpp"
#include "storage/index/remote_index.hpp"
#include "storage/index/sector_index.hpp"

using namespace tessera;
using namespace std::chrono_literals;

namespace {

const Bytes kSecret(32, 5);
constexpr const char* kSession = "8b1d5e1e-5a4f-4c3e-9a7e-0d6f1c2b3a40";

// A miner's /rpc/v0 on 127.0.0.1 with the given registry and a Session (which mirrors watch).
struct MinerApi {
  jsonrpc::Server server;
  std::uint16_t port;
  explicit MinerApi(jsonrpc::Registry& registry)
      : server(registry, jsonrpc::Authenticator(kSecret), jsonrpc::ServerOptions{}),
        port((api::serve(registry, api::kSession, [] { return std::string(kSession); }),
              server.start())) {}
  ~MinerApi() { server.stop(); }
  ApiInfo info() const {
    return ApiInfo{jwt::sign_token(kSecret, {"read", "write", "sign", "admin"}),
                   multiaddr_for("127.0.0.1", port)};
  }
};

}  // namespace

TEST_CASE("register_index_relay: the root's declarations reach a mirror of a mirror",
          "[sectorindex][relay]") {
  paths::SectorIndex root(nullptr);
  jsonrpc::Registry root_registry;
  miner::register_index_api(root_registry, root);
  miner::register_index_updates(root_registry, root);
  MinerApi root_api(root_registry);

  paths::RemoteIndex middle(root_api.info(), [] {});
  jsonrpc::Registry middle_registry;
  miner::register_index_api(middle_registry, middle);
  miner::register_index_relay(middle_registry, middle);
  middle.start();
  MinerApi middle_api(middle_registry);

  paths::RemoteIndex worker(middle_api.info(), [] {});
  worker.start();

  paths::StorageInfo path;
  path.id = "seal-path";
  path.urls = {"http://127.0.0.1:9/remote"};
  path.can_store = true;
  root.attach(path, paths::FsStat{.capacity = 1 << 30, .available = 1 << 30});
  const paths::SectorId sector{1000, 3};
  root.declare("seal-path", sector, static_cast<std::uint32_t>(paths::FileType::kSealed), true);

  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (worker.find(sector, static_cast<std::uint32_t>(paths::FileType::kSealed), 2048, false)
             .empty() &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  const auto found =
      worker.find(sector, static_cast<std::uint32_t>(paths::FileType::kSealed), 2048, false);
  REQUIRE(found.size() == 1);
  CHECK(found[0].id == "seal-path");
  worker.stop();
  middle.stop();
}
