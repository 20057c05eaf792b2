// WorkerInfo, WorkerStats and WorkerJob against lotus v1.23.3's API docs (examples quoted from
// documentation/en/api-v0-methods-miner.md and api-v0-methods-worker.md; the full Info example
// is test/fixtures/lotus-worker-info-example.json), and Go's time.Time JSON.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "sealing/workers/go_time.hpp"
#include "sealing/workers/worker_info.hpp"

using namespace tessera;
using namespace tessera::workers;
using nlohmann::json;

namespace {

json info_example() {
  std::ifstream in(std::filesystem::path(TESSERA_TEST_FIXTURES) / "lotus-worker-info-example.json");
  REQUIRE(in);
  return json::parse(in).at("example");
}

}  // namespace

TEST_CASE("Go time.Time JSON", "[workers]") {
  // WorkerJobs' example Start (api-v0-methods-miner.md): 2020-11-12T09:22:07Z = 1605172927 s.
  const auto t = parse_go_time("2020-11-12T09:22:07Z", "Start");
  REQUIRE(t);
  CHECK(t->time_since_epoch() == std::chrono::seconds(1605172927));
  CHECK(format_go_time(t) == "2020-11-12T09:22:07Z");
  // A local-zone time as Go writes it, with nanoseconds; written back in UTC, zeros trimmed.
  const auto local = parse_go_time("2020-11-12T10:22:07.120000000+01:00", "Start");
  REQUIRE(local);
  CHECK(*local - *t == std::chrono::milliseconds(120));
  CHECK(format_go_time(local) == "2020-11-12T09:22:07.12Z");
  CHECK(format_go_time(parse_go_time("1969-12-31T23:59:59.000000001Z", "t")) ==
        "1969-12-31T23:59:59.000000001Z");
  // Go's zero time.
  CHECK_FALSE(parse_go_time("0001-01-01T00:00:00Z", "t").has_value());
  CHECK(format_go_time(std::nullopt) == "0001-01-01T00:00:00Z");

  for (const char* bad :
       {"", "2020-11-12", "2020-11-12T09:22:07", "2020-11-12 09:22:07Z", "2020-13-12T09:22:07Z",
        "2020-02-30T09:22:07Z", "2020-11-12T24:00:00Z", "2020-11-12T09:22:07.Z",
        "2020-11-12T09:22:07.1234567890Z", "2020-11-12T09:22:07+0100", "2020-11-12T09:22:07Zx",
        "3000-01-01T00:00:00Z"}) {
    INFO(bad);
    CHECK_THROWS_WITH(parse_go_time(bad, "WorkerJob.Start"), Catch::Contains("WorkerJob.Start"));
  }
}

TEST_CASE("WorkerJob matches lotus's WorkerJobs example", "[workers]") {
  // api-v0-methods-miner.md, WorkerJobs Response["ef8d99a2-…"][0].
  const json example = json::parse(R"({
    "ID": {
      "Sector": {"Miner": 1000, "Number": 100},
      "ID": "76081ba0-61bd-45a5-bc08-af05f1c26e5d"
    },
    "Sector": {"Miner": 1000, "Number": 100},
    "Task": "seal/v0/precommit/2",
    "RunWait": 0,
    "Start": "2020-11-12T09:22:07Z",
    "Hostname": "host"
  })");
  const WorkerJob job = api::Codec<WorkerJob>::decode(example);
  CHECK(job.id.id == "76081ba0-61bd-45a5-bc08-af05f1c26e5d");
  CHECK(job.sector == paths::SectorId{1000, 100});
  CHECK(job.task == TaskType::kPreCommit2);
  CHECK(job.run_wait == kRunWaitRunning);
  CHECK(job.hostname == "host");
  CHECK(api::Codec<WorkerJob>::encode(job) == example);

  // Hostname is omitempty.
  WorkerJob assigned = job;
  assigned.hostname.clear();
  assigned.run_wait = 2;
  json j = to_json(assigned);
  CHECK_FALSE(j.contains("Hostname"));
  CHECK(worker_job_from_json(j) == assigned);

  j["Task"] = "seal/v0/precommit/9";
  CHECK_THROWS_WITH(worker_job_from_json(j), Catch::Contains("WorkerJob.Task"));
  j = example;
  j["RunWait"] = 1.5;
  CHECK_THROWS_WITH(worker_job_from_json(j), Catch::Contains("WorkerJob.RunWait"));
  j = example;
  j.erase("Start");
  CHECK_THROWS_WITH(worker_job_from_json(j), Catch::Contains("Start"));
}

TEST_CASE("WorkerInfo matches lotus's Info example", "[workers]") {
  const json example = info_example();
  const WorkerInfo info = api::Codec<WorkerInfo>::decode(example);
  CHECK(info.hostname == "string value");
  CHECK(info.ignore_resources);
  CHECK(info.resources.mem_physical == 42);
  CHECK(info.resources.cpus == 42);
  CHECK(info.resources.gpus == std::vector<std::string>{"string value"});
  REQUIRE(info.resources.resources);
  CHECK(info.resources.resources->size() == 14);
  // The example's 32GiB V1_1 window PoSt row (the docs: MaxMemory 96 GiB).
  const Resources wdp = info.resources.resources->at(TaskType::kWindowPost).at(8);
  CHECK(wdp.max_memory == 103079215104);
  CHECK(wdp.max_parallelism == -1);
  CHECK(wdp.max_parallelism_gpu == 6);
  CHECK(api::Codec<WorkerInfo>::encode(info) == example);

  json bad = example;
  bad["Resources"]["CPUs"] = "42";
  CHECK_THROWS_WITH(worker_info_from_json(bad), Catch::Contains("CPUs"));
  bad = example;
  bad["Resources"]["Resources"]["seal/v0/precommit/1"]["8"]["MaxMemory"] = -1;
  CHECK_THROWS_WITH(worker_info_from_json(bad), Catch::Contains("MaxMemory"));
  bad = example;
  bad["Resources"]["Resources"]["seal/v0/precommit/1"]["x"] =
      bad["Resources"]["Resources"]["seal/v0/precommit/1"]["8"];
  CHECK_THROWS_AS(worker_info_from_json(bad), InvalidInput);
  bad = example;
  bad["IgnoreResources"] = "true";
  CHECK_THROWS_WITH(worker_info_from_json(bad), Catch::Contains("IgnoreResources"));
}

TEST_CASE("WorkerStats with lotus's null slices and maps", "[workers]") {
  // api-v0-methods-miner.md, WorkerStats Response["ef8d99a2-…"] (its Info with a null table).
  const json example = json::parse(R"({
    "Info": {
      "Hostname": "host",
      "IgnoreResources": false,
      "Resources": {
        "MemPhysical": 274877906944,
        "MemUsed": 2147483648,
        "MemSwap": 128849018880,
        "MemSwapUsed": 2147483648,
        "CPUs": 64,
        "GPUs": ["aGPU 1337"],
        "Resources": null
      }
    },
    "Tasks": null,
    "Enabled": true,
    "MemUsedMin": 0,
    "MemUsedMax": 0,
    "GpuUsed": 0,
    "CpuUse": 0,
    "TaskCounts": null
  })");
  const WorkerStats stats = api::Codec<WorkerStats>::decode(example);
  CHECK(stats.info.resources.mem_physical == 274877906944);
  CHECK_FALSE(stats.info.resources.resources.has_value());
  CHECK(stats.tasks.empty());
  CHECK(stats.task_counts.empty());
  CHECK(stats.enabled);

  WorkerStats busy = stats;
  busy.tasks = {TaskType::kPreCommit1, TaskType::kFetch};
  busy.task_counts = {{"8:seal/v0/precommit/1", 2}};
  busy.gpu_used = 0.5;
  const json j = to_json(busy);
  CHECK(j["Tasks"] == json::array({"seal/v0/precommit/1", "seal/v0/fetch"}));
  CHECK(j["TaskCounts"]["8:seal/v0/precommit/1"] == 2);
  CHECK(worker_stats_from_json(j) == busy);

  json bad = example;
  bad["GpuUsed"] = "0";
  CHECK_THROWS_WITH(worker_stats_from_json(bad), Catch::Contains("GpuUsed"));
  bad = example;
  bad["Tasks"] = json::array({"PC1"});
  CHECK_THROWS_AS(worker_stats_from_json(bad), InvalidInput);
}

TEST_CASE("WorkerResources picks its own row, else the default table's", "[workers]") {
  WorkerResources r;
  CHECK(r.resource_spec(8, TaskType::kPreCommit1).min_memory == 56ull << 30);
  ResourceTable own;
  Resources custom;
  custom.max_concurrent = 4;
  own[TaskType::kPreCommit1][8] = custom;
  r.resources = own;
  CHECK(r.resource_spec(8, TaskType::kPreCommit1) == custom);
  // Rows missing from the worker's table come from the default one.
  CHECK(r.resource_spec(3, TaskType::kPreCommit1).min_memory == 56ull << 30);
  CHECK(r.resource_spec(8, TaskType::kPreCommit2).min_memory == 15ull << 30);
  // PrepResourceSpec: MaxConcurrent from the prepare task (here PC1's row limits a PC2 fetch).
  const Resources prep = r.prep_resource_spec(8, TaskType::kPreCommit2, TaskType::kPreCommit1);
  CHECK(prep.max_concurrent == 4);
  CHECK(prep.min_memory == 15ull << 30);
  CHECK(r.prep_resource_spec(8, TaskType::kPreCommit1, std::nullopt).max_concurrent == 4);
}
