// lotus-worker: `run` (lotus cmd/lotus-worker/main.go: the worker process with its task flags)
// and `info` (what the worker reports about itself).
#include <ostream>

#include "cli/commands.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "post/sector_proof_source.hpp"
#include "sealing/workers/host_resources.hpp"
#include "sealing/workers/worker_process.hpp"
#include "storage/repo/go_duration.hpp"
#include "storage/repo/repo.hpp"
#include "storage/sectorid/number_service.hpp"

namespace tessera::cli {
namespace {

std::optional<bool> task_flag(const Context& ctx, std::string_view name) {
  if (!ctx.is_set(name)) return std::nullopt;
  return ctx.boolean(name);
}

Flag task_bool(std::string name, std::string usage, std::string env, std::string def) {
  return Flag{.name = std::move(name),
              .type = FlagType::kBool,
              .usage = std::move(usage),
              .default_value = std::move(def),
              .env = {std::move(env)}};
}

int run_action(Context& ctx) {
  const auto miner = api_info_from_env({"MINER_API_INFO"});
  if (!miner)
    throw NotFound("MINER_API_INFO is not set: export $(lotus-miner auth api-info --perm admin)");
  workers::WorkerRunFlags flags{.addpiece = task_flag(ctx, "addpiece"),
                                .precommit1 = task_flag(ctx, "precommit1"),
                                .precommit2 = task_flag(ctx, "precommit2"),
                                .commit = task_flag(ctx, "commit"),
                                .no_default = task_flag(ctx, "no-default")};
  const auto task_set = workers::worker_task_set(flags);
  if (task_set.kind != workers::WorkerKind::kSealing)
    throw NotImplemented("PoSt workers (--windowpost/--winningpost) are not implemented yet");
  workers::WorkerProcessOptions options;
  options.repo = repo::expand_home(ctx.string("worker-repo"));
  std::pair<std::string, std::uint16_t> listen;
  try {
    listen = sectorid::parse_host_port(ctx.string("listen"));
  } catch (const InvalidInput&) {
    throw UsageError("--listen must be IP:PORT, got \"" + ctx.string("listen") + "\"");
  }
  const auto& [host, port] = listen;
  options.listen_host = host;
  options.listen_port = port;
  options.tasks = {task_set.tasks.begin(), task_set.tasks.end()};
  options.no_local_storage = ctx.boolean("no-local-storage");
  options.miner = *miner;
  options.hostname = ctx.is_set("name") ? ctx.string("name") : workers::host_name();
  options.heartbeat = std::chrono::duration_cast<std::chrono::milliseconds>(
      repo::parse_go_duration(ctx.string("heartbeat")));
  options.return_retry = std::chrono::duration_cast<std::chrono::milliseconds>(
      repo::parse_go_duration(ctx.string("return-retry")));
  options.single_vanilla = post::answer_single_vanilla;
  return workers::run_worker_process(options);
}

}  // namespace

Command make_worker_run_command() {
  return Command{
      .name = "run",
      .usage = "Start lotus worker",
      .flags = {{.name = "listen",
                 .usage = "host address and port the worker api will listen on",
                 .default_value = "0.0.0.0:3456",
                 .env = {"LOTUS_WORKER_LISTEN"}},
                {.name = "no-local-storage",
                 .type = FlagType::kBool,
                 .usage = "don't use storageminer repo for sector storage",
                 .env = {"LOTUS_WORKER_NO_LOCAL_STORAGE"}},
                task_bool("addpiece", "enable addpiece", "LOTUS_WORKER_ADDPIECE", "true"),
                task_bool("precommit1", "enable precommit1", "LOTUS_WORKER_PRECOMMIT1", "true"),
                task_bool("precommit2", "enable precommit2", "LOTUS_WORKER_PRECOMMIT2", "true"),
                task_bool("commit", "enable commit", "LOTUS_WORKER_COMMIT", "true"),
                task_bool(
                    "no-default",
                    "disable all default compute tasks, use the worker for storage/fetching only",
                    "LOTUS_WORKER_NO_DEFAULT", "false"),
                {.name = "name",
                 .usage = "custom worker name (default: hostname)",
                 .env = {"LOTUS_WORKER_NAME"}},
                {.name = "heartbeat",
                 .usage = "how often the miner's Session is checked (tessera)",
                 .default_value = "10s",
                 .hidden = true},
                {.name = "return-retry",
                 .usage = "how often an unacknowledged result is sent again (tessera)",
                 .default_value = "5s",
                 .hidden = true}},
      .action = run_action};
}

}  // namespace tessera::cli
