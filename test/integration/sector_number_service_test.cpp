// The distributed miner's sector-number service with real processes on 127.0.0.1: an alloce
// miner serving numbers, concurrent clients, a retried request, SIGKILL and restart, a wrong
// token, and get miners that take their numbers and reservations only from the service (or fail
// loudly without it).
#include <signal.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "test/support/ports.hpp"
#include "test/support/process.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using nlohmann::json;

namespace {

const std::string kBinary = TESSERA_BINARY;

using test::free_port;

struct Repo {
  test::TempDir dir;
  std::filesystem::path path = dir / "repo";
  test::EnvOverrides env{
      {"LOTUS_MINER_PATH", path.string()}, {"MINER_API_INFO", ""}, {"LOTUS_STORAGE_PATH", ""}};

  test::ProcessResult cli(const std::vector<std::string>& args) const {
    return test::run_process(kBinary, args, env);
  }
  std::unique_ptr<test::BackgroundProcess> run(const std::vector<std::string>& flags) const {
    std::vector<std::string> args{"run", "--miner-api", "0"};
    args.insert(args.end(), flags.begin(), flags.end());
    auto daemon = std::make_unique<test::BackgroundProcess>(kBinary, args, env, dir / "miner.log");
    auto waited = cli({"wait-api", "--timeout", "30s"});
    INFO(test::read_file(dir / "miner.log"));
    REQUIRE(waited.exit_code == 0);
    return daemon;
  }
  std::string token() const { return test::read_file(path / "token"); }
  // The running miner's own API.
  ApiInfo api() const { return ApiInfo{token(), test::read_file(path / "api")}; }
};

std::vector<std::uint64_t> allocate(jsonrpc::Client& client, std::uint64_t count,
                                    const std::string& key) {
  return client
      .call("Filecoin.SectorNumAllocate", json::array({count, key}), std::chrono::seconds(30))
      .get<std::vector<std::uint64_t>>();
}

}  // namespace

TEST_CASE("the alloce miner serves unique sector numbers durably", "[integration][sectorid]") {
  Repo root;
  REQUIRE(root.cli({"init", "--actor", "f01000"}).exit_code == 0);
  std::ofstream(root.path / "sectorid") << "99";  // the fork's file: 99 was the last number issued
  const auto port = free_port();
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  auto daemon = root.run({"--sctype=alloce", "--sclisten=" + listen, "--window-post=false"});
  const ApiInfo service{root.token(), multiaddr_for("127.0.0.1", port)};

  // 16 concurrent clients, 40 requests each, batches of 1-3.
  std::mutex mu;
  std::vector<std::uint64_t> all;
  std::vector<std::thread> clients;
  for (int c = 0; c < 16; ++c) {
    clients.emplace_back([&, c] {
      auto client = jsonrpc::Client::connect(service, jsonrpc::Transport::kHttp);
      for (int i = 0; i < 40; ++i) {
        auto got =
            allocate(*client, 1 + (i % 3), "c" + std::to_string(c) + "-" + std::to_string(i));
        std::lock_guard lock(mu);
        all.insert(all.end(), got.begin(), got.end());
      }
    });
  }
  for (auto& t : clients) t.join();
  std::set<std::uint64_t> unique(all.begin(), all.end());
  CHECK(unique.size() == all.size());               // no duplicates
  CHECK(*unique.begin() == 100);                    // above the fork's file
  CHECK(*unique.rbegin() == 100 + all.size() - 1);  // no gaps

  // A retried request gets the same numbers, also after SIGKILL and a restart.
  auto client = jsonrpc::Client::connect(service, jsonrpc::Transport::kHttp,
                                         jsonrpc::ClientOptions{std::chrono::seconds(20)});
  const auto before = allocate(*client, 2, "retry-me");
  daemon->signal(SIGKILL);
  daemon->wait(std::chrono::seconds(10));
  daemon = root.run({"--sctype=alloce", "--sclisten=" + listen});
  CHECK(allocate(*client, 2, "retry-me") == before);
  CHECK(allocate(*client, 1, "after-restart") == std::vector<std::uint64_t>{before.back() + 1});

  // A wrong token gets no numbers.
  auto stranger = jsonrpc::Client::connect(
      ApiInfo{"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.x", service.address},
      jsonrpc::Transport::kHttp);
  CHECK_THROWS_AS(allocate(*stranger, 1, "nope"), PermissionDenied);

  // A get miner sharing the cluster's JWT secret finds the service.
  Repo get;
  REQUIRE(get.cli({"init", "--actor", "f01000"}).exit_code == 0);
  for (const auto& entry : std::filesystem::directory_iterator(root.path / "keystore")) {
    if (entry.path().filename().string() != "NRUWE4BSOAWWQ33TOQ") {  // not the libp2p host key
      std::filesystem::copy_file(entry.path(), get.path / "keystore" / entry.path().filename(),
                                 std::filesystem::copy_options::overwrite_existing);
    }
  }
  std::filesystem::copy_file(root.path / "token", get.path / "token");
  auto get_daemon = get.run({"--sctype=get", "--sclisten=" + listen});
  CHECK_THAT(test::read_file(get.dir / "miner.log"),
             Catch::Contains("using the sector number service"));
  get.cli({"stop"});
  root.cli({"stop"});
}

TEST_CASE("role flags: bad combinations and an unreachable service fail loudly",
          "[integration][sectorid]") {
  Repo repo;
  REQUIRE(repo.cli({"init", "--actor", "f01000"}).exit_code == 0);
  auto missing = repo.cli({"run", "--sctype=get"});
  CHECK(missing.exit_code != 0);
  CHECK_THAT(missing.err, Catch::Contains("needs --sclisten"));
  auto bad = repo.cli({"run", "--sctype=maybe", "--sclisten=127.0.0.1:1"});
  CHECK(bad.exit_code != 0);
  CHECK_THAT(bad.err, Catch::Contains("alloce or get"));
  auto unreachable = repo.cli({"run", "--miner-api", "0", "--sctype=get",
                               "--sclisten=127.0.0.1:" + std::to_string(free_port())});
  CHECK(unreachable.exit_code != 0);
  CHECK_THAT(unreachable.err,
             Catch::Contains("sector number service") && Catch::Contains("unreachable"));
}

TEST_CASE("role flags and [Subsystems] decide RuntimeSubsystems and the fork's log lines",
          "[integration][sectorid]") {
  Repo repo;
  REQUIRE(repo.cli({"init", "--actor", "f01000"}).exit_code == 0);
  const auto subsystems = [&] {
    auto api = jsonrpc::Client::connect(ApiInfo{repo.token(), test::read_file(repo.path / "api")},
                                        jsonrpc::Transport::kHttp);
    return api->call("Filecoin.RuntimeSubsystems", json::array()).get<std::vector<std::string>>();
  };
  {
    auto daemon = repo.run({"--winning-post=false", "--p2p=false"});
    CHECK(subsystems() == std::vector<std::string>{"Sealing", "SectorStorage"});
    const auto log = test::read_file(repo.dir / "miner.log");
    CHECK_THAT(log, Catch::Contains("This miner will be disable minning block function."));
    CHECK_THAT(log, Catch::Contains("This miner will be disable p2p"));
    CHECK_THAT(log, !Catch::Contains("This miner will be disable windowPoSt."));
    repo.cli({"stop"});
    daemon->wait(std::chrono::seconds(10));
  }
  // The config's equivalents, flags left at their defaults.
  std::string config = test::read_file(repo.path / "config.toml");
  const auto section = config.find("[Subsystems]\n");
  REQUIRE(section != std::string::npos);
  config.insert(section + 13, "  DisableWindowPoSt = true\n  EnableSealing = false\n");
  std::ofstream(repo.path / "config.toml") << config;
  auto daemon = repo.run({});
  CHECK(subsystems() == std::vector<std::string>{"Mining", "SectorStorage"});
  CHECK_THAT(test::read_file(repo.dir / "miner.log"),
             Catch::Contains("This miner will be disable windowPoSt."));
  repo.cli({"stop"});
}

TEST_CASE("the alloce miner seeds from the chain's allocated sector numbers",
          "[integration][sectorid]") {
  // A chain that reports numbers 0..499 allocated to the miner actor (lotus's bitfield JSON).
  jsonrpc::Registry registry;
  registry.add(jsonrpc::Method{"Filecoin.StateMinerAllocated", "read", 2,
                               [](const json&, jsonrpc::CallContext&) {
                                 return json::array({0, 500});
                               }});
  // A full node: the miner reads its v1 API at /rpc/v1.
  jsonrpc::Server chain(registry, jsonrpc::Authenticator(Bytes(32, 3)),
                        jsonrpc::ServerOptions{.rpc_paths = {"/rpc/v1"}});
  const auto chain_port = chain.start();

  Repo root;
  REQUIRE(root.cli({"init", "--actor", "f01000"}).exit_code == 0);
  root.env["FULLNODE_API_INFO"] = multiaddr_for("127.0.0.1", chain_port);
  const auto port = free_port();
  auto daemon = root.run({"--sctype=alloce", "--sclisten=127.0.0.1:" + std::to_string(port)});
  auto client = jsonrpc::Client::connect(ApiInfo{root.token(), multiaddr_for("127.0.0.1", port)},
                                         jsonrpc::Transport::kHttp);
  CHECK(allocate(*client, 1, "first") == std::vector<std::uint64_t>{500});
  root.cli({"stop"});
  chain.stop();
}

TEST_CASE("sectors numbers: lotus's reservation commands steer allocation",
          "[integration][sectorid]") {
  Repo root;
  REQUIRE(root.cli({"init", "--actor", "f01000"}).exit_code == 0);
  const auto port = free_port();
  auto daemon = root.run({"--sctype=alloce", "--sclisten=127.0.0.1:" + std::to_string(port)});
  REQUIRE(root.cli({"sectors", "numbers", "reserve", "deals", "0-2,5"}).exit_code == 0);
  auto collide = root.cli({"sectors", "numbers", "reserve", "other", "2"});
  CHECK(collide.exit_code != 0);
  CHECK_THAT(collide.err, Catch::Contains("colliding with another existing reservation"));
  auto client = jsonrpc::Client::connect(ApiInfo{root.token(), multiaddr_for("127.0.0.1", port)},
                                         jsonrpc::Transport::kHttp);
  CHECK(allocate(*client, 3, "a") == std::vector<std::uint64_t>{3, 4, 6});
  auto info = root.cli({"sectors", "numbers", "info"});
  CHECK(info.out == "Next free: 7\nAllocated: 3-4,6\nReserved: 0-2,5\n");
  auto list = root.cli({"sectors", "numbers", "reservations"});
  CHECK(list.out == "reservations: 1\ndeals: count=4 0-2,5\n");
  REQUIRE(root.cli({"sectors", "numbers", "free", "deals"}).exit_code == 0);
  CHECK(allocate(*client, 1, "b") == std::vector<std::uint64_t>{0});
  root.cli({"stop"});
}

TEST_CASE("three get miners hand out 10,000 numbers while the alloce miner is SIGKILLed",
          "[integration][sectorid][cluster]") {
  Repo root;
  REQUIRE(root.cli({"init", "--actor", "f01000"}).exit_code == 0);
  const auto port = free_port();
  const std::vector<std::string> alloce{"--sctype=alloce",
                                        "--sclisten=127.0.0.1:" + std::to_string(port),
                                        "--winning-post=false", "--window-post=false"};
  auto daemon = root.run(alloce);
  const ApiInfo service{root.token(), multiaddr_for("127.0.0.1", port)};

  // Three get miners sharing the cluster's JWT secret find the service.
  std::vector<std::unique_ptr<Repo>> gets;
  std::vector<std::unique_ptr<test::BackgroundProcess>> get_daemons;
  for (int g = 0; g < 3; ++g) {
    auto repo = std::make_unique<Repo>();
    REQUIRE(repo->cli({"init", "--actor", "f01000"}).exit_code == 0);
    for (const auto& entry : std::filesystem::directory_iterator(root.path / "keystore"))
      if (entry.path().filename().string() != "NRUWE4BSOAWWQ33TOQ")  // not the libp2p host key
        std::filesystem::copy_file(entry.path(), repo->path / "keystore" / entry.path().filename(),
                                   std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(root.path / "token", repo->path / "token");
    get_daemons.push_back(
        repo->run({"--sctype=get", "--sclisten=127.0.0.1:" + std::to_string(port)}));
    gets.push_back(std::move(repo));
  }

  // A get miner forwards the caller's idempotency key: asked again with a key it has answered,
  // it returns the same numbers, and a reservation made on it lives in the service.
  auto first_get = jsonrpc::Client::connect(gets[0]->api(), jsonrpc::Transport::kHttp);
  const auto retried = allocate(*first_get, 2, "get-retry");
  CHECK(allocate(*first_get, 2, "get-retry") == retried);
  REQUIRE(gets[1]->cli({"sectors", "numbers", "reserve", "held", "100000"}).exit_code == 0);
  CHECK(root.cli({"sectors", "numbers", "reservations"}).out ==
        "reservations: 1\nheld: count=1 100000\n");
  CHECK_THAT(gets[2]->cli({"sectors", "numbers", "reserve", "again", "100000"}).err,
             Catch::Contains("colliding with another existing reservation"));
  REQUIRE(gets[2]->cli({"sectors", "numbers", "free", "held"}).exit_code == 0);
  CHECK(root.cli({"sectors", "numbers", "reservations"}).out == "reservations: 0\n");

  // 16 clients, 625 single-number requests each, each through one of the get miners' APIs, as
  // their sealing would ask: the get miner takes the number from the service.
  constexpr int kClients = 16, kPerClient = 625;
  std::mutex mu;
  std::vector<std::uint64_t> all(retried);
  std::atomic<int> done{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto client =
          jsonrpc::Client::connect(gets[c % gets.size()]->api(), jsonrpc::Transport::kHttp,
                                   jsonrpc::ClientOptions{.reconnect_for = std::chrono::seconds(60),
                                                          .resend_unanswered = true});
      for (int i = 0; i < kPerClient; ++i) {
        auto got = client
                       ->call("Filecoin.SectorNumAllocate",
                              json::array({1, "c" + std::to_string(c) + "-" + std::to_string(i)}),
                              std::chrono::seconds(90))
                       .get<std::vector<std::uint64_t>>();
        std::lock_guard lock(mu);
        all.insert(all.end(), got.begin(), got.end());
      }
      ++done;
    });
  }
  // Meanwhile the alloce miner is killed at random moments, at most 6 times.
  std::mt19937 random(20261123);
  int kills = 0;
  while (done < kClients && kills < 6) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + random() % 250));
    if (done == kClients) break;
    daemon->signal(SIGKILL);
    REQUIRE(daemon->wait(std::chrono::seconds(10)) != -1);
    ++kills;
    daemon = root.run(alloce);
  }
  for (auto& t : clients) t.join();
  INFO("kills: " << kills);
  CHECK(kills >= 1);

  REQUIRE(all.size() == retried.size() + kClients * kPerClient);
  std::set<std::uint64_t> unique(all.begin(), all.end());
  CHECK(unique.size() == all.size());  // no duplicate
  // No gap larger than the requests in flight (a retried request never burns a new number).
  const std::uint64_t span = *unique.rbegin() - *unique.begin() + 1;
  CHECK(span - unique.size() <= kClients);
  // A get miner's view of the numbers is the service's.
  const auto service_view = root.cli({"sectors", "numbers", "info"});
  CHECK_THAT(service_view.out, Catch::Contains("Allocated: "));
  CHECK(gets[0]->cli({"sectors", "numbers", "info"}).out == service_view.out);

  for (auto& g : gets) g->cli({"stop"});
  root.cli({"stop"});
}
