// The text of `lotus-miner sealing jobs|workers|abort` and `lotus-worker info|tasks`, as lotus
// v1.23.3 prints it (cmd/lotus-miner/sealing.go, cmd/lotus-worker/info.go and tasks.go;
// reference/lotus-compat.md §6.2), without colours (tessera prints none). Pure functions from
// data to text; the commands (cli/cmd_sealing.cpp, cli/cmd_worker_tools.cpp) gather the data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sealing/workers/go_time.hpp"
#include "sealing/workers/task_type.hpp"
#include "sealing/workers/worker_info.hpp"
#include "sealing/workers/worker_types.hpp"

namespace tessera::cli {

// Go's text/tabwriter with flags 0 and padchar ' ': each row is its tab-terminated cells then
// one last unterminated cell (written as-is). A column spans the consecutive rows that have a
// terminated cell in it; its width is max(minwidth, widest cell in runes + padding).
std::string go_tabwriter(const std::vector<std::vector<std::string>>& rows, std::size_t minwidth,
                         std::size_t padding);

// lotus cli.BarString: 64 columns, round(y/total*64) '|' (reserved), round(g/total*64) '|'
// (used), then spaces to fill; a bar of spaces when total is not positive.
std::string bar_string(double total, double y, double g);

// `sealing jobs`: the tabwriter (2, 4, 2) table "ID Sector Worker Hostname Task State Time" of
// every job of every worker (worker UUID -> jobs), oldest first (RunWait, then start time, then
// call UUID). hostnames maps worker UUID -> hostname (from WorkerStats); a job of a worker
// missing there shows its own Hostname. Time is now - start truncated to 100 ms, "n/a" for jobs
// not started. ret-done jobs are left out unless show_ret_done.
std::string format_sealing_jobs(const std::map<std::string, std::vector<workers::WorkerJob>>& jobs,
                                const std::map<std::string, std::string>& hostnames,
                                workers::TimePoint now, bool show_ret_done);

// `sealing workers` (sealing = true: workers whose first task type is a sealing one) or
// `proving workers` (false: the PoSt workers); workers with no task types show in both, as in
// lotus. Per worker, sorted by UUID, the "Worker <uuid>, host <name>" line and its TASK, CPU,
// RAM, VMEM and GPU lines. Throws InvalidInput for a TaskCounts key that is not
// "<proof>:<task name>".
std::string format_sealing_workers(const std::map<std::string, workers::WorkerStats>& stats,
                                   bool sealing);

// The first job (workers by UUID, jobs in order) whose call UUID starts with prefix, as `sealing
// abort` picks it; jobs not started yet (the nil call UUID) are skipped. nullopt when none.
std::optional<workers::WorkerJob> find_job_by_prefix(
    const std::map<std::string, std::vector<workers::WorkerJob>>& jobs, std::string_view prefix);

// "aborting job <miner>-<number>-<uuid>, task PC1, sector 5, running on host <h>\n".
std::string format_abort_line(const workers::WorkerJob& job);

// What `lotus-worker info` prints, gathered from the worker's API.
struct WorkerInfoReport {
  std::uint32_t version = 0;                // Version: packed major<<16 | minor<<8 | patch
  std::string cli_version;                  // "lotus-worker version 1.23.3+..." (this binary)
  std::string session;                      // ProcessSession
  bool enabled = false;                     // Enabled
  workers::WorkerInfo info;                 // Info
  std::set<workers::TaskType> tasks;        // TaskTypes
  std::vector<workers::StoragePath> paths;  // Paths
};

// lotus-worker info's lines: versions, Session, Enabled, Hostname, CPUs/GPUs, RAM/Swap, the task
// types' short names in queue order, then per path its ID, weight, use and local path.
std::string format_worker_info(const WorkerInfoReport& report);

// The task types `lotus-worker tasks enable|disable` may change (lotus allowSetting), in queue
// order: UNS C2 PC2 PC1 PR2 RU AP DC GSK.
const std::vector<workers::TaskType>& settable_task_types();
// "UNS|C2|PC2|PC1|PR2|RU|AP|DC|GSK", for the commands' usage.
std::string settable_task_names();
// The settable task type with this short name; UsageError "unknown task type 'X'" otherwise.
workers::TaskType parse_settable_task(std::string_view short_name);

}  // namespace tessera::cli
