// `lotus-miner sealing`: jobs, workers, sched-diag and abort through the miner's WorkerJobs,
// WorkerStats, SealingSchedDiag, SealingAbort and SealingRemoveRequest (lotus
// cmd/lotus-miner/sealing.go); the text comes from cli/sealing_format.hpp.
#include <chrono>
#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/miner_api_client.hpp"
#include "cli/sealing_format.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "sealing/workers/worker_api.hpp"

namespace tessera::cli {
namespace {

int jobs_action(Context& ctx) {
  ctx.require_args(0);
  auto rpc = connect_miner_api(ctx);
  const auto jobs = api::call(*rpc, workers::kWorkerJobs);
  const auto stats = api::call(*rpc, workers::kWorkerStats);
  std::map<std::string, std::string> hostnames;
  for (const auto& [id, stat] : stats) hostnames[id] = stat.info.hostname;
  const auto now =
      std::chrono::time_point_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now());
  ctx.out() << format_sealing_jobs(jobs, hostnames, now, ctx.boolean("show-ret-done"));
  return 0;
}

int workers_action(Context& ctx) {
  ctx.require_args(0);
  auto rpc = connect_miner_api(ctx);
  ctx.out() << format_sealing_workers(api::call(*rpc, workers::kWorkerStats), true);
  return 0;
}

int sched_diag_action(Context& ctx) {
  ctx.require_args(0);
  auto rpc = connect_miner_api(ctx);
  const auto diag = api::call(*rpc, workers::kSealingSchedDiag, ctx.boolean("force-sched"));
  ctx.out() << diag.dump(2) << "\n";
  return 0;
}

int abort_action(Context& ctx) {
  ctx.require_args(1);
  const auto& arg = ctx.args()[0];
  if (ctx.boolean("sched")) {
    const auto request = workers::parse_uuid(arg, "request UUID");
    auto rpc = connect_miner_api(ctx);
    try {
      api::call(*rpc, workers::kSealingRemoveRequest, request);
    } catch (const Error& e) {
      throw IoError("Failed to removed the request with UUID " + arg + ": " + e.what());
    }
    return 0;
  }
  auto rpc = connect_miner_api(ctx);
  const auto jobs = api::call(*rpc, workers::kWorkerJobs);
  const auto job = find_job_by_prefix(jobs, arg);
  if (!job) throw NotFound("job with specified id prefix not found");
  ctx.out() << format_abort_line(*job) << std::flush;
  api::call(*rpc, workers::kSealingAbort, job->id);
  return 0;
}

}  // namespace

Command make_sealing_command() {
  Command jobs{.name = "jobs",
               .usage = "list running jobs",
               .flags = {{.name = "show-ret-done",
                          .type = FlagType::kBool,
                          .usage = "show returned but not consumed calls"}},
               .action = jobs_action};
  Command workers_cmd{.name = "workers", .usage = "list workers", .action = workers_action};
  Command sched_diag{.name = "sched-diag",
                     .usage = "Dump internal scheduler state",
                     .flags = {{.name = "force-sched", .type = FlagType::kBool}},
                     .action = sched_diag_action};
  Command abort{.name = "abort",
                .usage = "Abort a running job",
                .args_usage = "[callid]",
                .flags = {{.name = "sched",
                           .type = FlagType::kBool,
                           .usage = "Specifies that the argument is UUID of the request to be "
                                    "removed from scheduler"}},
                .action = abort_action};
  return Command{
      .name = "sealing",
      .usage = "interact with sealing pipeline",
      .subcommands = {jobs, workers_cmd, sched_diag, abort, make_sealing_capacity_command()}};
}

}  // namespace tessera::cli
