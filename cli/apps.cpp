#include "cli/cmd_fetch_params.hpp"
#include "cli/commands.hpp"
#include "miner/version.hpp"

namespace tessera::cli {

Command make_miner_app() {
  Command app{.name = "lotus-miner", .usage = "Filecoin decentralized storage network miner"};
  app.flags = {
      {.name = "actor", .aliases = {"a"}, .usage = "specify other actor to query / manipulate"},
      {.name = "color", .type = FlagType::kBool, .usage = "use color in display output"},
      {.name = "miner-repo",
       .aliases = {"storagerepo"},
       .usage = "Specify miner repo path. flag(storagerepo) and env(LOTUS_STORAGE_PATH) are "
                "DEPRECATION, will REMOVE SOON",
       .default_value = "~/.lotusminer",
       .env = {"LOTUS_MINER_PATH", "LOTUS_STORAGE_PATH"}},
      {.name = "vv",
       .type = FlagType::kBool,
       .usage = "enables very verbose mode, useful for debugging the CLI"},
      {.name = "repo", .default_value = "~/.lotus", .env = {"LOTUS_PATH"}, .hidden = true},
  };
  app.subcommands = {make_init_command(),          make_run_command(),     make_stop_command(),
                     make_config_command(),        make_backup_command(),  make_sectors_command(),
                     make_miner_version_command(), make_auth_command(),    make_log_command(),
                     make_wait_api_command(),      make_info_command(),    make_actor_command(),
                     make_proving_command(),       make_storage_command(), make_sealing_command(),
                     make_devnet_command()};
  app.subcommands.push_back(make_fetch_params_command());
  return app;
}

Command make_worker_app() {
  Command app{.name = "lotus-worker", .usage = "Remote miner worker"};
  app.flags = {{.name = "worker-repo",
                .aliases = {"workerrepo"},
                .usage = "Specify worker repo path",
                .default_value = "~/.lotusworker",
                .env = {"LOTUS_WORKER_PATH", "WORKER_PATH"}}};
  app.subcommands = {make_worker_run_command(), make_worker_info_command(),
                     make_worker_storage_command(), make_worker_tasks_command(),
                     make_version_command()};
  app.subcommands.push_back(make_fetch_params_command());
  return app;
}

Command make_bench_app() {
  Command app{.name = "lotus-bench", .usage = "Benchmark performance of lotus on your hardware"};
  app.subcommands = {make_bench_sealing_command(), make_bench_simple_command(),
                     make_bench_paramgen_command(), make_version_command()};
  return app;
}

}  // namespace tessera::cli
