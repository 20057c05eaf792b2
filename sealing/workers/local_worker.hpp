// A worker in this process (lotus LocalWorker): runs sealing calls on its local storage paths,
// each on its own thread, and reports each outcome to a ReturnSink. New sectors go to the local
// sealing path the sector index ranks best; a sector's later calls find its files where its
// earlier ones put them, and every file it writes is declared in the index. Finalize moves the
// sector to the best local storage path; MoveStorage also pulls it from another machine. Used by
// the miner (its built-in worker) and by `lotus-worker run`.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "sealing/workers/sector_tasks.hpp"
#include "sealing/workers/storage_move.hpp"
#include "sealing/workers/worker_handle.hpp"
#include "storage/index/sector_index.hpp"
#include "storage/paths/local_paths.hpp"

namespace tessera::workers {

struct LocalWorkerConfig {
  std::string hostname;
  std::set<TaskType> tasks;
  params::ProofMode proofs = params::ProofMode::kSnark;  // what Commit2 returns
  // The cluster's admin token: MoveStorage fetches sector files from other machines' /remote.
  std::string remote_token;
};

class LocalWorker final : public WorkerHandle {
 public:
  // Every reference must outlive the worker. The sink may be set later (set_sink) but before
  // the first call. With PC2 among its tasks it chooses PC2's device now (gpu::pc2_device), so
  // its log says at start where PC2 builds its trees, and throws InvalidInput for a malformed
  // GPU setting before it takes any task.
  LocalWorker(LocalWorkerConfig config, paths::LocalPaths& local, paths::IndexApi& index,
              ReturnSink* sink = nullptr);
  // Waits for the calls still running.
  ~LocalWorker() override;

  void set_sink(ReturnSink* sink) { sink_ = sink; }
  // Blocks until no call is running (lotus WaitQuiet).
  void wait_quiet();
  // Enables or disables a task type (lotus-worker tasks enable|disable).
  void set_task_enabled(TaskType task, bool enabled);

  std::string session() override { return session_; }
  WorkerInfo info() override;
  std::set<TaskType> task_types() override;
  std::vector<StoragePath> paths() override;

  CallId add_piece(const SectorRef& sector, std::uint64_t unpadded_size) override;
  CallId seal_pre_commit1(const SectorRef& sector, const Bytes& ticket,
                          const std::vector<PieceInfo>& pieces) override;
  CallId seal_pre_commit2(const SectorRef& sector, const Bytes& pc1_out) override;
  CallId seal_commit1(const SectorRef& sector, const Bytes& ticket, const Bytes& seed,
                      const std::vector<PieceInfo>& pieces, const SectorCids& cids) override;
  CallId seal_commit2(const SectorRef& sector, const Bytes& c1_out) override;
  CallId finalize_sector(const SectorRef& sector) override;
  CallId move_storage(const SectorRef& sector, std::uint32_t types) override;
  CallId release_unsealed(const SectorRef& sector, const std::vector<Range>& keep) override;
  void remove(const paths::SectorId& sector) override;

 private:
  // Runs work on its own thread; its JSON result or its error goes to the sink.
  CallId start(const SectorRef& sector, std::string task, std::function<nlohmann::json()> work);
  // The sector's files on this worker: where its unsealed file is, or a new place on the best
  // local sealing path (CallError 102 when none has room).
  SectorPaths sector_paths(const SectorRef& sector, bool allocate);
  void declare(const SectorRef& sector, const SectorPaths& files, std::uint32_t types);
  StorageMoveContext move_context();

  LocalWorkerConfig config_;
  paths::LocalPaths& local_;
  paths::IndexApi& index_;
  std::atomic<ReturnSink*> sink_;
  const std::string session_;
  std::mutex mu_;
  std::condition_variable quiet_;
  std::set<TaskType> disabled_;
  struct Running {
    std::thread thread;
    bool done = false;
  };
  std::list<Running> running_;  // finished ones are joined by the next start()
  // One call at a time works on a sector's files (a call re-sent after a miner restart waits
  // for the first one instead of racing it).
  std::map<paths::SectorId, std::shared_ptr<std::mutex>> sector_locks_;
};

// The error a worker call reports for an exception (lotus's CallError codes): 102 when no path
// had room, 100 for temporary failures (I/O), 0 for the rest.
CallError call_error_for(const std::exception& error);

// Thrown when no local path can hold a sector's files.
class NoSpace : public IoError {
 public:
  using IoError::IoError;
};

}  // namespace tessera::workers
