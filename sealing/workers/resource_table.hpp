// lotus's resource table (storage/sealer/storiface/resources.go, v1.23.3, identical on master;
// reference/gpu-and-workers.md §B4): what each task type needs per seal proof, the
// <SHORT>_<SIZE>_<FIELD> env overrides a worker applies before reporting it, and the threads a
// task takes on a worker. JSON as lotus: {"MinMemory", "MaxMemory", "GPUUtilization",
// "MaxParallelism", "MaxParallelismGPU", "BaseMinMemory", "MaxConcurrent"}.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/api/codec.hpp"
#include "sealing/workers/task_type.hpp"

namespace tessera::workers {

// lotus storiface.Resources.
struct Resources {
  std::uint64_t min_memory = 0;          // must be in RAM for decent performance (bytes)
  std::uint64_t max_memory = 0;          // peak use, RAM + swap (bytes)
  double gpu_utilization = 0;            // GPUs the task uses (1.0 = one; 0.5 = shares one)
  std::int64_t max_parallelism = 0;      // CPU threads without a GPU; -1 = 92% of them
  std::int64_t max_parallelism_gpu = 0;  // CPU threads with a GPU; 0 = use max_parallelism
  std::uint64_t base_min_memory = 0;     // shared between tasks of a type (e.g. parameters)
  std::int64_t max_concurrent = 0;       // tasks of this type per worker; 0 = no limit
  bool operator==(const Resources&) const = default;

  // The CPU threads the task takes on a worker with cpus logical CPUs and gpus GPUs (lotus
  // Resources.Threads): max_parallelism_gpu when the task uses a GPU, the worker has one and it
  // is set; -1 means cpus*92/100 (all cpus when that is 0).
  std::uint64_t threads(std::uint64_t cpus, std::size_t gpus) const;
};

// Task type -> registered seal proof (0-9) -> resources.
using ResourceTable = std::map<TaskType, std::map<std::int64_t, Resources>>;

// lotus's default table: rows for every task type but FIN, FUS, FRU and DL, each for the V1
// (0-4) and V1_1 (5-9) proofs; UNS = PC1, GSK = RU, DC = AP's 32GiB row at every size.
const ResourceTable& default_resource_table();
// table's row for (task, proof), or all zeros when there is none (as lotus's map lookup).
Resources resources_for(const ResourceTable& table, TaskType task, std::int64_t proof);

// "2K", "8M", "512M", "32G" or "64G": the sector size part of the env names; InvalidInput for
// proofs other than 0-9.
std::string sector_size_env_name(std::int64_t proof);

// Returns the value of an environment variable, nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
// An EnvLookup reading the process environment.
EnvLookup process_env();

// The default table with env overrides applied (lotus ParseResourceEnv): for each row and field
// <SHORT>_<SIZE>_<FIELD> (e.g. PC1_32G_MAX_CONCURRENT), else <SHORT>_<FIELD>; FIELD is one of
// MIN_MEMORY, MAX_MEMORY, GPU_UTILIZATION, MAX_PARALLELISM, MAX_PARALLELISM_GPU,
// BASE_MIN_MEMORY, MAX_CONCURRENT. When neither sets PC1/UNS MAX_PARALLELISM it becomes 1 +
// SDR producers: 3, or FIL_PROOFS_MULTICORE_SDR_PRODUCERS, when FIL_PROOFS_USE_MULTICORE_SDR=1,
// else 0. InvalidInput naming the variable for a value that does not parse (lotus ignores
// those silently; tessera refuses them).
ResourceTable parse_resource_env(const EnvLookup& env);

nlohmann::json to_json(const Resources& resources);
Resources resources_from_json(const nlohmann::json& json);
// {"<task name>": {"<proof>": Resources}} (lotus's map[TaskType]map[RegisteredSealProof]).
nlohmann::json resource_table_to_json(const ResourceTable& table);
// InvalidInput for unknown task names, proof keys that are not integers, or bad rows.
ResourceTable resource_table_from_json(const nlohmann::json& json);

}  // namespace tessera::workers

TESSERA_API_CODEC(tessera::workers::Resources, tessera::workers::to_json,
                  tessera::workers::resources_from_json);
