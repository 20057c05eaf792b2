// [API] as the miner's API server reads it: where it listens (--miner-api or ListenAddress) and
// the /remote URL the sector index advertises for its paths ([API] RemoteListenAddress when set
// to other than lotus's default "127.0.0.1:2345", node/config/def.go).
#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "common/jsonrpc/registry.hpp"
#include "miner/subsystems/api_server.hpp"
#include "storage/repo/config.hpp"

using namespace tessera;

namespace {

miner::ApiServerConfig from_toml(const std::string& text, std::optional<std::uint16_t> port) {
  return miner::ApiServerConfig::from(repo::Config::parse(text, "config.toml", nullptr, false),
                                      port);
}

}  // namespace

TEST_CASE("ApiServerConfig: ListenAddress, --miner-api and RemoteListenAddress", "[miner][api]") {
  const auto defaults = from_toml("", std::nullopt);
  CHECK(defaults.host == "127.0.0.1");
  CHECK(defaults.port == 2345);
  CHECK(defaults.remote_address.empty());

  const auto flag = from_toml("[API]\nListenAddress = \"/ip4/0.0.0.0/tcp/2400/http\"\n", 2500);
  CHECK(flag.host == "127.0.0.1");
  CHECK(flag.port == 2500);

  const auto lan = from_toml(
      "[API]\nListenAddress = \"/ip4/0.0.0.0/tcp/2345/http\"\n"
      "RemoteListenAddress = \"192.168.1.50:2345\"\n",
      std::nullopt);
  CHECK(lan.host == "0.0.0.0");
  CHECK(lan.remote_address == "192.168.1.50:2345");

  for (const auto* bad : {"192.168.1.50", "192.168.1.50:", ":2345", "host:23x5", "host:70000"}) {
    INFO(bad);
    CHECK_THROWS_WITH(
        from_toml(std::string("[API]\nRemoteListenAddress = \"") + bad + "\"\n", std::nullopt),
        Catch::Contains("RemoteListenAddress"));
  }
}

TEST_CASE("ApiServer: the /remote URL is RemoteListenAddress's, else the bound address's",
          "[miner][api]") {
  jsonrpc::Registry registry;
  const Bytes secret(32, 7);
  miner::ApiServer bound(miner::ApiServerConfig{"127.0.0.1", 0, ""}, registry, secret);
  CHECK(bound.remote_url() == bound.url() + "/remote");
  CHECK(bound.url().rfind("http://127.0.0.1:", 0) == 0);
  miner::ApiServer advertised(miner::ApiServerConfig{"127.0.0.1", 0, "10.0.0.7:2345"}, registry,
                              secret);
  CHECK(advertised.remote_url() == "http://10.0.0.7:2345/remote");
}
