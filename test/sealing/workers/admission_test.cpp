// The admission check and bookkeeping against lotus v1.23.3 storage/sealer/sched_resources.go
// (CanHandleRequest, Add, Free, utilization), with figures worked out by hand from its formulas.
#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "sealing/workers/admission.hpp"

using namespace tessera;
using namespace tessera::workers;

namespace {

constexpr std::uint64_t kGiB = 1ull << 30;

// A 32-CPU worker with 256 GiB RAM, 64 GiB swap, 16 GiB in use by others, no GPU.
WorkerInfo worker(std::size_t gpus = 0) {
  WorkerInfo info;
  info.hostname = "w1";
  info.resources.mem_physical = 256 * kGiB;
  info.resources.mem_used = 16 * kGiB;
  info.resources.mem_swap = 64 * kGiB;
  info.resources.mem_swap_used = 0;
  info.resources.cpus = 32;
  for (std::size_t i = 0; i < gpus; ++i) info.resources.gpus.push_back("GPU " + std::to_string(i));
  return info;
}

Resources need(std::uint64_t min, std::uint64_t max, std::uint64_t base, std::int64_t par,
               double gpu = 0, std::int64_t par_gpu = 0, std::int64_t max_concurrent = 0) {
  Resources r;
  r.min_memory = min;
  r.max_memory = max;
  r.base_min_memory = base;
  r.max_parallelism = par;
  r.gpu_utilization = gpu;
  r.max_parallelism_gpu = par_gpu;
  r.max_concurrent = max_concurrent;
  return r;
}

const SealTask kPc1{TaskType::kPreCommit1, 8};
const SealTask kPc2{TaskType::kPreCommit2, 8};
const SealTask kC2{TaskType::kCommit2, 8};

}  // namespace

TEST_CASE("seal task strings", "[workers]") {
  CHECK(to_string(kPc1) == "8:seal/v0/precommit/1");
  CHECK(parse_seal_task("8:seal/v0/precommit/1") == kPc1);
  CHECK(parse_seal_task("-1:seal/v0/fetch") == SealTask{TaskType::kFetch, -1});
  CHECK_THROWS_AS(parse_seal_task("seal/v0/precommit/1"), InvalidInput);
  CHECK_THROWS_AS(parse_seal_task(":seal/v0/precommit/1"), InvalidInput);
  CHECK_THROWS_AS(parse_seal_task("8:PC1"), InvalidInput);
  CHECK_THROWS_AS(parse_seal_task("8x:seal/v0/precommit/1"), InvalidInput);
}

TEST_CASE("physical memory: MinMemory + BaseMinMemory against what is free", "[workers]") {
  const WorkerInfo w = worker();
  ActiveResources active;
  const Resources pc1 = resources_for(default_resource_table(), TaskType::kPreCommit1, 8);
  // 56 GiB + 10 MiB each: four fit in 256 GiB (224 GiB + 10 MiB), the fifth does not.
  for (int i = 0; i < 4; ++i) {
    INFO(i);
    REQUIRE(active.can_handle("", kPc1, pc1, w));
    active.add("req" + std::to_string(i), kPc1, w.resources, pc1);
  }
  CHECK(active.mem_used_min() == 224 * kGiB);
  CHECK_FALSE(active.can_handle("", kPc1, pc1, w));
  // Exactly what is left still fits: 32 GiB.
  CHECK(active.can_handle("", kPc2, need(31 * kGiB, 0, 1 * kGiB, 0), w));
  CHECK_FALSE(active.can_handle("", kPc2, need(31 * kGiB, 0, 1 * kGiB + 1, 0), w));
  // Freeing one makes room again.
  active.free("req0", kPc1, w.resources, pc1);
  CHECK(active.can_handle("", kPc1, pc1, w));
}

TEST_CASE("virtual memory: MaxMemory against RAM + swap less the larger use", "[workers]") {
  WorkerInfo w = worker();
  ActiveResources active;
  // RAM + swap = 320 GiB; others use 16 GiB, so 304 GiB are free while we use less than that.
  CHECK(active.can_handle("", kC2, need(0, 300 * kGiB, 4 * kGiB, 0), w));
  CHECK_FALSE(active.can_handle("", kC2, need(0, 300 * kGiB, 4 * kGiB + 1, 0), w));
  // With 100 GiB of MaxMemory taken, that (not the 16 GiB) is subtracted: 220 GiB left.
  active.add("a", kPc2, w.resources, need(0, 100 * kGiB, 0, 0));
  CHECK(active.can_handle("", kC2, need(0, 220 * kGiB, 0, 0), w));
  CHECK_FALSE(active.can_handle("", kC2, need(0, 220 * kGiB + 1, 0, 0), w));
  // Swap in use by others counts: MemUsed + MemSwapUsed = 16 + 200 GiB > 100 GiB.
  w.resources.mem_swap_used = 200 * kGiB;
  CHECK(active.can_handle("", kC2, need(0, 104 * kGiB, 0, 0), w));
  CHECK_FALSE(active.can_handle("", kC2, need(0, 104 * kGiB + 1, 0, 0), w));
}

TEST_CASE("over-committed memory admits nothing (no unsigned wrap-around)", "[workers]") {
  WorkerInfo w = worker();
  ActiveResources active;
  w.ignore_resources = true;
  // Accepted while resources are ignored: 300 GiB min memory on a 256 GiB machine.
  active.add("big", kPc1, w.resources, need(300 * kGiB, 300 * kGiB, 0, 0));
  CHECK(active.can_handle("", kPc1, need(1, 1, 0, 0), w));
  w.ignore_resources = false;
  // lotus computes 256 GiB - 300 GiB in uint64 and would admit; tessera says no.
  CHECK_FALSE(active.can_handle("", kPc1, need(1, 1, 0, 0), w));
}

TEST_CASE("CPU threads: cpuUse + Threads <= CPUs", "[workers]") {
  const WorkerInfo w = worker();
  ActiveResources active;
  const Resources pc2 = resources_for(default_resource_table(), TaskType::kPreCommit2, 8);
  // PC2 takes 92% of 32 CPUs = 29 threads; a second one does not fit, a 3-thread task does.
  REQUIRE(active.can_handle("", kPc2, pc2, w));
  active.add("p", kPc2, w.resources, pc2);
  CHECK(active.cpu_use() == 29);
  CHECK_FALSE(active.can_handle("", kPc2, pc2, w));
  CHECK(active.can_handle("", kPc1, need(0, 0, 0, 3), w));
  CHECK_FALSE(active.can_handle("", kPc1, need(0, 0, 0, 4), w));
  // C1 takes no thread at all.
  CHECK(active.can_handle("", kPc1, need(0, 0, 0, 0), w));
}

TEST_CASE("GPUs: checked only when the worker has some", "[workers]") {
  const Resources c2 = resources_for(default_resource_table(), TaskType::kCommit2, 8);
  SECTION("one GPU: one C2 at a time, and it takes MaxParallelismGPU threads") {
    const WorkerInfo w = worker(1);
    ActiveResources active;
    REQUIRE(active.can_handle("", kC2, c2, w));
    active.add("c", kC2, w.resources, c2);
    CHECK(active.gpu_used() == 1.0);
    CHECK(active.cpu_use() == 6);
    CHECK_FALSE(active.can_handle("", kC2, c2, w));
    // Two half-GPU tasks share one (C2_32G_GPU_UTILIZATION=0.5).
    const Resources half = need(1 * kGiB, 1 * kGiB, 0, 1, 0.5, 1);
    ActiveResources shared;
    shared.add("a", kC2, w.resources, half);
    CHECK(shared.can_handle("", kC2, half, w));
    shared.add("b", kC2, w.resources, half);
    CHECK_FALSE(shared.can_handle("", kC2, half, w));
    // A task that uses no GPU is not held back by a busy one.
    CHECK(active.can_handle("", kPc1, need(1, 1, 0, 1), w));
  }
  SECTION("no GPU: GPU tasks are admitted and run on the CPU threads") {
    const WorkerInfo w = worker(0);
    ActiveResources active;
    REQUIRE(active.can_handle("", kC2, need(0, 0, 0, 1, 1.0, 6), w));
    active.add("a", kC2, w.resources, need(0, 0, 0, 1, 1.0, 6));
    CHECK(active.can_handle("", kC2, need(0, 0, 0, 1, 1.0, 6), w));
    CHECK(active.cpu_use() == 1);  // MaxParallelism, not the GPU variant
  }
}

TEST_CASE("MaxConcurrent counts requests per seal task", "[workers]") {
  const WorkerInfo w = worker();
  ActiveResources active;
  const Resources limited = need(0, 0, 0, 0, 0, 0, 2);
  active.add("r1", kPc1, w.resources, limited);
  CHECK(active.can_handle("r2", kPc1, limited, w));
  active.add("r2", kPc1, w.resources, limited);
  CHECK(active.task_count(kPc1) == 2);
  CHECK_FALSE(active.can_handle("r3", kPc1, limited, w));
  CHECK_FALSE(active.can_handle("", kPc1, limited, w));
  // A request already counted may go on (e.g. from preparing to running).
  CHECK(active.can_handle("r1", kPc1, limited, w));
  // The nil UUID is "no request", as lotus's uuid.UUID{}.
  CHECK_FALSE(active.can_handle("00000000-0000-0000-0000-000000000000", kPc1, limited, w));
  // Other seal tasks and other proofs have their own count.
  CHECK(active.can_handle("r3", kPc2, limited, w));
  CHECK(active.can_handle("r3", SealTask{TaskType::kPreCommit1, 3}, limited, w));
  // The same request added twice still counts once.
  active.add("r1", kPc1, w.resources, limited);
  CHECK(active.task_count(kPc1) == 2);
  active.free("r1", kPc1, w.resources, limited);
  CHECK(active.task_count(kPc1) == 2);
  active.free("r1", kPc1, w.resources, limited);
  CHECK(active.task_count(kPc1) == 1);
  CHECK(active.can_handle("r3", kPc1, limited, w));
  // MaxConcurrent holds even when resources are ignored.
  WorkerInfo ignoring = w;
  ignoring.ignore_resources = true;
  active.add("r4", kPc1, w.resources, limited);
  CHECK_FALSE(active.can_handle("r5", kPc1, limited, ignoring));
  CHECK(active.can_handle("r5", kPc2, need(1000 * kGiB, 1000 * kGiB, 0, 1000), ignoring));
}

TEST_CASE("bookkeeping: add, free, utilization, counts", "[workers]") {
  const WorkerInfo w = worker(2);
  ActiveResources active;
  // Idle: the larger of 16/256 (RAM used by others) and 16/320 (RAM + swap).
  CHECK(active.utilization(w.resources) == Approx(16.0 / 256.0));
  const Resources pc2 = resources_for(default_resource_table(), TaskType::kPreCommit2, 8);
  // PC2 32GiB on a GPU worker: 6 threads (6/32), 15 GiB (max(16,15)/256), 1 of 2 GPUs (0.5).
  const double grew = active.add("a", kPc2, w.resources, pc2);
  CHECK(active.utilization(w.resources) == Approx(0.5));
  CHECK(grew == Approx(0.5 - 16.0 / 256.0));
  CHECK(active.mem_used_min() == 15 * kGiB);
  CHECK(active.mem_used_max() == 15 * kGiB);
  CHECK(active.cpu_use() == 6);
  CHECK(active.task_count() == 1);
  CHECK(active.task_counts() == std::map<std::string, std::int64_t>{{"8:seal/v0/precommit/2", 1}});
  active.add("b", kPc1, w.resources, need(100 * kGiB, 120 * kGiB, 0, 1));
  CHECK(active.task_count() == 2);
  // CPU 7/32, RAM 115/256, RAM+swap 135/320, GPU 1/2: the GPU's 0.5 is still the largest.
  CHECK(active.utilization(w.resources) == Approx(0.5));
  active.add("c", kPc1, w.resources, need(100 * kGiB, 120 * kGiB, 0, 1));
  // Now RAM: 215/256.
  CHECK(active.utilization(w.resources) == Approx(215.0 / 256.0));
  active.free("c", kPc1, w.resources, need(100 * kGiB, 120 * kGiB, 0, 1));

  active.free("a", kPc2, w.resources, pc2);
  active.free("b", kPc1, w.resources, need(100 * kGiB, 120 * kGiB, 0, 1));
  CHECK(active.mem_used_min() == 0);
  CHECK(active.mem_used_max() == 0);
  CHECK(active.cpu_use() == 0);
  CHECK(active.gpu_used() == 0);
  CHECK(active.task_count() == 0);
  CHECK(active.task_counts().empty());
  // Freeing what was never added is refused and changes nothing.
  CHECK_THROWS_AS(active.free("a", kPc2, w.resources, pc2), InvalidInput);
  CHECK(active.task_count() == 0);
}

TEST_CASE("a worker reporting zero CPUs or memory does not divide by zero", "[workers]") {
  WorkerResources empty;
  ActiveResources active;
  CHECK(active.utilization(empty) == 0.0);
  WorkerInfo info;
  CHECK_FALSE(active.can_handle("", kPc1, need(1, 1, 0, 0), info));
  CHECK(active.can_handle("", kPc1, need(0, 0, 0, 0), info));
}
