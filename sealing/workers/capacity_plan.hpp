// The capacity plan of one sealing worker: from stage times measured on a machine (a `lotus-bench
// sealing` run) and the resources that machine reports to the scheduler (lotus's resource table,
// with the worker's env overrides), how many sectors per day each sealing stage allows, and the
// whole worker when every stage shares its CPUs. A sector is sealed whole on one worker (AP, PC1,
// PC2, C1, C2, FIN), so the worker's rate is the lowest of those bounds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sealing/workers/task_type.hpp"
#include "sealing/workers/worker_info.hpp"

namespace tessera::workers {

// One stage as a benchmark measured it, for one sector.
struct MeasuredStage {
  TaskType task = TaskType::kAddPiece;
  double seconds = 0;                     // wall time
  std::optional<double> cpu_seconds;      // user + system CPU time, when the bench recorded it
  std::optional<std::uint64_t> peak_rss;  // bytes, when the bench recorded it
};

// A benchmark of sealing one sector size.
struct SealingBench {
  std::uint64_t sector_size = 0;
  std::int64_t proof = 0;             // registered seal proof (V1_1) for sector_size
  std::optional<std::uint64_t> cpus;  // CPUs of the machine it ran on, when recorded
  std::vector<MeasuredStage> stages;  // in sealing order; stages the bench skipped are absent
};

// Reads a `lotus-bench sealing` result: tessera's ({"sector_size", "proof", "cpus", "stages":
// [{"stage": "addpiece"|"precommit1"|"precommit2"|"commit1"|"commit2"|"finalize"|…, "seconds",
// "cpu_seconds", "peak_rss_bytes"}]}; other stages are ignored) or lotus's --json-out
// BenchResults ({"SectorSize", "SealingResults": [...], "SealingSum": {"AddPiece", "PreCommit1",
// "PreCommit2", "Commit1", "Commit2"}} in nanoseconds; the sum divided by the number of sectors,
// a zero stage taken as skipped). InvalidInput naming the field for anything else, for a sector
// size with no V1_1 proof, or when PreCommit1 is missing.
SealingBench parse_sealing_bench(const nlohmann::json& json);

// What bounds the number of tasks of a stage that run at once on the worker.
enum class ConcurrencyLimit { kMaxConcurrent, kMemory, kCpu, kGpu, kNone };
// "max-concurrent", "memory", "cpu", "gpu", "none".
std::string_view concurrency_limit_name(ConcurrencyLimit limit);

// One stage of the plan.
struct StagePlan {
  TaskType task = TaskType::kAddPiece;
  double seconds = 0;         // wall time of one task, as measured
  double cpu_seconds = 0;     // CPU time of one task: measured, else seconds x threads
  std::uint64_t threads = 0;  // CPU threads the scheduler reserves per task (resource table)
  std::uint64_t min_memory = 0;
  std::uint64_t concurrent = 0;  // tasks the scheduler admits at once on this worker
  ConcurrencyLimit limit = ConcurrencyLimit::kNone;
  // min(concurrent x 86400 / seconds, CPUs x 86400 / cpu_seconds): the sectors per day this
  // stage allows when it has the worker to itself.
  double sectors_per_day = 0;
};

struct CapacityPlan {
  std::vector<StagePlan> stages;
  double sector_seconds = 0;           // one sector's time through every stage (latency)
  double cpu_seconds = 0;              // CPU time of one sector through every stage
  double cpu_sectors_per_day = 0;      // CPUs x 86400 / cpu_seconds: every stage sharing the CPUs
  double sectors_per_day = 0;          // the lowest of the stages' rates and cpu_sectors_per_day
  std::optional<TaskType> bottleneck;  // the stage with the lowest rate; none when the CPUs are
};

// Plans bench's stages on a worker reporting worker (memory, swap, CPUs, GPUs and its resource
// table, as WorkerResources in a worker's Info()); admission is the scheduler's own check
// (ActiveResources::can_handle), tasks added until it refuses (at most 1024). A stage whose
// resource row admits none (a worker too small) allows 0 sectors per day.
CapacityPlan plan_capacity(const SealingBench& bench, const WorkerResources& worker);

// {"sector_size", "proof", "cpus", "memory", "swap", "gpus", "stages": [{"task", "seconds",
// "cpu_seconds", "threads", "min_memory", "concurrent", "limited_by", "sectors_per_day"}],
// "sector_seconds", "cpu_seconds", "cpu_sectors_per_day", "sectors_per_day", "bottleneck"}.
nlohmann::json capacity_plan_to_json(const SealingBench& bench, const WorkerResources& worker,
                                     const CapacityPlan& plan);

}  // namespace tessera::workers
