// Builders of the lotus-miner command tree; each returns one top-level command with its
// subcommands (cli/cmd_*.cpp).
#pragma once

#include "cli/command.hpp"

namespace tessera::cli {

Command make_init_command();
Command make_run_command();
Command make_stop_command();
Command make_version_command();        // local build version (lotus-worker, lotus-bench)
Command make_miner_version_command();  // daemon and local versions, as lotus-miner prints them
Command make_auth_command();
Command make_config_command();
Command make_log_command();
Command make_backup_command();
Command make_sectors_command();
Command make_sectors_import_records_command();  // `lotus-miner sectors import-records`
Command make_wait_api_command();
Command make_bench_simple_command();
Command make_bench_sealing_command();
Command make_bench_paramgen_command();  // tessera's devnet Groth16 parameters
Command make_devnet_command();  // `lotus-miner devnet`
Command make_info_command();
Command make_actor_command();
Command make_proving_command();
Command make_storage_command();
Command make_sealing_command();  // `lotus-miner sealing`
Command make_sealing_capacity_command();  // `lotus-miner sealing capacity`

// The whole lotus-miner tree with its global options.
Command make_miner_app();
// lotus-worker, lotus-bench and lotus-devnet: the same binary under other names.
Command make_worker_app();
Command make_worker_run_command();      // lotus-worker run
Command make_worker_info_command();     // lotus-worker info
Command make_worker_tasks_command();    // lotus-worker tasks enable|disable
Command make_worker_storage_command();  // lotus-worker storage attach
Command make_bench_app();
// lotus-devnet: the devnet command tree as its own program.
Command make_devnet_app();

}  // namespace tessera::cli
