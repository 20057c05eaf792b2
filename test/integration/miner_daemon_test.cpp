// Starts the real lotus-miner binary: init, run in the background, API calls over HTTP and
// WebSocket with a token from `auth api-info`, stop; plus the usage, lock and kill -9 paths.
#include <signal.h>
#include <catch2/catch.hpp>
#include <fstream>

#include <nlohmann/json.hpp>

#include <thread>

#include "common/api_info.hpp"
#include "common/jsonrpc/client.hpp"
#include "test/support/ports.hpp"
#include "test/support/process.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using nlohmann::json;

namespace {

const std::string kBinary = TESSERA_BINARY;

struct Miner {
  test::TempDir dir;
  std::filesystem::path repo = dir / "repo";
  test::EnvOverrides env{{"LOTUS_MINER_PATH", repo.string()},
                         {"MINER_API_INFO", ""},
                         {"LOTUS_STORAGE_PATH", ""},
                         {"GOLOG_LOG_LEVEL", ""}};

  test::ProcessResult cli(const std::vector<std::string>& args) const {
    return test::run_process(kBinary, args, env);
  }
  std::unique_ptr<test::BackgroundProcess> start() const {
    auto daemon = std::make_unique<test::BackgroundProcess>(
        kBinary, std::vector<std::string>{"run", "--miner-api", "0"}, env, dir / "miner.log");
    auto waited = cli({"wait-api", "--timeout", "30s"});
    INFO(test::read_file(dir / "miner.log"));
    REQUIRE(waited.exit_code == 0);
    return daemon;
  }
};

ApiInfo admin_api_info(const Miner& miner) {
  auto result = miner.cli({"auth", "api-info", "--perm", "admin"});
  REQUIRE(result.exit_code == 0);
  std::string line = result.out.substr(0, result.out.find('\n'));
  REQUIRE(line.rfind("MINER_API_INFO=", 0) == 0);
  return parse_api_info(line.substr(std::string("MINER_API_INFO=").size()));
}

}  // namespace

TEST_CASE("init, run, API over HTTP and WebSocket, stop", "[integration]") {
  Miner miner;
  auto init = miner.cli({"init", "--actor", "f01000", "--sector-size", "2KiB"});
  INFO(init.err);
  REQUIRE(init.exit_code == 0);
  CHECK(std::filesystem::exists(miner.repo / "config.toml"));
  CHECK(std::filesystem::exists(miner.repo / "datastore" / "metadata"));
  CHECK(std::filesystem::exists(miner.repo / "sectorstore.json"));
  CHECK(std::filesystem::exists(miner.repo / "keystore" / "NRUWE4BSOAWWQ33TOQ"));

  auto again = miner.cli({"init", "--actor", "f01000"});
  CHECK(again.exit_code != 0);
  CHECK_THAT(again.err, Catch::Contains("already initialized"));

  auto daemon = miner.start();
  CHECK(std::filesystem::exists(miner.repo / "api"));
  CHECK(std::filesystem::exists(miner.repo / "token"));

  auto info = admin_api_info(miner);
  CHECK(info.token.rfind("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", 0) == 0);

  auto http = jsonrpc::Client::connect(info, jsonrpc::Transport::kHttp);
  auto version = http->call("Filecoin.Version", json::array(), std::chrono::seconds(10));
  CHECK(version["APIVersion"] == 66816);
  CHECK(http->call("Filecoin.ActorAddress", json::array(), std::chrono::seconds(10)) == "f01000");
  auto perms =
      http->call("Filecoin.AuthVerify", json::array({info.token}), std::chrono::seconds(10));
  CHECK(perms == json::array({"read", "write", "sign", "admin"}));

  auto ws = jsonrpc::Client::connect(info, jsonrpc::Transport::kWebSocket);
  auto session = ws->call("Filecoin.Session", json::array(), std::chrono::seconds(10));
  CHECK(session.get<std::string>().size() == 36);
  CHECK(ws->call("Filecoin.LogList", json::array(), std::chrono::seconds(10)).size() > 0);

  // Without a token a caller has "read" only.
  ApiInfo anonymous = info;
  anonymous.token.clear();
  auto reader = jsonrpc::Client::connect(anonymous, jsonrpc::Transport::kHttp);
  CHECK(reader->call("Filecoin.ActorAddress", json::array(), std::chrono::seconds(10)) == "f01000");
  CHECK_THROWS_WITH(reader->call("Filecoin.Shutdown", json::array(), std::chrono::seconds(10)),
                    Catch::Contains("missing permission to invoke 'Shutdown' (need 'admin')"));

  // version asks the daemon first, as lotus-miner does.
  auto version_cmd = miner.cli({"version"});
  CHECK(version_cmd.exit_code == 0);
  CHECK_THAT(version_cmd.out, Catch::StartsWith("Daemon:  1.23.3+tessera") &&
                                  Catch::Contains("+api1.5.0\nLocal: lotus-miner version "));

  // A second daemon on the same repo gets the lock error.
  auto second = miner.cli({"run", "--miner-api", "0"});
  CHECK(second.exit_code != 0);
  CHECK_THAT(second.err, Catch::Contains("repo is already locked"));

  auto stop = miner.cli({"stop"});
  CHECK(stop.exit_code == 0);
  CHECK(daemon->wait(std::chrono::seconds(20)) == 0);
  CHECK_FALSE(std::filesystem::exists(miner.repo / "api"));
}

TEST_CASE("a kill -9 leaves a repo the next run opens", "[integration]") {
  Miner miner;
  REQUIRE(miner.cli({"init", "--actor", "f01001"}).exit_code == 0);
  auto first = miner.start();
  auto token_before = test::read_file(miner.repo / "token");
  first->signal(SIGKILL);
  first->wait(std::chrono::seconds(10));
  CHECK(std::filesystem::exists(miner.repo / "api"));  // stale, as after a crash

  auto second = miner.start();
  CHECK(test::read_file(miner.repo / "token") == token_before);  // same secret, same token
  auto info = admin_api_info(miner);
  auto client = jsonrpc::Client::connect(info, jsonrpc::Transport::kHttp);
  CHECK(client->call("Filecoin.ActorAddress", json::array(), std::chrono::seconds(10)) == "f01001");
  second->signal(SIGTERM);
  CHECK(second->wait(std::chrono::seconds(20)) == 0);
  CHECK_FALSE(std::filesystem::exists(miner.repo / "api"));
}

TEST_CASE("usage errors and commands without a daemon", "[integration]") {
  Miner miner;
  auto bad_flag = miner.cli({"--no-such-flag", "version"});
  CHECK(bad_flag.exit_code == 1);
  CHECK_THAT(bad_flag.err, Catch::Contains("flag provided but not defined: -no-such-flag"));
  CHECK_THAT(bad_flag.err, Catch::Contains("USAGE:"));

  auto unknown = miner.cli({"no-such-command"});
  CHECK(unknown.exit_code == 3);
  CHECK_THAT(unknown.err, Catch::Contains("No help topic for 'no-such-command'"));

  auto not_initialised = miner.cli({"run"});
  CHECK(not_initialised.exit_code == 1);
  CHECK_THAT(not_initialised.err, Catch::Contains("not initialized"));

  auto no_api = miner.cli({"log", "list"});
  CHECK(no_api.exit_code == 1);
  CHECK_THAT(no_api.err, Catch::Contains("could not get API info"));

  // Without --actor, init creates the actor through a full node; with none reachable it fails.
  auto no_chain = miner.cli({"--repo", (miner.dir / "no-node").string(), "init"});
  CHECK(no_chain.exit_code == 1);
  CHECK_THAT(no_chain.err, Catch::Contains("could not get API info for FullNode"));
  CHECK_FALSE(std::filesystem::exists(miner.repo));  // a failed init leaves nothing behind

  auto defaults = miner.cli({"config", "default"});
  CHECK(defaults.exit_code == 0);
  CHECK_THAT(defaults.out, Catch::Contains("[API]"));
  CHECK_THAT(defaults.out, Catch::Contains("#ListenAddress = \"/ip4/127.0.0.1/tcp/2345/http\""));
}

TEST_CASE("offline backup and init restore", "[integration]") {
  Miner source;
  REQUIRE(source.cli({"init", "--actor", "f01002"}).exit_code == 0);
  auto backup = source.dir / "meta.cbor";
  auto made = source.cli({"backup", "--offline", backup.string()});
  INFO(made.err);
  REQUIRE(made.exit_code == 0);
  CHECK(source.cli({"backup", "--offline", backup.string()}).exit_code != 0);  // never overwrites

  Miner target;
  auto restored = target.cli({"init", "restore", backup.string()});
  INFO(restored.err);
  REQUIRE(restored.exit_code == 0);
  auto daemon = target.start();
  auto client = jsonrpc::Client::connect(admin_api_info(target), jsonrpc::Transport::kHttp);
  CHECK(client->call("Filecoin.ActorAddress", json::array(), std::chrono::seconds(10)) == "f01002");
  CHECK(target.cli({"stop"}).exit_code == 0);
  CHECK(daemon->wait(std::chrono::seconds(20)) == 0);

  // A corrupt backup is refused and leaves no repo behind.
  Miner broken;
  auto bytes = test::read_file(backup);
  bytes[bytes.size() / 2] ^= 0x40;
  { std::ofstream(broken.dir / "bad.cbor", std::ios::binary) << bytes; }
  auto refused = broken.cli({"init", "restore", (broken.dir / "bad.cbor").string()});
  CHECK(refused.exit_code == 1);
  CHECK_FALSE(std::filesystem::exists(broken.repo));
}

TEST_CASE("storage paths: attach, list, find, redeclare, detach; the index survives a restart",
          "[integration][storage]") {
  Miner miner;
  REQUIRE(miner.cli({"init", "--actor", "f01000"}).exit_code == 0);
  auto daemon = miner.start();
  const auto extra = miner.dir / "extra";
  std::filesystem::create_directories(extra / "sealed");
  std::ofstream(extra / "sealed" / "s-t01000-5") << "replica";

  auto attach =
      miner.cli({"storage", "attach", "--init", "--store", "--weight", "5", extra.string()});
  INFO(attach.err);
  REQUIRE(attach.exit_code == 0);
  const auto meta = test::read_file(extra / "sectorstore.json");
  CHECK_THAT(meta, Catch::Contains("\"CanStore\": true") && Catch::Contains("\"Weight\": 5"));
  CHECK(miner.cli({"storage", "attach", "--init", "--store", extra.string()}).exit_code != 0);
  CHECK_THAT(test::read_file(miner.repo / "storage.json"), Catch::Contains(extra.string()));

  auto list = miner.cli({"storage", "list"});
  REQUIRE(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("\tUnsealed: 0; Sealed: 1; Caches: 0; Updated: 0; "
                                       "Update-caches: 0; Reserved: 0 B\n\tWeight: 5; Use: Store\n"
                                       "\tLocal: " +
                                       extra.string() + "\n\tURL: http://"));
  CHECK_THAT(list.out, Catch::Contains("\tWeight: 10; Use: Seal Store\n"));  // the repo itself
  auto find = miner.cli({"storage", "find", "5"});
  REQUIRE(find.exit_code == 0);
  CHECK_THAT(find.out, Catch::Contains(" (Sealed)\n\tSealing: false; Storage: true\n\tLocal (" +
                                       extra.string() + ")\n"));

  // Other processes fetch it from /remote with an admin token (a Range here); without one, 401.
  const auto admin = admin_api_info(miner);
  const auto url =
      "http://" + admin.host() + ":" + std::to_string(admin.port()) + "/remote/sealed/s-t01000-5";
  const auto fetched = test::run_process(
      "/usr/bin/curl", {"-s", "-H", "Authorization: Bearer " + admin.token, "-r", "2-4", url});
  CHECK(fetched.out == "pli");  // bytes 2..4 of "replica"
  const auto anonymous =
      test::run_process("/usr/bin/curl", {"-s", "-o", "/dev/null", "-w", "%{http_code}", url});
  CHECK(anonymous.out == "401");

  // A declaration made over the API (no file behind it) survives a restart of the miner.
  const auto api = jsonrpc::Client::connect(admin_api_info(miner), jsonrpc::Transport::kHttp);
  const auto local = api->call("Filecoin.StorageLocal", json::array());
  std::string repo_id;
  for (const auto& [id, path] : local.items())
    if (path == miner.repo.string()) repo_id = id;
  REQUIRE_FALSE(repo_id.empty());
  api->call("Filecoin.StorageDeclareSector",
            json::array({repo_id, json{{"Miner", 1000}, {"Number", 9}}, 2, true}));
  // Locks over the API last as long as the request: free again right after.
  const json sector9{{"Miner", 1000}, {"Number", 9}};
  CHECK(api->call("Filecoin.StorageTryLock", json::array({sector9, 0, 2})) == true);
  api->call("Filecoin.StorageLock", json::array({sector9, 2, 0}));
  CHECK(api->call("Filecoin.StorageGetLocks", json::array()) == json{{"Locks", json::array()}});
  CHECK_THROWS(
      api->call("Filecoin.StorageDeclareSector",
                json::array({"no-such-id", json{{"Miner", 1000}, {"Number", 9}}, 2, true})));
  miner.cli({"stop"});
  daemon->wait(std::chrono::seconds(10));
  daemon = miner.start();
  CHECK(miner.cli({"storage", "find", "9"}).exit_code == 0);
  CHECK(miner.cli({"storage", "find", "5"}).exit_code == 0);  // rescanned from its path

  // The file goes; redeclare with --drop-missing forgets it.
  std::filesystem::remove(extra / "sealed" / "s-t01000-5");
  REQUIRE(miner.cli({"storage", "redeclare", "--all"}).exit_code == 0);
  CHECK(miner.cli({"storage", "find", "5"}).exit_code != 0);
  // Detach needs --really-do-it, then the path leaves storage.json and the index.
  CHECK_THAT(miner.cli({"storage", "detach", extra.string()}).out,
             Catch::Contains("Pass --really-do-it"));
  REQUIRE(miner.cli({"storage", "detach", "--really-do-it", extra.string()}).exit_code == 0);
  CHECK_THAT(test::read_file(miner.repo / "storage.json"), !Catch::Contains(extra.string()));
  CHECK_THAT(miner.cli({"storage", "list"}).out, !Catch::Contains(extra.string()));
  miner.cli({"stop"});
}

TEST_CASE("a PoSt-miner using the root's sector index finds sectors declared after it started",
          "[integration][storage]") {
  Miner root;
  REQUIRE(root.cli({"init", "--actor", "f01000"}).exit_code == 0);
  // A fixed port, so that the PoSt-miner's SectorIndexApiInfo stays right across a restart.
  const std::string port = std::to_string(test::free_port());
  const auto start_root = [&] {
    auto daemon = std::make_unique<test::BackgroundProcess>(
        kBinary, std::vector<std::string>{"run", "--miner-api", port}, root.env,
        root.dir / "miner.log");
    REQUIRE(root.cli({"wait-api", "--timeout", "30s"}).exit_code == 0);
    return daemon;
  };
  auto root_daemon = start_root();
  const ApiInfo root_api = admin_api_info(root);

  Miner post;
  REQUIRE(post.cli({"init", "--actor", "f01000"}).exit_code == 0);
  std::string config = test::read_file(post.repo / "config.toml");
  const auto section = config.find("[Subsystems]\n");
  REQUIRE(section != std::string::npos);
  config.insert(section + 13, "  SectorIndexApiInfo = \"" + root_api.token + ":" +
                                  root_api.address + "\"\n  EnableSealing = false\n");
  std::ofstream(post.repo / "config.toml") << config;
  auto post_daemon = post.start();
  CHECK_THAT(test::read_file(post.dir / "miner.log"), Catch::Contains("using the sector index"));

  // Declared on the root after the PoSt-miner started: the PoSt-miner finds it.
  const auto extra = root.dir / "extra";
  std::filesystem::create_directories(extra / "sealed");
  std::ofstream(extra / "sealed" / "s-t01000-7") << "replica";
  REQUIRE(root.cli({"storage", "attach", "--init", "--store", extra.string()}).exit_code == 0);
  const auto found_on_post = [&](const std::string& sector) {
    for (int i = 0; i < 100; ++i) {
      if (post.cli({"storage", "find", sector}).exit_code == 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  };
  CHECK(found_on_post("7"));
  // The PoSt-miner's own path is in the root's index.
  const auto post_meta = test::read_file(post.repo / "sectorstore.json");
  const auto post_id = json::parse(post_meta)["ID"].get<std::string>();
  CHECK_THAT(root.cli({"storage", "list"}).out, Catch::Contains(post_id + ":"));

  // The root restarts: the PoSt-miner announces its path again (new URLs) within a resync.
  root.cli({"stop"});
  root_daemon->wait(std::chrono::seconds(10));
  root_daemon = start_root();
  const auto api = jsonrpc::Client::connect(admin_api_info(root), jsonrpc::Transport::kHttp);
  bool announced = false;
  for (int i = 0; i < 150 && !announced; ++i) {
    const auto info = api->call("Filecoin.StorageInfo", json::array({post_id}));
    announced = !info["URLs"].is_null();
    if (!announced) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(announced);
  CHECK(found_on_post("7"));
  // The channel is open again: a path detached on the root leaves the PoSt-miner's mirror too.
  REQUIRE(root.cli({"storage", "detach", "--really-do-it", extra.string()}).exit_code == 0);
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = post.cli({"storage", "find", "7"}).exit_code != 0;
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(gone);
  post.cli({"stop"});
  root.cli({"stop"});
}
