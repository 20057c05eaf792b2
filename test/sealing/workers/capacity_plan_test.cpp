// The capacity plan: lotus-bench results read (tessera's JSON and lotus's --json-out
// BenchResults, cmd/lotus-bench/main.go: time.Duration fields in nanoseconds, SealingSum the sum
// over SealingResults), and stages placed on a worker with lotus's resource table
// (storiface/resources.go, v1.23.3). The expected concurrency is worked out by hand from the
// table's 32 GiB rows and the scheduler's rule (MinMemory + BaseMinMemory within physical memory
// less the MinMemory taken; MaxMemory + BaseMinMemory within memory + swap less the MaxMemory
// taken; threads within the CPUs; GPU utilisation within the GPUs).
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "sealing/workers/capacity_plan.hpp"
#include "sealing/workers/resource_table.hpp"

using namespace tessera;
using namespace tessera::workers;
using nlohmann::json;

namespace {

constexpr std::uint64_t kGiB = 1ull << 30;

WorkerResources worker(std::uint64_t cpus, std::uint64_t memory, std::size_t gpus = 0) {
  WorkerResources w;
  w.cpus = cpus;
  w.mem_physical = memory;
  for (std::size_t i = 0; i < gpus; ++i) w.gpus.push_back("gpu");
  return w;
}

// A 32 GiB bench as tessera's lotus-bench writes it (times chosen for the test).
json bench_32g() {
  return json::parse(R"({
    "sector_size": 34359738368, "proof": "StackedDrg32GiBV1_1", "cpus": 32,
    "stages": [
      {"stage": "addpiece", "seconds": 600, "cpu_seconds": 600, "peak_rss_bytes": 1e9},
      {"stage": "precommit1", "seconds": 14400, "cpu_seconds": 14400},
      {"stage": "precommit2", "seconds": 1800, "cpu_seconds": 43200},
      {"stage": "commit1", "seconds": 60},
      {"stage": "verify-commit1", "seconds": 1},
      {"stage": "commit2", "seconds": 2700, "cpu_seconds": 86400},
      {"stage": "finalize", "seconds": 30, "cpu_seconds": 30},
      {"stage": "window-post", "seconds": 5}
    ]})");
}

const StagePlan& stage(const CapacityPlan& plan, TaskType task) {
  for (const auto& s : plan.stages)
    if (s.task == task) return s;
  FAIL("no stage " << task_short_name(task));
  throw;
}

}  // namespace

TEST_CASE("capacity: tessera's lotus-bench JSON is read stage by stage", "[workers][capacity]") {
  const auto bench = parse_sealing_bench(bench_32g());
  CHECK(bench.sector_size == 32 * kGiB);
  CHECK(bench.proof == 8);  // StackedDrg32GiBV1_1
  CHECK(bench.cpus == 32u);
  REQUIRE(bench.stages.size() == 6);  // verify-commit1 and window-post are not sealing stages
  CHECK(bench.stages[0].task == TaskType::kAddPiece);
  CHECK(bench.stages[0].peak_rss == 1000000000u);
  CHECK(bench.stages[2].task == TaskType::kPreCommit2);
  CHECK(bench.stages[2].cpu_seconds == 43200.0);
  CHECK(bench.stages[3].task == TaskType::kCommit1);
  CHECK_FALSE(bench.stages[3].cpu_seconds.has_value());
  CHECK(bench.stages[5].task == TaskType::kFinalize);
}

TEST_CASE("capacity: lotus's --json-out BenchResults give the mean per sector",
          "[workers][capacity]") {
  // Two 512 MiB sectors: SealingSum is their sum, in nanoseconds; Commit2 skipped (0).
  const auto json = json::parse(R"({
    "EnvVar": {"FIL_PROOFS_USE_GPU_TREE_BUILDER": "1"},
    "SectorSize": 536870912, "SectorNumber": 2,
    "SealingSum": {"AddPiece": 4000000000, "PreCommit1": 600000000000,
                   "PreCommit2": 80000000000, "Commit1": 2000000000, "Commit2": 0,
                   "Verify": 30000000, "Unseal": 500000000000},
    "SealingResults": [{}, {}],
    "PostGenerateCandidates": 0, "PostWinningProofCold": 0})");
  const auto bench = parse_sealing_bench(json);
  CHECK(bench.sector_size == 512u << 20);
  CHECK(bench.proof == 7);
  CHECK_FALSE(bench.cpus.has_value());
  REQUIRE(bench.stages.size() == 4);
  CHECK(bench.stages[0].task == TaskType::kAddPiece);
  CHECK(bench.stages[0].seconds == Approx(2.0));
  CHECK(bench.stages[1].seconds == Approx(300.0));
  CHECK(bench.stages[2].seconds == Approx(40.0));
  CHECK(bench.stages[3].task == TaskType::kCommit1);
  CHECK_FALSE(bench.stages[1].cpu_seconds.has_value());
}

TEST_CASE("capacity: a bench that is not one is refused, naming what is wrong",
          "[workers][capacity]") {
  const auto refused = [](const std::string& text, const std::string& what) {
    INFO(text);
    CHECK_THROWS_WITH(parse_sealing_bench(json::parse(text)), Catch::Contains(what));
  };
  refused("[]", "not a JSON object");
  refused(R"({"stages": []})", "\"sector_size\"");
  refused(R"({"sector_size": 2048})", "\"stages\"");
  refused(R"({"sector_size": 4096, "stages": []})", "no seal proof for sector size 4096");
  refused(R"({"sector_size": 2048, "stages": [{"stage": "addpiece", "seconds": 1}]})",
          "no precommit1");
  refused(R"({"sector_size": 2048, "stages": [{"stage": "precommit1", "seconds": -1}]})",
          "\"seconds\" is not a non-negative number");
  refused(R"({"sector_size": 2048, "stages": [{"stage": 7, "seconds": 1}]})",
          "\"stage\" is not a string");
  refused(R"({"SectorSize": 2048, "SealingSum": {}, "SealingResults": []})", "no sector");
  refused(R"({"SectorSize": 2048, "SealingSum": {"AddPiece": 1}, "SealingResults": [{}]})",
          "\"PreCommit1\"");
}

TEST_CASE("capacity: 32 GiB on 32 CPUs and 256 GiB, lotus's table", "[workers][capacity]") {
  const auto bench = parse_sealing_bench(bench_32g());
  const auto plan = plan_capacity(bench, worker(32, 256 * kGiB));
  REQUIRE(plan.stages.size() == 6);

  // AP 32G: 4 GiB min/max, 1 GiB base, 1 thread: the 32 CPUs bind before memory (63).
  const auto& ap = stage(plan, TaskType::kAddPiece);
  CHECK(ap.threads == 1);
  CHECK(ap.concurrent == 32);
  CHECK(ap.limit == ConcurrencyLimit::kCpu);
  // PC1 32G: 56 GiB min, 64 GiB max, 10 MiB base: the fourth would need 4 x 64 GiB + 10 MiB.
  const auto& pc1 = stage(plan, TaskType::kPreCommit1);
  CHECK(pc1.concurrent == 3);
  CHECK(pc1.limit == ConcurrencyLimit::kMemory);
  CHECK(pc1.min_memory == 56 * kGiB);
  CHECK(pc1.sectors_per_day == Approx(3 * 86400.0 / 14400));  // 18
  // PC2 32G without a GPU: 92% of the CPUs (29 threads) each, so one at a time.
  const auto& pc2 = stage(plan, TaskType::kPreCommit2);
  CHECK(pc2.threads == 29);
  CHECK(pc2.concurrent == 1);
  CHECK(pc2.limit == ConcurrencyLimit::kCpu);
  CHECK(pc2.sectors_per_day == Approx(86400.0 / 1800));  // 48
  // C1 32G: no threads reserved, 1 GiB min/max/base: 255 fit in 256 GiB.
  const auto& c1 = stage(plan, TaskType::kCommit1);
  CHECK(c1.threads == 0);
  CHECK(c1.concurrent == 255);
  CHECK(c1.limit == ConcurrencyLimit::kMemory);
  CHECK(c1.cpu_seconds == Approx(60.0));  // not measured: wall time x max(threads, 1)
  // C2 32G: 29 threads, 150 GiB max + 32 GiB base; CPUs and memory both allow one.
  const auto& c2 = stage(plan, TaskType::kCommit2);
  CHECK(c2.concurrent == 1);
  CHECK(c2.sectors_per_day == Approx(32.0));  // min(86400/2700, 32 x 86400/86400)
  // FIN has no row in lotus's table: nothing bounds it below the plan's cap.
  const auto& fin = stage(plan, TaskType::kFinalize);
  CHECK(fin.concurrent == 1024);
  CHECK(fin.limit == ConcurrencyLimit::kNone);

  CHECK(plan.sector_seconds == Approx(600 + 14400 + 1800 + 60 + 2700 + 30));
  CHECK(plan.cpu_seconds == Approx(600 + 14400 + 43200 + 60 + 86400 + 30));
  CHECK(plan.cpu_sectors_per_day == Approx(32 * 86400.0 / 144690));  // 19.1
  CHECK(plan.sectors_per_day == Approx(18.0));
  REQUIRE(plan.bottleneck.has_value());
  CHECK(*plan.bottleneck == TaskType::kPreCommit1);

  // With 512 GiB, seven PC1s fit (7 x 64 GiB + 10 MiB) and the CPUs become the bound.
  const auto bigger = plan_capacity(bench, worker(32, 512 * kGiB));
  CHECK(stage(bigger, TaskType::kPreCommit1).concurrent == 7);
  CHECK(bigger.sectors_per_day == Approx(bigger.cpu_sectors_per_day));
  CHECK_FALSE(bigger.bottleneck.has_value());
  CHECK(capacity_plan_to_json(bench, worker(32, 512 * kGiB), bigger).at("bottleneck") == "cpu");
}

TEST_CASE("capacity: GPUs, env overrides and a worker too small", "[workers][capacity]") {
  const auto bench = parse_sealing_bench(bench_32g());
  // With a GPU, PC2 32G takes MaxParallelismGPU (6) threads: the one GPU is what binds.
  const auto with_gpu = plan_capacity(bench, worker(32, 256 * kGiB, 1));
  CHECK(stage(with_gpu, TaskType::kPreCommit2).threads == 6);
  CHECK(stage(with_gpu, TaskType::kPreCommit2).concurrent == 1);
  CHECK(stage(with_gpu, TaskType::kPreCommit2).limit == ConcurrencyLimit::kGpu);
  const auto two_gpus = plan_capacity(bench, worker(32, 256 * kGiB, 2));
  CHECK(stage(two_gpus, TaskType::kPreCommit2).concurrent == 2);

  // PC1_32G_MAX_CONCURRENT=2 in the worker's environment (its reported table).
  auto limited = worker(32, 256 * kGiB);
  limited.resources = parse_resource_env([](const std::string& name) -> std::optional<std::string> {
    if (name == "PC1_32G_MAX_CONCURRENT") return "2";
    return std::nullopt;
  });
  const auto limited_plan = plan_capacity(bench, limited);
  const auto& pc1 = stage(limited_plan, TaskType::kPreCommit1);
  CHECK(pc1.concurrent == 2);
  CHECK(pc1.limit == ConcurrencyLimit::kMaxConcurrent);

  // 32 GiB of memory holds no PC1 of a 32 GiB sector (56 GiB): the worker seals nothing.
  const auto small = plan_capacity(bench, worker(32, 32 * kGiB));
  CHECK(stage(small, TaskType::kPreCommit1).concurrent == 0);
  CHECK(stage(small, TaskType::kPreCommit1).sectors_per_day == 0);
  CHECK(small.sectors_per_day == 0);
  CHECK(*small.bottleneck == TaskType::kPreCommit1);

  const auto out = capacity_plan_to_json(bench, worker(32, 256 * kGiB, 1), with_gpu);
  CHECK(out.at("gpus") == 1);
  CHECK(out.at("stages").at(2).at("task") == "PC2");
  CHECK(out.at("stages").at(2).at("limited_by") == "gpu");
}
