// What a worker reports about itself and what the miner reports about its workers (lotus
// storiface.WorkerInfo, WorkerResources, WorkerStats, WorkerJob; v1.23.3), with lotus's JSON
// field names and their API codecs. Decoding is strict (InvalidInput naming the field); Go nil
// slices and maps (null) read as empty.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/api/codec.hpp"
#include "sealing/workers/go_time.hpp"
#include "sealing/workers/resource_table.hpp"
#include "sealing/workers/task_type.hpp"
#include "sealing/workers/worker_types.hpp"

namespace tessera::workers {

// {"MemPhysical", "MemUsed", "MemSwap", "MemSwapUsed", "CPUs", "GPUs", "Resources"}.
struct WorkerResources {
  std::uint64_t mem_physical = 0;   // bytes of RAM (capped by the cgroup limit)
  std::uint64_t mem_used = 0;       // bytes used outside the worker's tasks (total - available)
  std::uint64_t mem_swap = 0;       // bytes of swap (0 with --no-swap)
  std::uint64_t mem_swap_used = 0;  // bytes of swap in use
  std::uint64_t cpus = 0;           // logical CPUs
  std::vector<std::string> gpus;    // GPU names; empty when none
  // The worker's table after its env overrides; nullopt (JSON null) = lotus's default table.
  std::optional<ResourceTable> resources;
  bool operator==(const WorkerResources&) const = default;

  // What (task, proof) needs on this worker: its own table's row when it has one, else the
  // default table's (lotus WorkerResources.ResourceSpec).
  Resources resource_spec(std::int64_t proof, TaskType task) const;
  // resource_spec with MaxConcurrent taken from the prepare task's row when that differs
  // (lotus PrepResourceSpec: limits parallel preparing, i.e. fetches).
  Resources prep_resource_spec(std::int64_t proof, TaskType task,
                               std::optional<TaskType> prepare) const;
};

// {"Hostname", "IgnoreResources", "Resources"}.
struct WorkerInfo {
  std::string hostname;
  bool ignore_resources = false;  // schedule regardless of resources (tests)
  WorkerResources resources;
  bool operator==(const WorkerInfo&) const = default;
};

// The miner's WorkerStats() value per worker: {"Info", "Tasks", "Enabled", "MemUsedMin",
// "MemUsedMax", "GpuUsed", "CpuUse", "TaskCounts"}.
struct WorkerStats {
  WorkerInfo info;
  std::vector<TaskType> tasks;
  bool enabled = false;
  std::uint64_t mem_used_min = 0;
  std::uint64_t mem_used_max = 0;
  double gpu_used = 0;
  std::uint64_t cpu_use = 0;
  std::map<std::string, std::int64_t> task_counts;  // "<proof>:<task name>" -> tasks running
  bool operator==(const WorkerStats&) const = default;
};

// WorkerJob.RunWait values (lotus storiface.RW*); 2 and above: assigned, queue position + 1.
inline constexpr std::int64_t kRunWaitPrepared = 1;
inline constexpr std::int64_t kRunWaitRunning = 0;
inline constexpr std::int64_t kRunWaitRetWait = -1;
inline constexpr std::int64_t kRunWaitReturned = -2;
inline constexpr std::int64_t kRunWaitRetDone = -3;

// The miner's WorkerJobs() element: {"ID", "Sector", "Task", "RunWait", "Start", "Hostname"};
// Hostname is omitted when empty (Go omitempty).
struct WorkerJob {
  CallId id;  // the nil UUID for jobs only assigned so far
  paths::SectorId sector;
  TaskType task = TaskType::kAddPiece;
  std::int64_t run_wait = 0;
  std::optional<TimePoint> start;  // nullopt = Go's zero time
  std::string hostname;            // set for ret-wait jobs
  bool operator==(const WorkerJob&) const = default;
};

nlohmann::json to_json(const WorkerResources& resources);
WorkerResources worker_resources_from_json(const nlohmann::json& json);
nlohmann::json to_json(const WorkerInfo& info);
WorkerInfo worker_info_from_json(const nlohmann::json& json);
nlohmann::json to_json(const WorkerStats& stats);
WorkerStats worker_stats_from_json(const nlohmann::json& json);
nlohmann::json to_json(const WorkerJob& job);
WorkerJob worker_job_from_json(const nlohmann::json& json);

}  // namespace tessera::workers

TESSERA_API_CODEC(tessera::workers::WorkerResources, tessera::workers::to_json,
                  tessera::workers::worker_resources_from_json);
TESSERA_API_CODEC(tessera::workers::WorkerInfo, tessera::workers::to_json,
                  tessera::workers::worker_info_from_json);
TESSERA_API_CODEC(tessera::workers::WorkerStats, tessera::workers::to_json,
                  tessera::workers::worker_stats_from_json);
TESSERA_API_CODEC(tessera::workers::WorkerJob, tessera::workers::to_json,
                  tessera::workers::worker_job_from_json);
