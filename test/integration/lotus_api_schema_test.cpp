// The miner's API against lotus's: every method a running lotus-miner serves (its Discover
// document, built from the typed declarations) has lotus's name, parameter count and permission
// (test/fixtures/lotus-miner-api.txt, from lotus-client-schema and lotus's //perm: tags).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "common/api/common_api.hpp"
#include "common/api_info.hpp"
#include "common/jsonrpc/client.hpp"
#include "test/support/ports.hpp"
#include "test/support/process.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using nlohmann::json;

namespace {

const std::string kBinary = TESSERA_BINARY;

struct LotusApi {
  std::map<std::string, std::size_t> schema;  // "Filecoin.Name" -> parameter count
  struct Perm {
    std::string perm;
    bool in_schema = true;
    bool same_params = true;  // false: lotus changed the parameters since the v1.15 schema
  };
  std::map<std::string, Perm> perms;
};

LotusApi read_fixture() {
  std::ifstream in(std::filesystem::path(TESSERA_TEST_FIXTURES) / "lotus-miner-api.txt");
  REQUIRE(in);
  LotusApi api;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string kind, name, perm, marker;
    words >> kind >> name;
    if (kind == "schema") {
      const auto slash = name.find('/');
      api.schema["Filecoin." + name.substr(0, slash)] = std::stoul(name.substr(slash + 1));
    } else if (kind == "perm") {
      words >> perm >> marker;
      api.perms[name] = {perm, marker != "not-in-schema", marker != "params-changed"};
    }
  }
  REQUIRE(api.schema.size() == 137);
  return api;
}

}  // namespace

TEST_CASE("the miner serves lotus's method names, parameter counts and permissions",
          "[integration][api]") {
  const LotusApi lotus = read_fixture();
  test::TempDir dir;
  const auto repo = dir / "repo";
  test::EnvOverrides env{{"LOTUS_MINER_PATH", repo.string()},
                         {"MINER_API_INFO", ""},
                         {"LOTUS_STORAGE_PATH", ""},
                         {"GOLOG_LOG_LEVEL", ""}};
  REQUIRE(test::run_process(kBinary, {"init", "--actor", "f01000", "--sector-size", "2KiB"}, env)
              .exit_code == 0);
  test::BackgroundProcess daemon(kBinary, {"run", "--miner-api", "0"}, env, dir / "miner.log");
  REQUIRE(test::run_process(kBinary, {"wait-api", "--timeout", "30s"}, env).exit_code == 0);
  auto info = test::run_process(kBinary, {"auth", "api-info", "--perm", "admin"}, env);
  REQUIRE(info.exit_code == 0);
  const auto line = info.out.substr(0, info.out.find('\n'));
  auto client =
      jsonrpc::Client::connect(parse_api_info(line.substr(std::string("MINER_API_INFO=").size())),
                               jsonrpc::Transport::kHttp);

  const json document = api::call(*client, api::kDiscover);
  std::set<std::string> served;
  for (const auto& method : document.at("methods")) {
    const std::string name = method.at("name");
    if (!served.insert(name).second) FAIL("served twice: " << name);
    INFO(name);
    auto perm = lotus.perms.find(name);
    REQUIRE(perm != lotus.perms.end());  // every served method is accounted for
    if (method.contains("description"))
      CHECK(method.at("description") == "permission: " + perm->second.perm);
    auto schema = lotus.schema.find(name);
    if (!perm->second.in_schema) {
      CHECK(schema == lotus.schema.end());
      continue;
    }
    REQUIRE(schema != lotus.schema.end());
    if (perm->second.same_params) CHECK(method.at("params").size() == schema->second);
  }
  for (const auto& [name, perm] : lotus.perms) {
    INFO(name);
    CHECK(served.contains(name));  // the fixture names nothing the miner does not serve
  }
  REQUIRE(test::run_process(kBinary, {"stop"}, env).exit_code == 0);
  CHECK(daemon.wait(std::chrono::seconds(20)) == 0);
}
