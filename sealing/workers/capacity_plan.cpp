#include "sealing/workers/capacity_plan.hpp"

#include <algorithm>
#include <limits>

#include "common/error.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/workers/admission.hpp"

namespace tessera::workers {
namespace {

using nlohmann::json;

constexpr double kSecondsPerDay = 86400;
constexpr std::uint64_t kMaxTasksPlanned = 1024;
// Stages faster than this (2 KiB sectors) count as taking this long, so rates stay finite.
constexpr double kShortestStage = 1e-6;

// tessera's lotus-bench stage names for the sealing stages of one sector.
std::optional<TaskType> bench_stage_task(std::string_view stage) {
  if (stage == "addpiece") return TaskType::kAddPiece;
  if (stage == "precommit1") return TaskType::kPreCommit1;
  if (stage == "precommit2") return TaskType::kPreCommit2;
  if (stage == "commit1") return TaskType::kCommit1;
  if (stage == "commit2") return TaskType::kCommit2;
  if (stage == "finalize") return TaskType::kFinalize;
  return std::nullopt;
}

const json& field(const json& object, const char* name, const char* context) {
  if (!object.is_object() || !object.contains(name))
    throw InvalidInput(std::string(context) + ": missing \"" + name + "\"");
  return object.at(name);
}

double number(const json& object, const char* name, const char* context) {
  const auto& value = field(object, name, context);
  if (!value.is_number() || value.get<double>() < 0)
    throw InvalidInput(std::string(context) + ": \"" + name + "\" is not a non-negative number");
  return value.get<double>();
}

std::int64_t proof_for(std::uint64_t sector_size) {
  try {
    return porep::seal_proof_for_size(sector_size).id;
  } catch (const Error&) {
    throw InvalidInput("bench: no seal proof for sector size " + std::to_string(sector_size));
  }
}

SealingBench tessera_bench(const json& json) {
  SealingBench bench;
  bench.sector_size = static_cast<std::uint64_t>(number(json, "sector_size", "bench"));
  bench.proof = proof_for(bench.sector_size);
  if (json.contains("cpus")) bench.cpus = static_cast<std::uint64_t>(number(json, "cpus", "bench"));
  const auto& stages = field(json, "stages", "bench");
  if (!stages.is_array()) throw InvalidInput("bench: \"stages\" is not an array");
  for (const auto& stage : stages) {
    const auto& name = field(stage, "stage", "bench stage");
    if (!name.is_string()) throw InvalidInput("bench stage: \"stage\" is not a string");
    const auto task = bench_stage_task(name.get<std::string>());
    if (!task) continue;
    MeasuredStage measured{.task = *task, .seconds = number(stage, "seconds", "bench stage")};
    if (stage.contains("cpu_seconds")) measured.cpu_seconds = number(stage, "cpu_seconds", "stage");
    if (stage.contains("peak_rss_bytes"))
      measured.peak_rss = static_cast<std::uint64_t>(number(stage, "peak_rss_bytes", "stage"));
    bench.stages.push_back(measured);
  }
  return bench;
}

// lotus cmd/lotus-bench BenchResults: SealingSum holds time.Duration (ns) sums over the
// SealingResults' sectors.
SealingBench lotus_bench(const json& json) {
  SealingBench bench;
  bench.sector_size = static_cast<std::uint64_t>(number(json, "SectorSize", "bench"));
  bench.proof = proof_for(bench.sector_size);
  const auto& results = field(json, "SealingResults", "bench");
  const std::size_t sectors = results.is_array() ? results.size() : 0;
  if (sectors == 0) throw InvalidInput("bench: \"SealingResults\" holds no sector");
  const auto& sum = field(json, "SealingSum", "bench");
  const std::pair<const char*, TaskType> stages[] = {{"AddPiece", TaskType::kAddPiece},
                                                     {"PreCommit1", TaskType::kPreCommit1},
                                                     {"PreCommit2", TaskType::kPreCommit2},
                                                     {"Commit1", TaskType::kCommit1},
                                                     {"Commit2", TaskType::kCommit2}};
  for (const auto& [name, task] : stages) {
    const double ns = number(sum, name, "bench SealingSum");
    if (ns > 0)
      bench.stages.push_back({.task = task, .seconds = ns / 1e9 / static_cast<double>(sectors)});
  }
  return bench;
}

// Why the scheduler refuses task number `admitted + 1` on the worker: the first of
// MaxConcurrent, CPU threads and GPUs that it exceeds (the checks of ActiveResources::can_handle),
// else memory, the check left.
ConcurrencyLimit refusal_reason(std::uint64_t admitted, const Resources& need,
                                const WorkerResources& worker) {
  if (need.max_concurrent > 0 && admitted >= static_cast<std::uint64_t>(need.max_concurrent))
    return ConcurrencyLimit::kMaxConcurrent;
  const auto threads = need.threads(worker.cpus, worker.gpus.size());
  if ((admitted + 1) * threads > worker.cpus) return ConcurrencyLimit::kCpu;
  if (!worker.gpus.empty() && need.gpu_utilization > 0 &&
      static_cast<double>(admitted + 1) * need.gpu_utilization >
          static_cast<double>(worker.gpus.size()))
    return ConcurrencyLimit::kGpu;
  return ConcurrencyLimit::kMemory;
}

StagePlan plan_stage(const MeasuredStage& measured, std::int64_t proof,
                     const WorkerResources& worker) {
  const auto need = worker.resource_spec(proof, measured.task);
  StagePlan stage{.task = measured.task,
                  .seconds = std::max(measured.seconds, kShortestStage),
                  .threads = need.threads(worker.cpus, worker.gpus.size()),
                  .min_memory = need.min_memory};
  stage.cpu_seconds = std::max(
      measured.cpu_seconds.value_or(measured.seconds *
                                    static_cast<double>(std::max<std::uint64_t>(stage.threads, 1))),
      kShortestStage);
  const WorkerInfo info{.hostname = "plan", .resources = worker};
  const SealTask task{measured.task, proof};
  ActiveResources active;
  while (stage.concurrent < kMaxTasksPlanned) {
    const auto id = "plan-" + std::to_string(stage.concurrent);
    if (!active.can_handle(id, task, need, info)) {
      stage.limit = refusal_reason(stage.concurrent, need, worker);
      break;
    }
    active.add(id, task, worker, need);
    ++stage.concurrent;
  }
  const double cpus = static_cast<double>(worker.cpus);
  stage.sectors_per_day =
      std::min(static_cast<double>(stage.concurrent) * kSecondsPerDay / stage.seconds,
               cpus * kSecondsPerDay / stage.cpu_seconds);
  return stage;
}

}  // namespace

SealingBench parse_sealing_bench(const json& json) {
  if (!json.is_object()) throw InvalidInput("bench: not a JSON object");
  auto bench = json.contains("SealingSum") ? lotus_bench(json) : tessera_bench(json);
  if (std::none_of(bench.stages.begin(), bench.stages.end(),
                   [](const MeasuredStage& s) { return s.task == TaskType::kPreCommit1; }))
    throw InvalidInput("bench: no precommit1 stage");
  return bench;
}

std::string_view concurrency_limit_name(ConcurrencyLimit limit) {
  switch (limit) {
    case ConcurrencyLimit::kMaxConcurrent:
      return "max-concurrent";
    case ConcurrencyLimit::kMemory:
      return "memory";
    case ConcurrencyLimit::kCpu:
      return "cpu";
    case ConcurrencyLimit::kGpu:
      return "gpu";
    case ConcurrencyLimit::kNone:
      break;
  }
  return "none";
}

CapacityPlan plan_capacity(const SealingBench& bench, const WorkerResources& worker) {
  CapacityPlan plan;
  plan.sectors_per_day = std::numeric_limits<double>::infinity();
  for (const auto& measured : bench.stages) {
    auto stage = plan_stage(measured, bench.proof, worker);
    plan.sector_seconds += stage.seconds;
    plan.cpu_seconds += stage.cpu_seconds;
    if (stage.sectors_per_day < plan.sectors_per_day) {
      plan.sectors_per_day = stage.sectors_per_day;
      plan.bottleneck = stage.task;
    }
    plan.stages.push_back(stage);
  }
  plan.cpu_sectors_per_day =
      plan.cpu_seconds > 0 ? static_cast<double>(worker.cpus) * kSecondsPerDay / plan.cpu_seconds
                           : 0;
  if (plan.stages.empty()) plan.sectors_per_day = 0;
  if (plan.cpu_sectors_per_day < plan.sectors_per_day) {
    plan.sectors_per_day = plan.cpu_sectors_per_day;
    plan.bottleneck.reset();
  }
  return plan;
}

json capacity_plan_to_json(const SealingBench& bench, const WorkerResources& worker,
                           const CapacityPlan& plan) {
  json stages = json::array();
  for (const auto& s : plan.stages)
    stages.push_back({{"task", task_short_name(s.task)},
                      {"seconds", s.seconds},
                      {"cpu_seconds", s.cpu_seconds},
                      {"threads", s.threads},
                      {"min_memory", s.min_memory},
                      {"concurrent", s.concurrent},
                      {"limited_by", concurrency_limit_name(s.limit)},
                      {"sectors_per_day", s.sectors_per_day}});
  return {{"sector_size", bench.sector_size},
          {"proof", bench.proof},
          {"cpus", worker.cpus},
          {"memory", worker.mem_physical},
          {"swap", worker.mem_swap},
          {"gpus", worker.gpus.size()},
          {"stages", stages},
          {"sector_seconds", plan.sector_seconds},
          {"cpu_seconds", plan.cpu_seconds},
          {"cpu_sectors_per_day", plan.cpu_sectors_per_day},
          {"sectors_per_day", plan.sectors_per_day},
          {"bottleneck", plan.bottleneck ? json(task_short_name(*plan.bottleneck)) : json("cpu")}};
}

}  // namespace tessera::workers
