// Local storage paths under concurrency: opens of one path attach it once, concurrent adds and
// detaches of distinct paths all reach storage.json, and a detach racing a re-add of the same
// path leaves storage.json, the open paths and the index agreeing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <latch>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "storage/index/sector_index.hpp"
#include "storage/paths/local_paths.hpp"
#include "storage/paths/local_storage_meta.hpp"
#include "storage/paths/storage_config.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::paths;

namespace {

constexpr const char* kUrl = "http://127.0.0.1:1/remote";

// A storage path folder named and identified by id, holding its sectorstore.json.
std::filesystem::path make_path(const test::TempDir& dir, const std::string& id) {
  const auto path = dir / id;
  std::filesystem::create_directories(path);
  LocalStorageMeta meta;
  meta.id = id;
  meta.weight = 10;
  meta.can_seal = true;
  meta.can_store = true;
  write_local_storage_meta(path / std::string(kMetaFileName), meta);
  return path;
}

// Runs f(0) … f(n-1) on n threads released together; returns once all have finished.
template <typename F>
void run_together(int n, F f) {
  std::latch start(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      f(i);
    });
  for (auto& t : threads) t.join();
}

// "ok", "conflict", "not found", or the message of another error.
template <typename F>
std::string outcome(F f) {
  try {
    f();
    return "ok";
  } catch (const Conflict&) {
    return "conflict";
  } catch (const NotFound&) {
    return "not found";
  } catch (const std::exception& e) {
    return e.what();
  }
}

// An in-memory index counting the attach calls each path ID got.
struct CountingIndex {
  SectorIndex index{nullptr};
  std::map<std::string, int> attaches;  // written by the listener, which runs one at a time
  CountingIndex() {
    index.on_change([this](const nlohmann::json& change) {
      if (change["Change"] == "attach") ++attaches[change["Info"]["ID"].get<std::string>()];
    });
  }
};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> listed(const std::filesystem::path& config) {
  return sorted(read_storage_config(config).storage_paths);
}

}  // namespace

TEST_CASE("local paths: concurrent adds of one path attach it once", "[storage][localpaths]") {
  test::TempDir dir;
  CountingIndex counting;
  const auto config = dir / "storage.json";
  write_storage_config(config, StorageConfig{});
  LocalPaths local(counting.index, config);
  local.open_all(kUrl);
  constexpr int kRounds = 10, kThreads = 6;
  std::vector<std::string> expected;
  for (int round = 0; round < kRounds; ++round) {
    const std::string id = "same-" + std::to_string(round);
    const auto path = make_path(dir, id);
    expected.push_back(path.string());
    std::vector<std::string> outcomes(kThreads);
    run_together(kThreads, [&](int i) { outcomes[i] = outcome([&] { local.add(path); }); });
    CAPTURE(round, outcomes);
    CHECK(std::count(outcomes.begin(), outcomes.end(), "ok") == 1);
    CHECK(std::count(outcomes.begin(), outcomes.end(), "conflict") == kThreads - 1);
    CHECK(counting.attaches[id] == 1);
  }
  CHECK(listed(config) == sorted(expected));
  CHECK(local.local().size() == kRounds);
  CHECK(counting.index.list().size() == kRounds);
}

TEST_CASE("local paths: an add racing open_all of the same path attaches it once",
          "[storage][localpaths]") {
  test::TempDir dir;
  constexpr int kRounds = 10;
  for (int round = 0; round < kRounds; ++round) {
    const std::string id = "listed-" + std::to_string(round);
    const auto path = make_path(dir, id);
    const auto config = dir / ("storage-" + std::to_string(round) + ".json");
    write_storage_config(config, StorageConfig{{path.string()}});
    CountingIndex counting;
    LocalPaths local(counting.index, config);
    std::string opened, added;
    run_together(2, [&](int i) {
      if (i == 0)
        opened = outcome([&] { local.open_all(kUrl); });
      else
        added = outcome([&] { local.add(path); });
    });
    CAPTURE(round, opened, added);
    CHECK(opened == "ok");
    CHECK(added == "conflict");  // not open yet, being opened, or already open
    CHECK(counting.attaches[id] == 1);
    CHECK(read_storage_config(config).storage_paths == std::vector<std::string>{path.string()});
    CHECK(local.local() == std::map<std::string, std::string>{{id, path.string()}});
    CHECK(counting.index.info(id).urls == std::vector<std::string>{kUrl});
  }
}

TEST_CASE("local paths: concurrent adds and detaches of distinct paths all reach storage.json",
          "[storage][localpaths]") {
  test::TempDir dir;
  CountingIndex counting;
  const auto config = dir / "storage.json";
  write_storage_config(config, StorageConfig{});
  LocalPaths local(counting.index, config);
  local.open_all(kUrl);
  local.start_heartbeat(std::chrono::milliseconds(1));  // a reader of the paths meanwhile
  constexpr int kThreads = 8, kEach = 4;

  // Every thread adds its own paths.
  std::vector<std::vector<std::filesystem::path>> first(kThreads), second(kThreads);
  std::vector<std::string> first_names, second_names;
  for (int t = 0; t < kThreads; ++t)
    for (int k = 0; k < kEach; ++k) {
      first[t].push_back(make_path(dir, "a-" + std::to_string(t) + "-" + std::to_string(k)));
      second[t].push_back(make_path(dir, "b-" + std::to_string(t) + "-" + std::to_string(k)));
      first_names.push_back(first[t].back().string());
      second_names.push_back(second[t].back().string());
    }
  std::mutex failures_mu;
  std::vector<std::string> failures;
  const auto record = [&](const std::string& result) {
    if (result == "ok") return;
    std::lock_guard lock(failures_mu);
    failures.push_back(result);
  };
  run_together(kThreads, [&](int t) {
    for (const auto& path : first[t]) record(outcome([&] { local.add(path); }));
  });
  CHECK(failures.empty());
  CHECK(listed(config) == sorted(first_names));
  CHECK(local.local().size() == first_names.size());

  // Half the threads detach the first paths while the other half add the second ones.
  run_together(kThreads, [&](int t) {
    const auto& mine = t % 2 == 0 ? first : second;
    for (int k = t / 2 * 2; k < t / 2 * 2 + 2; ++k)
      for (const auto& path : mine[k]) {
        if (t % 2 == 0)
          record(outcome([&] { local.detach(path); }));
        else
          record(outcome([&] { local.add(path); }));
      }
  });
  CHECK(failures.empty());
  CHECK(listed(config) == sorted(second_names));
  std::vector<std::string> open;
  for (const auto& [id, path] : local.local()) open.push_back(path);
  CHECK(sorted(open) == sorted(second_names));
  std::vector<std::string> indexed;
  for (const auto& [id, decls] : counting.index.list()) indexed.push_back((dir / id).string());
  CHECK(sorted(indexed) == sorted(second_names));
}

TEST_CASE("local paths: a detach racing a re-add of the same path leaves everything agreeing",
          "[storage][localpaths]") {
  test::TempDir dir;
  SectorIndex index(nullptr);
  const auto config = dir / "storage.json";
  write_storage_config(config, StorageConfig{});
  LocalPaths local(index, config);
  local.open_all(kUrl);
  const auto path = make_path(dir, "p");
  local.add(path);
  constexpr int kRounds = 30;
  for (int round = 0; round < kRounds; ++round) {
    std::string detached, added;
    run_together(2, [&](int i) {
      if (i == 0)
        detached = outcome([&] { local.detach(path); });
      else
        added = outcome([&] { local.add(path); });
    });
    CAPTURE(round, detached, added);
    CHECK(detached == "ok");
    CHECK((added == "ok" || added == "conflict"));
    const bool open = local.local().contains("p");
    CHECK(open == (added == "ok"));
    CHECK(open == (read_storage_config(config).storage_paths.size() == 1));
    CHECK(open == index.list().contains("p"));
    if (!open) local.add(path);
  }
}
