#include "sealing/workers/worker_info.hpp"

#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::workers {
namespace {

using nlohmann::json;
namespace jf = json_fields;

std::string where(const std::string& type, const char* name) {
  return type + "." + name;
}

std::uint64_t u64_member(const json& j, const std::string& type, const char* name) {
  return jf::u64(jf::field(j, type, name), where(type, name));
}

std::int64_t i64_member(const json& j, const std::string& type, const char* name) {
  return jf::i64(jf::field(j, type, name), where(type, name));
}

bool bool_member(const json& j, const std::string& type, const char* name) {
  const json& v = jf::field(j, type, name);
  if (!v.is_boolean()) throw InvalidInput(where(type, name) + ": expected a boolean");
  return v.get<bool>();
}

// Runs decode, prefixing an InvalidInput's message with the enclosing field.
template <class F>
auto nested(const std::string& at, F&& decode) {
  try {
    return decode();
  } catch (const InvalidInput& e) {
    throw InvalidInput(at + ": " + e.what());
  }
}

}  // namespace

Resources WorkerResources::resource_spec(std::int64_t proof, TaskType task) const {
  if (resources) {
    const auto t = resources->find(task);
    if (t != resources->end()) {
      const auto r = t->second.find(proof);
      if (r != t->second.end()) return r->second;
    }
  }
  return resources_for(default_resource_table(), task, proof);
}

Resources WorkerResources::prep_resource_spec(std::int64_t proof, TaskType task,
                                              std::optional<TaskType> prepare) const {
  Resources r = resource_spec(proof, task);
  if (prepare && *prepare != task) r.max_concurrent = resource_spec(proof, *prepare).max_concurrent;
  return r;
}

json to_json(const WorkerResources& r) {
  json gpus = json::array();
  for (const auto& g : r.gpus) gpus.push_back(g);
  return json{{"MemPhysical", r.mem_physical},
              {"MemUsed", r.mem_used},
              {"MemSwap", r.mem_swap},
              {"MemSwapUsed", r.mem_swap_used},
              {"CPUs", r.cpus},
              {"GPUs", std::move(gpus)},
              {"Resources", r.resources ? resource_table_to_json(*r.resources) : json()}};
}

WorkerResources worker_resources_from_json(const json& j) {
  const std::string t = "WorkerResources";
  WorkerResources r;
  r.mem_physical = u64_member(j, t, "MemPhysical");
  r.mem_used = u64_member(j, t, "MemUsed");
  r.mem_swap = u64_member(j, t, "MemSwap");
  r.mem_swap_used = u64_member(j, t, "MemSwapUsed");
  r.cpus = u64_member(j, t, "CPUs");
  const json& gpus = jf::field(j, t, "GPUs");
  if (!gpus.is_null()) {
    for (const auto& g : jf::array(gpus, "WorkerResources.GPUs")) {
      r.gpus.push_back(jf::text(g, "WorkerResources.GPUs[]"));
    }
  }
  const json& table = jf::field(j, t, "Resources");
  if (!table.is_null()) {
    r.resources = nested("WorkerResources", [&] { return resource_table_from_json(table); });
  }
  return r;
}

json to_json(const WorkerInfo& info) {
  return json{{"Hostname", info.hostname},
              {"IgnoreResources", info.ignore_resources},
              {"Resources", to_json(info.resources)}};
}

WorkerInfo worker_info_from_json(const json& j) {
  const std::string t = "WorkerInfo";
  WorkerInfo info;
  info.hostname = jf::text(jf::field(j, t, "Hostname"), "WorkerInfo.Hostname");
  info.ignore_resources = bool_member(j, t, "IgnoreResources");
  info.resources = nested("WorkerInfo.Resources",
                          [&] { return worker_resources_from_json(jf::field(j, t, "Resources")); });
  return info;
}

json to_json(const WorkerStats& s) {
  json tasks = json::array();
  for (auto task : s.tasks) tasks.push_back(task_type_to_json(task));
  json counts = json::object();
  for (const auto& [name, count] : s.task_counts) counts[name] = count;
  return json{{"Info", to_json(s.info)},      {"Tasks", std::move(tasks)},
              {"Enabled", s.enabled},         {"MemUsedMin", s.mem_used_min},
              {"MemUsedMax", s.mem_used_max}, {"GpuUsed", s.gpu_used},
              {"CpuUse", s.cpu_use},          {"TaskCounts", std::move(counts)}};
}

WorkerStats worker_stats_from_json(const json& j) {
  const std::string t = "WorkerStats";
  WorkerStats s;
  s.info =
      nested("WorkerStats.Info", [&] { return worker_info_from_json(jf::field(j, t, "Info")); });
  const json& tasks = jf::field(j, t, "Tasks");
  if (!tasks.is_null()) {
    for (const auto& task : jf::array(tasks, "WorkerStats.Tasks")) {
      s.tasks.push_back(nested("WorkerStats.Tasks[]", [&] { return task_type_from_json(task); }));
    }
  }
  s.enabled = bool_member(j, t, "Enabled");
  s.mem_used_min = u64_member(j, t, "MemUsedMin");
  s.mem_used_max = u64_member(j, t, "MemUsedMax");
  const json& gpu = jf::field(j, t, "GpuUsed");
  if (!gpu.is_number()) throw InvalidInput("WorkerStats.GpuUsed: expected a number");
  s.gpu_used = gpu.get<double>();
  s.cpu_use = u64_member(j, t, "CpuUse");
  const json& counts = jf::field(j, t, "TaskCounts");
  if (!counts.is_null()) {
    if (!counts.is_object()) throw InvalidInput("WorkerStats.TaskCounts: expected an object");
    for (const auto& [name, count] : counts.items()) {
      s.task_counts[name] = jf::i64(count, "WorkerStats.TaskCounts[" + name + "]");
    }
  }
  return s;
}

json to_json(const WorkerJob& job) {
  json out{{"ID", to_json(job.id)},
           {"Sector", paths::to_json(job.sector)},
           {"Task", task_type_to_json(job.task)},
           {"RunWait", job.run_wait},
           {"Start", format_go_time(job.start)}};
  if (!job.hostname.empty()) out["Hostname"] = job.hostname;
  return out;
}

WorkerJob worker_job_from_json(const json& j) {
  const std::string t = "WorkerJob";
  WorkerJob job;
  job.id = nested("WorkerJob.ID", [&] { return call_id_from_json(jf::field(j, t, "ID")); });
  job.sector = nested("WorkerJob.Sector",
                      [&] { return paths::sector_id_from_json(jf::field(j, t, "Sector")); });
  job.task = nested("WorkerJob.Task", [&] { return task_type_from_json(jf::field(j, t, "Task")); });
  job.run_wait = i64_member(j, t, "RunWait");
  job.start =
      parse_go_time(jf::text(jf::field(j, t, "Start"), "WorkerJob.Start"), "WorkerJob.Start");
  if (j.contains("Hostname")) job.hostname = jf::text(j["Hostname"], "WorkerJob.Hostname");
  return job;
}

}  // namespace tessera::workers
