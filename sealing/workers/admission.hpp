// The scheduler's resource bookkeeping for one worker and its admission check (lotus
// storage/sealer/sched_resources.go ActiveResources, v1.23.3; reference/peers.md §C.1). Pure
// values, no locking: the scheduler owns one per worker (active, preparing, each window) and
// guards it with its own lock.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sealing/workers/resource_table.hpp"
#include "sealing/workers/task_type.hpp"
#include "sealing/workers/worker_info.hpp"

namespace tessera::workers {

// lotus sealtasks.SealTaskType: a task type for one seal proof.
struct SealTask {
  TaskType task = TaskType::kAddPiece;
  std::int64_t proof = 0;
  auto operator<=>(const SealTask&) const = default;
};
// "<proof>:<task name>", e.g. "8:seal/v0/precommit/1" (WorkerStats.TaskCounts keys).
std::string to_string(const SealTask& task);
// Reads to_string's form; InvalidInput otherwise.
SealTask parse_seal_task(std::string_view text);

// What runs (or is reserved) on a worker: memory, CPU threads and GPUs taken, and per seal task
// the scheduler request IDs counted against MaxConcurrent.
class ActiveResources {
 public:
  // Whether a request (sched_id; empty or the nil UUID = none) for task needing need can start
  // on the worker described by info next to what is already here (lotus CanHandleRequest):
  //  - MaxConcurrent > 0: fewer tasks of this seal task than that, unless sched_id is already
  //    counted (checked even with IgnoreResources);
  //  - IgnoreResources: yes;
  //  - MinMemory + BaseMinMemory <= MemPhysical - sum of MinMemory here;
  //  - MaxMemory + BaseMinMemory <= MemPhysical + MemSwap - max(sum of MaxMemory here,
  //    MemUsed + MemSwapUsed);
  //  - CPU threads here + need.threads(CPUs, #GPUs) <= CPUs;
  //  - when the worker has GPUs and the task uses one: GPUs used + GPUUtilization <= #GPUs.
  // Differs from lotus only where lotus's unsigned arithmetic wraps: memory already
  // over-committed counts as none available (lotus would admit anything then).
  bool can_handle(std::string_view sched_id, const SealTask& task, const Resources& need,
                  const WorkerInfo& info) const;

  // Takes need's resources for a request (lotus Add); returns how much utilization() grew.
  double add(std::string_view sched_id, const SealTask& task, const WorkerResources& worker,
             const Resources& need);
  // Gives back what add took for the same arguments (lotus Free). InvalidInput when no such
  // request was added (the counters are left unchanged then).
  void free(std::string_view sched_id, const SealTask& task, const WorkerResources& worker,
            const Resources& need);

  // 0..1 (more when over-committed): the largest of the CPU, RAM, RAM+swap and GPU fractions in
  // use, counting the worker's own MemUsed/MemSwapUsed when larger (lotus utilization). A
  // worker reporting 0 CPUs or 0 memory counts as fully used once anything is taken (lotus
  // divides by zero there).
  double utilization(const WorkerResources& worker) const;

  // Requests counted for task, or for every seal task when nullopt (lotus taskCount).
  std::size_t task_count(const std::optional<SealTask>& task = std::nullopt) const;
  // "<proof>:<task name>" -> requests, as the miner's WorkerStats reports TaskCounts.
  std::map<std::string, std::int64_t> task_counts() const;

  std::uint64_t mem_used_min() const { return mem_used_min_; }
  std::uint64_t mem_used_max() const { return mem_used_max_; }
  double gpu_used() const { return gpu_used_; }
  std::uint64_t cpu_use() const { return cpu_use_; }

 private:
  std::uint64_t mem_used_min_ = 0;
  std::uint64_t mem_used_max_ = 0;
  double gpu_used_ = 0;
  std::uint64_t cpu_use_ = 0;
  // seal task -> scheduler request ID -> times added
  std::map<SealTask, std::map<std::string, int, std::less<>>> counters_;
};

}  // namespace tessera::workers
