// lotus-worker's commands that talk to a running worker (lotus cmd/lotus-worker/info.go,
// tasks.go, storage.go): `info`, `tasks enable|disable` and `storage attach`. The worker is
// reached as lotus reaches it: WORKER_API_INFO if set, else the `api` and `token` files in
// --worker-repo (LOTUS_WORKER_PATH), over HTTP JSON-RPC at /rpc/v0.
#include <filesystem>
#include <memory>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/sealing_format.hpp"
#include "cli/size_format.hpp"
#include "cli/storage_attach.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "miner/version.hpp"
#include "sealing/workers/worker_api.hpp"
#include "storage/repo/repo.hpp"

namespace tessera::cli {
namespace {

// Where the worker API is: WORKER_API_INFO, else the repo's api file (and token, if any).
ApiInfo worker_api_info(const Context& ctx) {
  if (auto info = api_info_from_env({"WORKER_API_INFO"})) return *info;
  const auto path = repo::expand_home(ctx.string("worker-repo"));
  if (!std::filesystem::is_directory(path))
    throw NotFound("repo directory does not exist (" + path.string() +
                   "). Make sure your configuration is correct");
  ApiInfo info;
  try {
    info.address = repo::Repo::read_api_endpoint(path);
  } catch (const NotFound& e) {
    throw NotFound("could not get api endpoint: " + std::string(e.what()) +
                   " (is `lotus-worker run` running with this --worker-repo?)");
  }
  try {
    info.token = repo::Repo::read_api_token(path);
  } catch (const NotFound&) {
    // no token: the call goes out without one and the worker refuses admin methods, as lotus
  }
  return info;
}

std::unique_ptr<jsonrpc::Client> connect_worker_api(const Context& ctx) {
  return jsonrpc::Client::connect(worker_api_info(ctx), jsonrpc::Transport::kHttp);
}

const Context& root_of(const Context& ctx) {
  const Context* root = &ctx;
  while (root->parent()) root = root->parent();
  return *root;
}

int info_action(Context& ctx) {
  ctx.require_args(0);
  auto rpc = connect_worker_api(ctx);
  WorkerInfoReport report;
  report.version = api::call(*rpc, workers::kWorkerVersion);
  report.cli_version =
      root_of(ctx).command().name + " version " + std::string(miner::kBuildVersion);
  report.session = api::call(*rpc, workers::kProcessSession);
  report.enabled = api::call(*rpc, workers::kEnabled);
  report.info = api::call(*rpc, workers::kInfo);
  report.tasks = api::call(*rpc, workers::kTaskTypes);
  report.paths = api::call(*rpc, workers::kPaths);
  ctx.out() << format_worker_info(report);
  return 0;
}

// TaskEnable or TaskDisable for each named task type, or every settable one with --all.
int task_action(Context& ctx, bool enable) {
  const bool all = ctx.boolean("all");
  if (all && !ctx.args().empty()) throw UsageError("Cannot use --all flag with task type argument");
  if (!all && ctx.args().empty()) throw UsageError("Expected 1 argument or use --all flag");
  std::vector<workers::TaskType> tasks;
  for (const auto& arg : ctx.args()) tasks.push_back(parse_settable_task(arg));
  if (all) tasks = settable_task_types();
  auto rpc = connect_worker_api(ctx);
  for (const auto task : tasks)
    api::call(*rpc, enable ? workers::kTaskEnable : workers::kTaskDisable, task);
  return 0;
}

Command task_command(const char* name, const char* usage, const char* all_usage, bool enable) {
  return Command{.name = name,
                 .usage = usage,
                 .args_usage = "--all | [" + settable_task_names() + "]",
                 .flags = {{.name = "all", .type = FlagType::kBool, .usage = all_usage}},
                 .action = [enable](Context& ctx) { return task_action(ctx, enable); }};
}

}  // namespace

Command make_worker_info_command() {
  return Command{.name = "info", .usage = "Print worker info", .action = info_action};
}

Command make_worker_tasks_command() {
  return Command{
      .name = "tasks",
      .usage = "Manage task processing",
      .subcommands = {
          task_command("enable", "Enable a task type", "Enable all task types", true),
          task_command("disable", "Disable a task type", "Disable all task types", false)}};
}

Command make_worker_storage_command() {
  Command attach{.name = "attach",
                 .usage = "attach local storage path",
                 .args_usage = "[path]",
                 .flags = storage_attach_flags(),
                 .action = [](Context& ctx) { return storage_attach(ctx, connect_worker_api); }};
  return Command{.name = "storage", .usage = "manage sector storage", .subcommands = {attach}};
}

}  // namespace tessera::cli
