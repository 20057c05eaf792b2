// The worker protocol's declarations against lotus's API: names and parameter counts from
// lotus-client-schema (test/fixtures/lotus-worker-api.txt for the worker side,
// test/fixtures/lotus-miner-api.txt for the miner side), with the differences of lotus v1.23.3
// (api/api_worker.go, api/api_storage.go) listed explicitly; and a call through the typed
// declarations, encoded as lotus's docs show it (api-v0-methods-worker.md, AddPiece).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sealing/workers/worker_api.hpp"

using namespace tessera;
using namespace tessera::workers;
using nlohmann::json;

namespace {

struct Declared {
  std::string name;  // "Filecoin.X"
  std::size_t params;
  api::Perm perm;
};

template <class R, class... Ps>
Declared declared(const api::Method<R(Ps...)>& m) {
  return {std::string(m.name), sizeof...(Ps), m.perm};
}

// "schema Name/count" lines of a fixture, as "Filecoin.Name" -> count.
std::map<std::string, std::size_t> read_schema(const std::string& file) {
  std::ifstream in(std::filesystem::path(TESSERA_TEST_FIXTURES) / file);
  REQUIRE(in);
  std::map<std::string, std::size_t> out;
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string kind, entry;
    words >> kind >> entry;
    if (kind != "schema") continue;
    const auto slash = entry.find('/');
    out["Filecoin." + entry.substr(0, slash)] = std::stoul(entry.substr(slash + 1));
  }
  return out;
}

const std::vector<Declared>& worker_side() {
  static const std::vector<Declared> d = {
      declared(kWorkerVersion),   declared(kTaskTypes),
      declared(kPaths),           declared(kInfo),
      declared(kDataCid),         declared(kAddPiece),
      declared(kSealPreCommit1),  declared(kSealPreCommit2),
      declared(kSealCommit1),     declared(kSealCommit2),
      declared(kFinalizeSector),  declared(kReleaseUnsealed),
      declared(kMoveStorage),     declared(kFetch),
      declared(kRemove),          declared(kTaskDisable),
      declared(kTaskEnable),      declared(kStorageLocal),
      declared(kStorageAddLocal), declared(kSetEnabled),
      declared(kEnabled),         declared(kWaitQuiet),
      declared(kProcessSession),  declared(kWorkerSession),
      declared(kShutdown),
  };
  return d;
}

const std::vector<Declared>& miner_side() {
  static const std::vector<Declared> d = {
      declared(kWorkerConnect),        declared(kWorkerStats),
      declared(kWorkerJobs),           declared(kSealingSchedDiag),
      declared(kSealingAbort),         declared(kSealingRemoveRequest),
      declared(kReturnDataCid),        declared(kReturnAddPiece),
      declared(kReturnSealPreCommit1), declared(kReturnSealPreCommit2),
      declared(kReturnSealCommit1),    declared(kReturnSealCommit2),
      declared(kReturnFinalizeSector), declared(kReturnReleaseUnsealed),
      declared(kReturnMoveStorage),    declared(kReturnFetch),
      declared(kReturnUnsealPiece),    declared(kReturnReadPiece),
  };
  return d;
}

}  // namespace

TEST_CASE("worker-side declarations match lotus's worker API", "[workers]") {
  const auto schema = read_schema("lotus-worker-api.txt");
  REQUIRE(schema.size() == 28);
  // lotus v1.23.3 api/api_worker.go where it differs from the v1.15 schema.
  const std::map<std::string, std::size_t> v1_23_counts = {{"Filecoin.FinalizeSector", 1}};
  const std::set<std::string> newer_than_schema = {"Filecoin.DataCid", "Filecoin.StorageLocal",
                                                   "Filecoin.Shutdown"};
  std::set<std::string> names;
  for (const auto& d : worker_side()) {
    INFO(d.name);
    CHECK(names.insert(d.name).second);
    CHECK(d.perm == api::Perm::kAdmin);  // every Worker method is perm:admin
    const auto it = schema.find(d.name);
    if (it == schema.end()) {
      CHECK(newer_than_schema.count(d.name) == 1);
      continue;
    }
    CHECK(newer_than_schema.count(d.name) == 0);
    const auto v1_23 = v1_23_counts.find(d.name);
    if (v1_23 != v1_23_counts.end()) {
      CHECK(it->second == 2);  // the schema's FinalizeSector(sector, keepUnsealed)
      CHECK(d.params == v1_23->second);
    } else {
      CHECK(d.params == it->second);
    }
  }
  CHECK(kWorkerApiVersion == 67328);  // 1.7.0
}

TEST_CASE("miner-side declarations match lotus's storage-miner API", "[workers]") {
  const auto schema = read_schema("lotus-miner-api.txt");
  REQUIRE(schema.size() == 137);
  // Added to lotus after v1.15 (present in v1.23.3 api/api_storage.go).
  const std::map<std::string, std::size_t> newer_than_schema = {
      {"Filecoin.SealingRemoveRequest", 1}, {"Filecoin.ReturnDataCid", 3}};
  for (const auto& d : miner_side()) {
    INFO(d.name);
    CHECK(d.perm == api::Perm::kAdmin);  // all perm:admin in api_storage.go
    const auto it = schema.find(d.name);
    if (it == schema.end()) {
      REQUIRE(newer_than_schema.count(d.name) == 1);
      CHECK(d.params == newer_than_schema.at(d.name));
    } else {
      CHECK(d.params == it->second);
    }
  }
}

TEST_CASE("typed parameters encode as lotus's docs show them", "[workers]") {
  // api-v0-methods-worker.md, AddPiece Inputs, with a null reader in place of the docs' {}.
  const json params =
      api::detail::encode_params<SectorRef, std::vector<std::uint64_t>, std::uint64_t, PieceData>(
          SectorRef{{1000, 9}, 8}, {1024}, 1024, PieceData{1024});
  CHECK(params == json::parse(R"([
    {"ID": {"Miner": 1000, "Number": 9}, "ProofType": 8},
    [1024],
    1024,
    {"Type": "null", "Info": "1024"}
  ])"));
  // Fetch Inputs: [SectorRef, 1, "sealing", "move"].
  const json fetch =
      api::detail::encode_params<SectorRef, FileTypeMask, paths::PathType, AcquireMode>(
          SectorRef{{1000, 9}, 8}, 1, paths::PathType::kSealing, AcquireMode::kMove);
  CHECK(fetch[1] == 1);
  CHECK(fetch[2] == "sealing");
  CHECK(fetch[3] == "move");
  // ReturnSealPreCommit2 on failure: [call, {"Unsealed":null,"Sealed":null}, {Code, Message}].
  const json ret = api::detail::encode_params<CallId, Returned<SectorCids>, MaybeError>(
      CallId{}, Returned<SectorCids>{}, CallError{kErrTempWorkerRestart, "worker restarted"});
  CHECK(ret[1] == json::parse(R"({"Unsealed":null,"Sealed":null})"));
  CHECK(ret[2] == json::parse(R"({"Code":101,"Message":"worker restarted"})"));
}
