#include "sealing/workers/resource_table.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <type_traits>

#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::workers {
namespace {

using nlohmann::json;

constexpr std::uint64_t kKiB = 1ull << 10, kMiB = 1ull << 20, kGiB = 1ull << 30;

// One row: MinMemory, MaxMemory, BaseMinMemory, MaxParallelism, MaxParallelismGPU,
// GPUUtilization (the column order of reference/gpu-and-workers.md §B4).
Resources row(std::uint64_t min, std::uint64_t max, std::uint64_t base, std::int64_t par,
              std::int64_t par_gpu, double gpu) {
  Resources r;
  r.min_memory = min;
  r.max_memory = max;
  r.base_min_memory = base;
  r.max_parallelism = par;
  r.max_parallelism_gpu = par_gpu;
  r.gpu_utilization = gpu;
  return r;
}

// The rows of one task for the V1 proofs 0-4 (2KiB, 8MiB, 512MiB, 32GiB, 64GiB).
using SizeRows = std::array<Resources, 5>;

ResourceTable build_default_table() {
  // resources.go ResourceTable (v1.23.3).
  const SizeRows ap = {
      row(2 * kKiB, 2 * kKiB, 2 * kKiB, 1, 0, 0), row(8 * kMiB, 8 * kMiB, 8 * kMiB, 1, 0, 0),
      row(1 * kGiB, 1 * kGiB, 1 * kGiB, 1, 0, 0), row(4 * kGiB, 4 * kGiB, 1 * kGiB, 1, 0, 0),
      row(8 * kGiB, 8 * kGiB, 1 * kGiB, 1, 0, 0)};
  const SizeRows pc1 = {
      row(2 * kKiB, 2 * kKiB, 2 * kKiB, 1, 0, 0), row(8 * kMiB, 8 * kMiB, 8 * kMiB, 1, 0, 0),
      row(768 * kMiB, 1 * kGiB, 1 * kMiB, 1, 0, 0), row(56 * kGiB, 64 * kGiB, 10 * kMiB, 1, 0, 0),
      row(112 * kGiB, 128 * kGiB, 10 * kMiB, 1, 0, 0)};
  const SizeRows pc2 = {row(2 * kKiB, 2 * kKiB, 2 * kKiB, -1, 0, 0),
                        row(8 * kMiB, 8 * kMiB, 8 * kMiB, -1, 0, 0),
                        row(1 * kGiB, 3 * (kGiB / 2), 1 * kGiB, -1, 0, 0),
                        row(15 * kGiB, 15 * kGiB, 1 * kGiB, -1, 6, 1.0),
                        row(30 * kGiB, 30 * kGiB, 1 * kGiB, -1, 6, 1.0)};
  const SizeRows c1 = {
      row(2 * kKiB, 2 * kKiB, 2 * kKiB, 0, 0, 0), row(8 * kMiB, 8 * kMiB, 8 * kMiB, 0, 0, 0),
      row(1 * kGiB, 1 * kGiB, 1 * kGiB, 0, 0, 0), row(1 * kGiB, 1 * kGiB, 1 * kGiB, 0, 0, 0),
      row(1 * kGiB, 1 * kGiB, 1 * kGiB, 0, 0, 0)};
  const SizeRows c2 = {row(2 * kKiB, 2 * kKiB, 2 * kKiB, 1, 0, 1.0),
                       row(8 * kMiB, 8 * kMiB, 8 * kMiB, 1, 0, 1.0),
                       row(1 * kGiB, 3 * (kGiB / 2), 10 * kGiB, 1, 0, 1.0),
                       row(30 * kGiB, 150 * kGiB, 32 * kGiB, -1, 6, 1.0),
                       row(60 * kGiB, 190 * kGiB, 64 * kGiB, -1, 6, 1.0)};
  const Resources fetch = row(1 * kMiB, 1 * kMiB, 0, 0, 0, 0);
  const SizeRows get = {fetch, fetch, fetch, fetch, fetch};
  const SizeRows ru = {
      row(2 * kKiB, 2 * kKiB, 2 * kKiB, 1, 0, 1.0), row(8 * kMiB, 8 * kMiB, 8 * kMiB, 1, 0, 1.0),
      row(1 * kGiB, 1 * kGiB, 1 * kGiB, 1, 0, 1.0), row(4 * kGiB, 4 * kGiB, 1 * kGiB, 1, 6, 1.0),
      row(8 * kGiB, 8 * kGiB, 1 * kGiB, 1, 6, 1.0)};
  const SizeRows wdp = {row(2 * kKiB, 2 * kKiB, 2 * kKiB, 1, 0, 1.0),
                        row(8 * kMiB, 8 * kMiB, 8 * kMiB, 1, 0, 1.0),
                        row(1 * kGiB, 3 * (kGiB / 2), 10 * kGiB, 1, 0, 1.0),
                        row(30 * kGiB, 96 * kGiB, 32 * kGiB, -1, 6, 1.0),
                        row(60 * kGiB, 120 * kGiB, 64 * kGiB, -1, 6, 1.0)};
  const SizeRows wnp = {
      row(2 * kKiB, 2 * kKiB, 2 * kKiB, 1, 0, 1.0), row(8 * kMiB, 8 * kMiB, 8 * kMiB, 1, 0, 1.0),
      row(2 * kKiB, 2 * kKiB, 10 * kGiB, 1, 0, 1.0), row(1 * kGiB, 1 * kGiB, 32 * kGiB, -1, 6, 1.0),
      row(1 * kGiB, 1 * kGiB, 64 * kGiB, -1, 6, 1.0)};
  // DataCid does not depend on the sector size: AP's 32GiB row everywhere (resources.go init).
  const SizeRows dc = {ap[3], ap[3], ap[3], ap[3], ap[3]};

  const std::pair<TaskType, const SizeRows*> tasks[] = {
      {TaskType::kAddPiece, &ap},
      {TaskType::kDataCid, &dc},
      {TaskType::kPreCommit1, &pc1},
      {TaskType::kUnseal, &pc1},  // resources.go init: UNS = PC1
      {TaskType::kPreCommit2, &pc2},
      {TaskType::kCommit1, &c1},
      {TaskType::kCommit2, &c2},
      {TaskType::kFetch, &get},
      {TaskType::kReplicaUpdate, &ru},
      {TaskType::kRegenSectorKey, &ru},  // GSK = RU
      {TaskType::kProveReplicaUpdate1, &c1},
      {TaskType::kProveReplicaUpdate2, &c2},
      {TaskType::kWindowPost, &wdp},
      {TaskType::kWinningPost, &wnp},
  };
  ResourceTable table;
  for (const auto& [task, rows] : tasks) {
    auto& by_proof = table[task];
    for (std::int64_t size = 0; size < 5; ++size) {
      by_proof[size] = (*rows)[static_cast<std::size_t>(size)];      // V1
      by_proof[size + 5] = (*rows)[static_cast<std::size_t>(size)];  // V1_1 shares V1's row
    }
  }
  return table;
}

template <class T>
T parse_number(const std::string& name, const std::string& value) {
  T out{};
  const char* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, out);
  if (value.empty() || ec != std::errc() || ptr != end) {
    throw InvalidInput("env " + name + "=\"" + value + "\" is not a valid " +
                       (std::is_floating_point_v<T> ? "number"
                        : std::is_unsigned_v<T>     ? "non-negative integer"
                                                    : "integer"));
  }
  return out;
}

std::int64_t sdr_threads(const EnvLookup& env) {
  std::int64_t producers = 0;
  if (env("FIL_PROOFS_USE_MULTICORE_SDR").value_or("") == "1") {
    producers = 3;
    if (auto p = env("FIL_PROOFS_MULTICORE_SDR_PRODUCERS")) {
      producers = parse_number<std::int64_t>("FIL_PROOFS_MULTICORE_SDR_PRODUCERS", *p);
    }
  }
  return producers + 1;  // the producers plus the one core doing the work
}

std::uint64_t u64_field(const json& j, const char* name) {
  return json_fields::u64(json_fields::field(j, "Resources", name),
                          std::string("Resources.") + name);
}

std::int64_t i64_field(const json& j, const char* name) {
  return json_fields::i64(json_fields::field(j, "Resources", name),
                          std::string("Resources.") + name);
}

}  // namespace

std::uint64_t Resources::threads(std::uint64_t cpus, std::size_t gpus) const {
  std::int64_t mp = max_parallelism;
  if (gpu_utilization > 0 && gpus > 0 && max_parallelism_gpu != 0) mp = max_parallelism_gpu;
  if (mp == -1) {
    const std::uint64_t n = cpus * 92 / 100;  // lotus ParallelNum / ParallelDenom
    return n == 0 ? cpus : n;
  }
  // Other negative values are meaningless; lotus would wrap them to huge counts.
  return mp < 0 ? cpus : static_cast<std::uint64_t>(mp);
}

const ResourceTable& default_resource_table() {
  static const ResourceTable table = build_default_table();
  return table;
}

Resources resources_for(const ResourceTable& table, TaskType task, std::int64_t proof) {
  const auto t = table.find(task);
  if (t == table.end()) return {};
  const auto r = t->second.find(proof);
  return r == t->second.end() ? Resources{} : r->second;
}

std::string sector_size_env_name(std::int64_t proof) {
  static const char* const kNames[] = {"2K", "8M", "512M", "32G", "64G"};
  if (proof < 0 || proof > 9) {
    throw InvalidInput("unsupported registered seal proof " + std::to_string(proof));
  }
  return kNames[proof % 5];
}

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

ResourceTable parse_resource_env(const EnvLookup& env) {
  ResourceTable out = default_resource_table();
  for (auto& [task, by_proof] : out) {
    const std::string short_name(task_short_name(task));
    for (auto& [proof, r] : by_proof) {
      const std::string size = sector_size_env_name(proof);
      // Finds <SHORT>_<SIZE>_<FIELD>, else <SHORT>_<FIELD>; returns the name found.
      auto lookup = [&](const char* field) -> std::optional<std::pair<std::string, std::string>> {
        std::string name = short_name + "_" + size + "_" + field;
        if (auto v = env(name)) return std::make_pair(name, *v);
        name = short_name + "_" + field;
        if (auto v = env(name)) return std::make_pair(name, *v);
        return std::nullopt;
      };
      auto set_u64 = [&](const char* field, std::uint64_t& target) {
        if (auto v = lookup(field)) target = parse_number<std::uint64_t>(v->first, v->second);
      };
      auto set_i64 = [&](const char* field, std::int64_t& target) {
        if (auto v = lookup(field)) target = parse_number<std::int64_t>(v->first, v->second);
      };
      set_u64("MIN_MEMORY", r.min_memory);
      set_u64("MAX_MEMORY", r.max_memory);
      if (auto v = lookup("GPU_UTILIZATION")) {
        r.gpu_utilization = parse_number<double>(v->first, v->second);
        if (!std::isfinite(r.gpu_utilization) || r.gpu_utilization < 0) {
          throw InvalidInput("env " + v->first + "=\"" + v->second +
                             "\" is not a non-negative number");
        }
      }
      if (auto v = lookup("MAX_PARALLELISM")) {
        r.max_parallelism = parse_number<std::int64_t>(v->first, v->second);
      } else if (task == TaskType::kPreCommit1 || task == TaskType::kUnseal) {
        r.max_parallelism = sdr_threads(env);
      }
      set_i64("MAX_PARALLELISM_GPU", r.max_parallelism_gpu);
      set_u64("BASE_MIN_MEMORY", r.base_min_memory);
      set_i64("MAX_CONCURRENT", r.max_concurrent);
    }
  }
  return out;
}

json to_json(const Resources& r) {
  return json{{"MinMemory", r.min_memory},
              {"MaxMemory", r.max_memory},
              {"GPUUtilization", r.gpu_utilization},
              {"MaxParallelism", r.max_parallelism},
              {"MaxParallelismGPU", r.max_parallelism_gpu},
              {"BaseMinMemory", r.base_min_memory},
              {"MaxConcurrent", r.max_concurrent}};
}

Resources resources_from_json(const json& j) {
  Resources r;
  r.min_memory = u64_field(j, "MinMemory");
  r.max_memory = u64_field(j, "MaxMemory");
  const json& gpu = json_fields::field(j, "Resources", "GPUUtilization");
  if (!gpu.is_number()) throw InvalidInput("Resources.GPUUtilization: expected a number");
  r.gpu_utilization = gpu.get<double>();
  r.max_parallelism = i64_field(j, "MaxParallelism");
  r.max_parallelism_gpu = i64_field(j, "MaxParallelismGPU");
  r.base_min_memory = u64_field(j, "BaseMinMemory");
  r.max_concurrent = i64_field(j, "MaxConcurrent");
  return r;
}

json resource_table_to_json(const ResourceTable& table) {
  json out = json::object();
  for (const auto& [task, by_proof] : table) {
    json rows = json::object();
    for (const auto& [proof, r] : by_proof) rows[std::to_string(proof)] = to_json(r);
    out[std::string(task_name(task))] = std::move(rows);
  }
  return out;
}

ResourceTable resource_table_from_json(const json& j) {
  ResourceTable out;
  if (j.is_null()) return out;
  if (!j.is_object()) throw InvalidInput("Resources: expected an object of task types");
  for (const auto& [name, rows] : j.items()) {
    const auto task = task_type_from_name(name);
    if (!task) throw InvalidInput("Resources: unknown task type \"" + name + "\"");
    if (!rows.is_object()) throw InvalidInput("Resources[" + name + "]: expected an object");
    auto& by_proof = out[*task];
    for (const auto& [key, r] : rows.items()) {
      std::int64_t proof = 0;
      const auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), proof);
      if (key.empty() || ec != std::errc() || ptr != key.data() + key.size()) {
        throw InvalidInput("Resources[" + name + "]: seal proof key \"" + key +
                           "\" is not an integer");
      }
      try {
        by_proof[proof] = resources_from_json(r);
      } catch (const InvalidInput& e) {
        throw InvalidInput("Resources[" + name + "][" + key + "]: " + e.what());
      }
    }
  }
  return out;
}

}  // namespace tessera::workers
