#include "cli/sealing_format.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "cli/command.hpp"
#include "cli/size_format.hpp"
#include "common/error.hpp"

namespace tessera::cli {
namespace {

using workers::TaskType;

// Width as Go's tabwriter measures it: runes (UTF-8 code points), not bytes.
std::size_t rune_count(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

class TabFormatter {
 public:
  TabFormatter(const std::vector<std::vector<std::string>>& rows, std::size_t minwidth,
               std::size_t padding)
      : rows_(rows), minwidth_(minwidth), padding_(padding) {}

  std::string run() {
    format(0, rows_.size(), 0);
    return out_;
  }

 private:
  // Whether row has a terminated cell in column (the last cell is never terminated).
  bool has_cell(std::size_t row, std::size_t column) const {
    return column + 1 < rows_[row].size();
  }

  // Go tabwriter.format: splits [line0, line1) into blocks of rows sharing `column`.
  void format(std::size_t line0, std::size_t line1, std::size_t column) {
    for (std::size_t row = line0; row < line1; ++row) {
      if (!has_cell(row, column)) continue;
      write_lines(line0, row);
      line0 = row;
      std::size_t width = minwidth_;
      for (; row < line1 && has_cell(row, column); ++row)
        width = std::max(width, rune_count(rows_[row][column]) + padding_);
      widths_.push_back(width);
      format(line0, row, column + 1);
      widths_.pop_back();
      line0 = row;
      --row;  // the loop's ++row resumes at the first row after the block
    }
    write_lines(line0, line1);
  }

  void write_lines(std::size_t line0, std::size_t line1) {
    for (std::size_t row = line0; row < line1; ++row) {
      const auto& cells = rows_[row];
      for (std::size_t j = 0; j < cells.size(); ++j) {
        out_ += cells[j];
        if (j < widths_.size()) out_.append(widths_[j] - rune_count(cells[j]), ' ');
      }
      out_ += "\n";
    }
  }

  const std::vector<std::vector<std::string>>& rows_;
  std::size_t minwidth_;
  std::size_t padding_;
  std::vector<std::size_t> widths_;
  std::string out_;
};

std::string lower_hex_prefix(const std::string& uuid) {
  std::string out = uuid.substr(0, 8);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string job_state(std::int64_t run_wait) {
  if (run_wait > 1) return "assigned(" + std::to_string(run_wait - 1) + ")";
  switch (run_wait) {
    case workers::kRunWaitPrepared:
      return "prepared";
    case workers::kRunWaitRetDone:
      return "ret-done";
    case workers::kRunWaitReturned:
      return "returned";
    case workers::kRunWaitRetWait:
      return "ret-wait";
    default:
      return "running";  // 0, and any other value (lotus's default)
  }
}

// One TaskCounts entry: "<proof>:<task name>" (lotus SttFromString).
struct SealTask {
  std::int64_t proof = 0;
  std::optional<TaskType> task;  // nullopt: a name this build does not know ("UNK")
};

SealTask parse_seal_task(const std::string& key) {
  const auto colon = key.find(':');
  if (colon == std::string::npos)
    throw InvalidInput("seal task type string invalid: \"" + key + "\"");
  SealTask out;
  const auto proof = key.substr(0, colon);
  std::size_t used = 0;
  try {
    out.proof = std::stoll(proof, &used, 10);
  } catch (const std::exception&) {
    used = 0;
  }
  if (proof.empty() || used != proof.size())
    throw InvalidInput("seal task type string invalid: bad proof type in \"" + key + "\"");
  out.task = workers::task_type_from_name(std::string_view(key).substr(colon + 1));
  return out;
}

std::string task_line(const workers::WorkerStats& stat) {
  struct Entry {
    int order;
    std::string text;
  };
  std::vector<Entry> entries;
  for (const auto& [key, count] : stat.task_counts) {
    if (count == 0) continue;
    const auto st = parse_seal_task(key);
    std::string text = std::to_string(count);
    const std::int64_t max =
        st.task ? stat.info.resources.resource_spec(st.proof, *st.task).max_concurrent : 0;
    if (max > 0) text += "/" + std::to_string(max);
    const std::string short_name =
        st.task ? std::string(workers::task_short_name(*st.task)) : "UNK";
    entries.push_back({st.task ? workers::task_order(*st.task) : 0, short_name + "(" + text + ")"});
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.order < b.order; });
  std::string line;
  for (const auto& e : entries) line += e.text + " ";
  return line;
}

// "%d%%" of part*100/total in uint64 arithmetic (Go panics on a zero total; 0 here).
std::uint64_t percent_of(std::uint64_t part, std::uint64_t total) {
  return total == 0 ? 0 : part * 100 / total;
}

std::string format_one_worker(const std::string& id, const workers::WorkerStats& stat) {
  std::ostringstream out;
  const auto& res = stat.info.resources;
  out << "Worker " << id << ", host " << stat.info.hostname << (stat.enabled ? "" : " (disabled)")
      << "\n";
  const auto tasks = task_line(stat);
  if (!tasks.empty()) out << "\tTASK: " << tasks << "\n";

  out << "\tCPU:  ["
      << bar_string(static_cast<double>(res.cpus), 0, static_cast<double>(stat.cpu_use)) << "] "
      << stat.cpu_use << "/" << res.cpus << " core(s) in use\n";

  const std::uint64_t ram_tasks = stat.mem_used_min;
  const std::uint64_t ram_used = res.mem_used;
  const std::uint64_t ram_reserved = ram_used > ram_tasks ? ram_used - ram_tasks : 0;
  // lotus prints tasks+used (not tasks+reserved) as the RAM in use; kept for identical output.
  out << "\tRAM:  ["
      << bar_string(static_cast<double>(res.mem_physical), static_cast<double>(ram_reserved),
                    static_cast<double>(ram_tasks))
      << "] " << percent_of(ram_tasks + ram_reserved, res.mem_physical) << "% "
      << size_str(static_cast<double>(ram_tasks + ram_used)) << "/"
      << size_str(static_cast<double>(res.mem_physical)) << "\n";

  const std::uint64_t vmem_total = res.mem_physical + res.mem_swap;
  const std::uint64_t vmem_tasks = stat.mem_used_max;
  const std::uint64_t vmem_used = res.mem_used + res.mem_swap_used;
  const std::uint64_t vmem_reserved = vmem_used > vmem_tasks ? vmem_used - vmem_tasks : 0;
  out << "\tVMEM: ["
      << bar_string(static_cast<double>(vmem_total), static_cast<double>(vmem_reserved),
                    static_cast<double>(vmem_tasks))
      << "] " << percent_of(vmem_tasks + vmem_reserved, vmem_total) << "% "
      << size_str(static_cast<double>(vmem_tasks + vmem_reserved)) << "/"
      << size_str(static_cast<double>(vmem_total)) << "\n";

  if (!res.gpus.empty()) {
    const double gpus = static_cast<double>(res.gpus.size());
    char numbers[96];
    std::snprintf(numbers, sizeof numbers, "%.0f%% %.2f/%zu", stat.gpu_used * 100 / gpus,
                  stat.gpu_used, res.gpus.size());
    out << "\tGPU:  [" << bar_string(gpus, 0, stat.gpu_used) << "] " << numbers
        << " gpu(s) in use\n";
  }
  const char* use = stat.gpu_used > 0 ? "" : "not ";
  for (const auto& gpu : res.gpus) out << "\tGPU: " << gpu << ", " << use << "used\n";
  return out.str();
}

std::string version_string(std::uint32_t packed) {
  return std::to_string(packed >> 16) + "." + std::to_string((packed >> 8) & 0xff) + "." +
         std::to_string(packed & 0xff);
}

}  // namespace

std::string go_tabwriter(const std::vector<std::vector<std::string>>& rows, std::size_t minwidth,
                         std::size_t padding) {
  return TabFormatter(rows, minwidth, padding).run();
}

std::string bar_string(double total, double y, double g) {
  constexpr int kCols = 64;
  const auto bars = [&](double v) {
    if (!(total > 0)) return 0;
    const double n = std::round(v / total * kCols);
    return n > 0 ? static_cast<int>(std::min(n, 1e6)) : 0;
  };
  const int y_bars = bars(y);
  const int g_bars = bars(g);
  std::string out(static_cast<std::size_t>(y_bars + g_bars), '|');
  const int empty = kCols - y_bars - g_bars;
  if (empty > 0) out.append(static_cast<std::size_t>(empty), ' ');
  return out;
}

std::string format_sealing_jobs(const std::map<std::string, std::vector<workers::WorkerJob>>& jobs,
                                const std::map<std::string, std::string>& hostnames,
                                workers::TimePoint now, bool show_ret_done) {
  struct Line {
    const workers::WorkerJob* job;
    const std::string* worker;
  };
  std::vector<Line> lines;
  for (const auto& [worker, list] : jobs)
    for (const auto& job : list) lines.push_back({&job, &worker});
  // oldest first; Go's zero time (nullopt) is before every other time
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    if (a.job->run_wait != b.job->run_wait) return a.job->run_wait < b.job->run_wait;
    if (a.job->start == b.job->start) return a.job->id.id < b.job->id.id;
    return a.job->start < b.job->start;
  });

  std::vector<std::vector<std::string>> rows{
      {"ID", "Sector", "Worker", "Hostname", "Task", "State", "Time"}};
  for (const auto& line : lines) {
    const auto& job = *line.job;
    if (job.run_wait == workers::kRunWaitRetDone && !show_ret_done) continue;
    std::string time = "n/a";
    if (job.start) {
      const auto elapsed = now - *job.start;
      time = go_duration_string(elapsed - elapsed % std::chrono::milliseconds(100));
    }
    const auto host = hostnames.find(*line.worker);
    rows.push_back(
        {lower_hex_prefix(job.id.id), std::to_string(job.sector.number),
         lower_hex_prefix(*line.worker), host != hostnames.end() ? host->second : job.hostname,
         std::string(workers::task_short_name(job.task)), job_state(job.run_wait), time});
  }
  return go_tabwriter(rows, 2, 2);
}

std::string format_sealing_workers(const std::map<std::string, workers::WorkerStats>& stats,
                                   bool sealing) {
  std::string out;
  for (const auto& [id, stat] : stats) {  // std::map: sorted by UUID string, as lotus sorts
    if (!stat.tasks.empty() &&
        (workers::worker_kind(stat.tasks.front()) == workers::WorkerKind::kSealing) != sealing)
      continue;
    out += format_one_worker(id, stat);
  }
  return out;
}

std::optional<workers::WorkerJob> find_job_by_prefix(
    const std::map<std::string, std::vector<workers::WorkerJob>>& jobs, std::string_view prefix) {
  for (const auto& [worker, list] : jobs)
    for (const auto& job : list)
      if (job.id.id != workers::kNilUuid && std::string_view(job.id.id).starts_with(prefix))
        return job;
  return std::nullopt;
}

std::string format_abort_line(const workers::WorkerJob& job) {
  return "aborting job " + workers::to_string(job.id) + ", task " +
         std::string(workers::task_short_name(job.task)) + ", sector " +
         std::to_string(job.sector.number) + ", running on host " + job.hostname + "\n";
}

std::string format_worker_info(const WorkerInfoReport& report) {
  std::ostringstream out;
  out << "Worker version:  " << version_string(report.version) << "\n";
  out << "CLI version: " << report.cli_version << "\n\n";
  out << "Session: " << report.session << "\n";
  out << "Enabled: " << (report.enabled ? "true" : "false") << "\n";
  const auto& res = report.info.resources;
  out << "Hostname: " << report.info.hostname << "\n";
  out << "CPUs: " << res.cpus << "; GPUs: [";
  for (std::size_t i = 0; i < res.gpus.size(); ++i) out << (i ? " " : "") << res.gpus[i];
  out << "]\n";
  out << "RAM: " << size_str(static_cast<double>(res.mem_used)) << "/"
      << size_str(static_cast<double>(res.mem_physical))
      << "; Swap: " << size_str(static_cast<double>(res.mem_swap_used)) << "/"
      << size_str(static_cast<double>(res.mem_swap)) << "\n";
  std::vector<TaskType> tasks(report.tasks.begin(), report.tasks.end());
  std::stable_sort(tasks.begin(), tasks.end(), workers::task_runs_before);
  out << "Task types: ";
  for (const auto task : tasks) out << workers::task_short_name(task) << " ";
  out << "\n\n";
  for (const auto& path : report.paths) {
    out << path.id << ":\n";
    out << "\tWeight: " << path.weight << "; Use: ";
    if (path.can_seal || path.can_store)
      out << (path.can_seal ? "Seal " : "") << (path.can_store ? "Store" : "") << "\n";
    else
      out << "Use: ReadOnly";  // lotus prints "Use: " twice and no newline here
    out << "\tLocal: " << path.local_path << "\n";
  }
  return out.str();
}

const std::vector<TaskType>& settable_task_types() {
  static const std::vector<TaskType> kSettable = [] {
    std::vector<TaskType> tasks{TaskType::kAddPiece,      TaskType::kDataCid,
                                TaskType::kPreCommit1,    TaskType::kPreCommit2,
                                TaskType::kCommit2,       TaskType::kUnseal,
                                TaskType::kReplicaUpdate, TaskType::kProveReplicaUpdate2,
                                TaskType::kRegenSectorKey};
    std::stable_sort(tasks.begin(), tasks.end(), workers::task_runs_before);
    return tasks;
  }();
  return kSettable;
}

std::string settable_task_names() {
  std::string out;
  for (const auto task : settable_task_types())
    out += (out.empty() ? "" : "|") + std::string(workers::task_short_name(task));
  return out;
}

TaskType parse_settable_task(std::string_view short_name) {
  for (const auto task : settable_task_types())
    if (workers::task_short_name(task) == short_name) return task;
  throw UsageError("unknown task type '" + std::string(short_name) + "'");
}

}  // namespace tessera::cli
