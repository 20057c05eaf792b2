// `lotus-miner sealing capacity`: the capacity plan of a sealing worker (workers/capacity_plan.hpp)
// from a `lotus-bench sealing` result and the worker's cores, memory, swap and GPUs (this
// machine's by default, with its resource-table env overrides, as `lotus-worker run` would
// report them), optionally next to the mean call times a running miner measured
// (tessera_sealing_call_seconds in its /debug/metrics text). Needs no running miner.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <ostream>
#include <regex>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/size_format.hpp"
#include "common/error.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/workers/capacity_plan.hpp"
#include "sealing/workers/host_resources.hpp"

namespace tessera::cli {
namespace {

using workers::TaskType;

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) throw IoError(std::string("cannot read the ") + what + " file " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Mean seconds per task short name from Prometheus text: tessera_sealing_call_seconds_sum and
// _count with a task="<short>" label.
std::map<std::string, double> measured_call_seconds(const std::string& metrics) {
  static const std::regex line(
      R"re(^tessera_sealing_call_seconds_(sum|count)\{task="([A-Z0-9]+)"\} ([0-9.eE+-]+)$)re");
  std::map<std::string, std::pair<double, double>> sums;  // task -> (sum, count)
  std::istringstream in(metrics);
  std::string text;
  while (std::getline(in, text)) {
    std::smatch m;
    if (!std::regex_match(text, m, line)) continue;
    auto& entry = sums[m[2].str()];
    (m[1].str() == "sum" ? entry.first : entry.second) = std::stod(m[3].str());
  }
  std::map<std::string, double> out;
  for (const auto& [task, entry] : sums)
    if (entry.second > 0) out[task] = entry.first / entry.second;
  return out;
}

// "12.3" below 1000, "5120" up to a million, then "6.91e+07".
std::string rate_str(double value) {
  char buf[32];
  if (value < 1000)
    std::snprintf(buf, sizeof buf, "%.1f", value);
  else if (value < 1e6)
    std::snprintf(buf, sizeof buf, "%.0f", value);
  else
    std::snprintf(buf, sizeof buf, "%.3g", value);
  return buf;
}

// A Go duration rounded to four significant digits ("3.456ms", "571.1µs", "1m23.5s").
std::string seconds_str(double seconds) {
  const auto ns = static_cast<std::int64_t>(seconds * 1e9);
  std::int64_t unit = 1;
  while (ns / unit >= 10000) unit *= 10;
  return go_duration_string(std::chrono::nanoseconds((ns + unit / 2) / unit * unit));
}

// text and spaces to width characters (UTF-8: "µs" is two characters), at least one space.
std::string pad(const std::string& text, std::size_t width) {
  const auto chars = static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
  return text + std::string(chars >= width ? 1 : width - chars, ' ');
}

// The plan table's columns padded to their widths, without trailing spaces.
std::string table_row(const std::vector<std::string>& cells) {
  static constexpr std::size_t kWidths[] = {7, 14, 14, 9, 12, 20, 13};
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i)
    line += i < std::size(kWidths) ? pad(cells[i], kWidths[i]) : cells[i];
  line.erase(line.find_last_not_of(' ') + 1);
  return line + "\n";
}

void print_plan(std::ostream& out, const workers::SealingBench& bench,
                const workers::WorkerResources& worker, const workers::CapacityPlan& plan,
                const std::map<std::string, double>& measured) {
  out << "Capacity plan: " << size_str(static_cast<double>(bench.sector_size)) << " sectors ("
      << porep::seal_proof_for_size(bench.sector_size).name << ") on a worker with " << worker.cpus
      << " CPUs, " << size_str(static_cast<double>(worker.mem_physical)) << " memory, "
      << size_str(static_cast<double>(worker.mem_swap)) << " swap, " << worker.gpus.size()
      << " GPUs\n";
  if (bench.cpus && *bench.cpus != worker.cpus)
    out << "Note: the bench ran on " << *bench.cpus
        << " CPUs; multi-threaded stages run at another speed on " << worker.cpus << "\n";
  out << table_row({"Stage", "Time", "CPU time", "Threads", "MinMemory", "At once", "Sectors/day",
                    measured.empty() ? "" : "Measured call"});
  for (const auto& s : plan.stages) {
    const std::string name(workers::task_short_name(s.task));
    const auto seen = measured.find(name);
    out << table_row({name, seconds_str(s.seconds), seconds_str(s.cpu_seconds),
                      std::to_string(s.threads), size_str(static_cast<double>(s.min_memory)),
                      std::to_string(s.concurrent) + " (" +
                          std::string(workers::concurrency_limit_name(s.limit)) + ")",
                      rate_str(s.sectors_per_day),
                      seen == measured.end() ? "" : seconds_str(seen->second)});
  }
  for (const auto task : {TaskType::kAddPiece, TaskType::kPreCommit1, TaskType::kPreCommit2,
                          TaskType::kCommit1, TaskType::kCommit2, TaskType::kFinalize})
    if (std::none_of(plan.stages.begin(), plan.stages.end(),
                     [&](const workers::StagePlan& s) { return s.task == task; }))
      out << "Not measured: " << workers::task_short_name(task) << " (skipped by the bench)\n";
  out << "Every stage on the worker's CPUs: " << seconds_str(plan.cpu_seconds)
      << " CPU per sector, " << rate_str(plan.cpu_sectors_per_day) << " sectors/day\n";
  out << "Worker: " << rate_str(plan.sectors_per_day) << " sectors/day, bounded by "
      << (plan.bottleneck ? std::string(workers::task_short_name(*plan.bottleneck)) : "the CPUs")
      << "; one sector takes " << seconds_str(plan.sector_seconds) << " through the stages\n";
}

int capacity_action(Context& ctx) {
  ctx.require_args(0);
  if (!ctx.is_set("bench")) throw UsageError("--bench: a lotus-bench sealing result is required");
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(read_file(ctx.string("bench"), "bench"));
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput("bench " + ctx.string("bench") + ": " + e.what());
  }
  const auto bench = workers::parse_sealing_bench(json);
  auto worker = workers::host_resources(false, workers::parse_resource_env(workers::process_env()));
  worker.mem_used = 0;  // an idle worker
  worker.mem_swap_used = 0;
  if (ctx.is_set("cpus")) {
    if (ctx.integer("cpus") < 1) throw UsageError("--cpus must be at least 1");
    worker.cpus = static_cast<std::uint64_t>(ctx.integer("cpus"));
  }
  if (ctx.is_set("memory")) worker.mem_physical = parse_byte_size(ctx.string("memory"));
  if (ctx.is_set("swap")) worker.mem_swap = parse_byte_size(ctx.string("swap"));
  if (ctx.integer("gpus") < 0) throw UsageError("--gpus must not be negative");
  for (std::int64_t i = 0; i < ctx.integer("gpus"); ++i)
    worker.gpus.push_back("planned GPU " + std::to_string(i));
  std::map<std::string, double> measured;
  if (ctx.is_set("metrics"))
    measured = measured_call_seconds(read_file(ctx.string("metrics"), "metrics"));
  const auto plan = workers::plan_capacity(bench, worker);
  if (ctx.boolean("json")) {
    auto out = workers::capacity_plan_to_json(bench, worker, plan);
    if (ctx.is_set("metrics")) out["measured_call_seconds"] = measured;
    ctx.out() << out.dump(2) << "\n";
  } else {
    print_plan(ctx.out(), bench, worker, plan, measured);
  }
  return 0;
}

}  // namespace

Command make_sealing_capacity_command() {
  return Command{
      .name = "capacity",
      .usage = "Plan a sealing worker's sectors per day from a lotus-bench sealing result",
      .description =
          "Reads a `lotus-bench sealing` result (tessera's JSON or lotus's --json-out) and\n"
          "applies the scheduler's resource table (with this machine's env overrides, as\n"
          "lotus-worker reports them) to a worker with the given CPUs, memory, swap and GPUs\n"
          "(this machine's by default): for each stage, how many tasks run at once and what\n"
          "bounds them, and the sectors per day it allows; then the whole worker's rate.",
      .flags =
          {{.name = "bench", .usage = "lotus-bench sealing result (JSON file)"},
           {.name = "cpus",
            .type = FlagType::kInt,
            .usage = "worker CPUs (default: this machine's)"},
           {.name = "memory", .usage = "worker memory, e.g. 256GiB (default: this machine's)"},
           {.name = "swap", .usage = "worker swap, e.g. 64GiB (default: this machine's)"},
           {.name = "gpus", .type = FlagType::kInt, .usage = "worker GPUs", .default_value = "0"},
           {.name = "metrics",
            .usage = "a miner's /debug/metrics text: show its measured mean call time per stage"},
           {.name = "json", .type = FlagType::kBool, .usage = "output JSON"}},
      .action = capacity_action};
}

}  // namespace tessera::cli
