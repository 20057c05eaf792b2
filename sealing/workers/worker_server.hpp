// The worker side of lotus's worker protocol on a registry (what `lotus-worker run` serves at
// /rpc/v0): Version, Session, ProcessSession, Info, TaskTypes, Paths, the asynchronous sealing
// calls of a LocalWorker, Remove, TaskEnable/TaskDisable, SetEnabled/Enabled, WaitQuiet,
// StorageLocal, StorageAddLocal and Shutdown (sealing/workers/worker_api.hpp).
#pragma once

#include <atomic>
#include <functional>

#include "common/jsonrpc/registry.hpp"
#include "sealing/workers/local_worker.hpp"

namespace tessera::workers {

struct WorkerControl {
  std::atomic<bool> enabled{true};
  std::function<void()> shutdown;  // Filecoin.Shutdown
};

// worker, local and control must outlive the registry's use.
void register_worker_api(jsonrpc::Registry& registry, LocalWorker& worker, paths::LocalPaths& local,
                         WorkerControl& control);

}  // namespace tessera::workers
