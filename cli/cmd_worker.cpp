// lotus-worker: `run` (lotus cmd/lotus-worker/main.go: the worker process with its task flags)
// and `info` (what the worker reports about itself).
#include <ostream>

#include "cli/commands.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
#include "gpu/compute_lanes.hpp"
#include "post/post_worker_api.hpp"
#include "post/remote_proof_source.hpp"
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

// lotus-worker's "0 = no limit" for the PoSt read limits.
constexpr auto kNoLimit = std::chrono::hours(24);

// The [Proving]-style limits a PoSt worker reads challenges under (lotus-worker
// --post-parallel-reads, --post-read-timeout; 0 means no limit).
post::CheckLimits post_read_limits(const Context& ctx) {
  const auto parallel = ctx.integer("post-parallel-reads");
  if (parallel < 0) throw UsageError("--post-parallel-reads must not be negative");
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
      repo::parse_go_duration(ctx.string("post-read-timeout")));
  if (timeout.count() < 0) throw UsageError("--post-read-timeout must not be negative");
  post::CheckLimits limits;
  limits.parallel = parallel == 0 ? 1024u : static_cast<unsigned>(parallel);
  limits.single = timeout.count() == 0 ? kNoLimit : timeout;
  limits.total = kNoLimit;
  return limits;
}

// GenerateWindowPoSt / GenerateWinningPoSt on this worker (lotus LocalWorker): each sector's
// vanilla proof from this worker's paths, else from the machine the miner's sector index names
// (asked with the miner's token), proven in the PoSt compute lanes.
workers::WorkerProcessOptions::PostApi post_api(workers::WorkerKind kind, post::CheckLimits limits,
                                                std::string token) {
  return [kind, limits, token](jsonrpc::Registry& registry, paths::LocalPaths& local,
                               const paths::IndexApi& index) {
    const auto source = [&local, &index, token](std::uint64_t miner) {
      return post::first_of(post::local_proof_source([&local, miner](std::uint64_t n) {
                              const paths::SectorId id{miner, n};
                              const auto sealed = local.find_file(paths::FileType::kSealed, id);
                              const auto cache = local.find_file(paths::FileType::kCache, id);
                              if (!sealed || !cache) return std::optional<post::SectorFiles>();
                              return std::optional(post::SectorFiles{*sealed, *cache});
                            }),
                            post::remote_proof_source(index, miner, token));
    };
    const auto mode = params::proof_mode_from_env();
    post::WindowPartitionProver window;
    post::WinningProver winning;
    if (kind == workers::WorkerKind::kWindowPost)
      window = [source, limits, mode](const post::PostTask& task) {
        auto lane = gpu::ComputeLanes::process().enter(gpu::ComputeClass::kWindowPost, kAllCores);
        auto result =
            post::generate_window_partition(task, source(task.miner_id), limits, mode, lane.ctx());
        TLOG_INFO(log::get("worker"),
                  "computed WindowPoSt partition {} of miner {}: {} sectors, {} skipped",
                  task.partition_index, task.miner_id, task.sectors.size(), result.skipped.size());
        return result;
      };
    else
      winning = [source, limits, mode](const post::PostTask& task) {
        auto lane = gpu::ComputeLanes::process().enter(gpu::ComputeClass::kWinningPost, kAllCores);
        auto proof = post::generate_winning_post(task, source(task.miner_id), limits.single, mode,
                                                 lane.ctx());
        TLOG_INFO(log::get("worker"), "computed WinningPoSt of miner {} ({} sectors)",
                  task.miner_id, task.sectors.size());
        return proof;
      };
    post::serve_post_worker_api(registry, std::move(window), std::move(winning));
  };
}

int run_action(Context& ctx) {
  const auto miner = api_info_from_env({"MINER_API_INFO"});
  if (!miner)
    throw NotFound("MINER_API_INFO is not set: export $(lotus-miner auth api-info --perm admin)");
  workers::WorkerRunFlags flags{.addpiece = task_flag(ctx, "addpiece"),
                                .precommit1 = task_flag(ctx, "precommit1"),
                                .precommit2 = task_flag(ctx, "precommit2"),
                                .commit = task_flag(ctx, "commit"),
                                .windowpost = task_flag(ctx, "windowpost"),
                                .winningpost = task_flag(ctx, "winningpost"),
                                .no_default = task_flag(ctx, "no-default")};
  if (ctx.boolean("windowpost") && ctx.boolean("winningpost"))
    throw UsageError("--windowpost and --winningpost exclude each other: run one worker of each");
  const auto task_set = workers::worker_task_set(flags);
  workers::WorkerProcessOptions options;
  if (task_set.kind != workers::WorkerKind::kSealing)
    options.post_api = post_api(task_set.kind, post_read_limits(ctx), miner->token);
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
                task_bool("windowpost", "enable window post", "LOTUS_WORKER_WINDOWPOST", "false"),
                task_bool("winningpost", "enable winning post", "LOTUS_WORKER_WINNINGPOST",
                          "false"),
                task_bool(
                    "no-default",
                    "disable all default compute tasks, use the worker for storage/fetching only",
                    "LOTUS_WORKER_NO_DEFAULT", "false"),
                {.name = "post-parallel-reads",
                 .type = FlagType::kInt,
                 .usage = "maximum number of parallel challenge reads (0 = no limit)",
                 .default_value = "32",
                 .env = {"LOTUS_WORKER_POST_PARALLEL_READS"}},
                {.name = "post-read-timeout",
                 .usage = "time limit for reading PoSt challenges (0 = no limit)",
                 .default_value = "0s",
                 .env = {"LOTUS_WORKER_POST_READ_TIMEOUT"}},
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
