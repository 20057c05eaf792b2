#include "sealing/workers/admission.hpp"

#include <algorithm>
#include <charconv>

#include "common/error.hpp"
#include "sealing/workers/worker_types.hpp"

namespace tessera::workers {
namespace {

// a - b, or 0 when b exceeds a.
std::uint64_t minus(std::uint64_t a, std::uint64_t b) {
  return a > b ? a - b : 0;
}

// a + b, saturating instead of wrapping.
std::uint64_t plus(std::uint64_t a, std::uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

double ratio(std::uint64_t used, std::uint64_t total) {
  if (total == 0) return used == 0 ? 0.0 : 1.0;  // lotus divides by zero here (NaN or +Inf)
  return static_cast<double>(used) / static_cast<double>(total);
}

bool no_request(std::string_view sched_id) {
  return sched_id.empty() || sched_id == kNilUuid;
}

}  // namespace

std::string to_string(const SealTask& task) {
  return std::to_string(task.proof) + ":" + std::string(task_name(task.task));
}

SealTask parse_seal_task(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    throw InvalidInput("seal task \"" + std::string(text) + "\" is not <proof>:<task type>");
  }
  SealTask out;
  const auto* end = text.data() + colon;
  const auto [ptr, ec] = std::from_chars(text.data(), end, out.proof);
  if (colon == 0 || ec != std::errc() || ptr != end) {
    throw InvalidInput("seal task \"" + std::string(text) + "\": proof is not an integer");
  }
  const auto task = task_type_from_name(text.substr(colon + 1));
  if (!task) {
    throw InvalidInput("seal task \"" + std::string(text) + "\": unknown task type");
  }
  out.task = *task;
  return out;
}

bool ActiveResources::can_handle(std::string_view sched_id, const SealTask& task,
                                 const Resources& need, const WorkerInfo& info) const {
  if (need.max_concurrent > 0) {
    const auto it = counters_.find(task);
    const std::size_t running = it == counters_.end() ? 0 : it->second.size();
    const bool counted = it != counters_.end() && !no_request(sched_id) &&
                         it->second.find(sched_id) != it->second.end();
    if (running >= static_cast<std::uint64_t>(need.max_concurrent) && !counted) return false;
  }
  if (info.ignore_resources) return true;

  const WorkerResources& res = info.resources;
  const std::uint64_t mem_needed = plus(need.min_memory, need.base_min_memory);
  if (mem_needed > minus(res.mem_physical, mem_used_min_)) return false;

  const std::uint64_t vmem_needed = plus(need.max_memory, need.base_min_memory);
  const std::uint64_t vmem_used = std::max(mem_used_max_, plus(res.mem_used, res.mem_swap_used));
  if (vmem_needed > minus(plus(res.mem_physical, res.mem_swap), vmem_used)) return false;

  if (plus(cpu_use_, need.threads(res.cpus, res.gpus.size())) > res.cpus) return false;

  if (!res.gpus.empty() && need.gpu_utilization > 0) {
    if (gpu_used_ + need.gpu_utilization > static_cast<double>(res.gpus.size())) return false;
  }
  return true;
}

double ActiveResources::add(std::string_view sched_id, const SealTask& task,
                            const WorkerResources& worker, const Resources& need) {
  const double before = utilization(worker);
  if (need.gpu_utilization > 0) gpu_used_ += need.gpu_utilization;
  cpu_use_ = plus(cpu_use_, need.threads(worker.cpus, worker.gpus.size()));
  mem_used_min_ = plus(mem_used_min_, need.min_memory);
  mem_used_max_ = plus(mem_used_max_, need.max_memory);
  ++counters_[task][std::string(sched_id)];
  return utilization(worker) - before;
}

void ActiveResources::free(std::string_view sched_id, const SealTask& task,
                           const WorkerResources& worker, const Resources& need) {
  const auto never_added = [&] {
    return InvalidInput("freeing resources of " + to_string(task) + " request \"" +
                        std::string(sched_id) + "\" that were never added");
  };
  const auto it = counters_.find(task);
  if (it == counters_.end()) throw never_added();
  const auto req = it->second.find(sched_id);
  if (req == it->second.end()) throw never_added();
  if (--req->second <= 0) it->second.erase(req);
  if (it->second.empty()) counters_.erase(it);
  if (need.gpu_utilization > 0) gpu_used_ = std::max(0.0, gpu_used_ - need.gpu_utilization);
  cpu_use_ = minus(cpu_use_, need.threads(worker.cpus, worker.gpus.size()));
  mem_used_min_ = minus(mem_used_min_, need.min_memory);
  mem_used_max_ = minus(mem_used_max_, need.max_memory);
}

double ActiveResources::utilization(const WorkerResources& worker) const {
  double max = ratio(cpu_use_, worker.cpus);
  max = std::max(max, ratio(std::max(mem_used_min_, worker.mem_used), worker.mem_physical));
  const std::uint64_t vmem_used =
      std::max(mem_used_max_, plus(worker.mem_used, worker.mem_swap_used));
  max = std::max(max, ratio(vmem_used, plus(worker.mem_physical, worker.mem_swap)));
  if (!worker.gpus.empty()) {
    max = std::max(max, gpu_used_ / static_cast<double>(worker.gpus.size()));
  }
  return max;
}

std::size_t ActiveResources::task_count(const std::optional<SealTask>& task) const {
  if (task) {
    const auto it = counters_.find(*task);
    return it == counters_.end() ? 0 : it->second.size();
  }
  std::size_t sum = 0;
  for (const auto& [t, requests] : counters_) sum += requests.size();
  return sum;
}

std::map<std::string, std::int64_t> ActiveResources::task_counts() const {
  std::map<std::string, std::int64_t> out;
  for (const auto& [t, requests] : counters_) {
    out[to_string(t)] = static_cast<std::int64_t>(requests.size());
  }
  return out;
}

}  // namespace tessera::workers
