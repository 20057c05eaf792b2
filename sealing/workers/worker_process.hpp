// The `lotus-worker run` process (lotus cmd/lotus-worker, reference/lotus-compat.md §5.5): its
// own repo (storage.json, sectorstore.json of its paths, a datastore for its call records), its
// storage paths declared in the miner's sector index with its /remote URL, the worker API at
// /rpc/v0 (tokens checked by the miner's AuthVerify), WorkerConnect to the miner, and a
// heartbeat on the miner's Session that declares everything again and reconnects when the miner
// restarted. Results go back through MinerReturnSink, which survives a worker restart.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <set>
#include <string>

#include "common/api_info.hpp"
#include "common/jsonrpc/registry.hpp"
#include "sealing/workers/task_type.hpp"
#include "storage/index/sector_index.hpp"
#include "storage/paths/local_paths.hpp"
#include "storage/paths/remote_handler.hpp"

namespace tessera::workers {

struct WorkerProcessOptions {
  std::filesystem::path repo;           // --worker-repo (LOTUS_WORKER_PATH), default ~/.lotusworker
  std::string listen_host = "0.0.0.0";  // --listen host; 0.0.0.0: advertise the miner's host
  std::uint16_t listen_port = 3456;
  std::set<TaskType> tasks;       // from --addpiece, --precommit1, ... (worker_task_set)
  bool no_local_storage = false;  // --no-local-storage: no default path in the repo
  ApiInfo miner;                  // MINER_API_INFO (an admin token)
  std::string hostname;           // reported in Info
  std::chrono::milliseconds heartbeat{std::chrono::seconds(10)};
  std::chrono::milliseconds return_retry{std::chrono::seconds(5)};
  // How /remote/vanilla/single answers from this worker's files (PoSt-miners ask it for the
  // sectors sealed here); empty: 501.
  paths::SingleVanillaAnswer single_vanilla;
  // A PoSt worker's calls (--windowpost/--winningpost: GenerateWindowPoSt and
  // GenerateWinningPoSt): registers them on the worker API given the worker's paths and the
  // miner's sector index (which lives as long as the registry). Unset for a sealing worker.
  using PostApi =
      std::function<void(jsonrpc::Registry&, paths::LocalPaths&, const paths::IndexApi&)>;
  PostApi post_api;
};

// Runs until SIGINT/SIGTERM or Filecoin.Shutdown; returns the exit code. Throws on start-up
// failures (repo unusable, port taken, miner refusing the token).
int run_worker_process(const WorkerProcessOptions& options);

}  // namespace tessera::workers
