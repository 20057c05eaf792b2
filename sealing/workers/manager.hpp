// The miner's worker manager and scheduler (lotus storage/sealer Manager + sched): runs the
// pipeline's sealing calls on connected workers. A request waits in lotus's task order until a
// worker that has the task enabled admits it by lotus's resource rules (admission.hpp); a
// sector's calls after AddPiece go to the worker holding its files (found through the sector
// index), so sealed and cache files never move between workers; after finalize they go to
// long-term storage (a CanStore path), on the same machine when it has one. Calls return
// through deliver() (the Return* methods). A worker whose session changes or stops answering is
// dropped and its calls fail as "worker restarted" (retried by the pipeline). Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sealing/pipeline/sealer.hpp"
#include "sealing/workers/admission.hpp"
#include "sealing/workers/go_time.hpp"
#include "sealing/workers/worker_handle.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/index/sector_index.hpp"

namespace tessera::workers {

struct ManagerOptions {
  // Where calls in flight are tracked (lotus's /stmgr/calls WorkStates), so that a restarted
  // miner re-attaches to the results its workers still return; nullptr: not tracked.
  datastore::MetadataStore* calls_store = nullptr;
  std::chrono::milliseconds heartbeat{std::chrono::seconds(10)};  // lotus HeartbeatInterval
  // A call that no connected worker could take (none has the task enabled, holds the sector's
  // files or has sealing space) for this long fails (temporary) saying why, so the sector's
  // LastErr shows it; the pipeline retries it after its backoff. Busy workers are waited for.
  std::chrono::milliseconds give_up_after{std::chrono::minutes(2)};
};

class Manager final : public pipeline::Sealer, public ReturnSink {
 public:
  // index must outlive the manager.
  Manager(paths::IndexApi& index, ManagerOptions options = {});
  ~Manager() override;
  Manager(const Manager&) = delete;
  Manager& operator=(const Manager&) = delete;

  // Adds a worker (lotus AddWorker): reads its session, info, task types and paths. A worker
  // already connected with the same session is replaced. IoError when it does not answer.
  void add_worker(std::shared_ptr<WorkerHandle> worker);
  // Fails every call waiting on workers and stops the heartbeat.
  void stop();

  // pipeline::Sealer
  void check_can_seal(std::int64_t seal_proof) override;
  std::vector<datastore::SectorPiece> pledge(const pipeline::SectorRef& sector,
                                             std::stop_token stop) override;
  Bytes precommit1(const pipeline::SectorRef& sector, const Bytes& ticket,
                   const std::vector<datastore::SectorPiece>& pieces,
                   std::stop_token stop) override;
  pipeline::SealedCids precommit2(const pipeline::SectorRef& sector, const Bytes& pc1_out,
                                  std::stop_token stop) override;
  Bytes commit1(const pipeline::SectorRef& sector, const Bytes& ticket, const Bytes& seed,
                const std::vector<datastore::SectorPiece>& pieces, const pipeline::SealedCids& cids,
                std::stop_token stop) override;
  Bytes commit2(const pipeline::SectorRef& sector, const Bytes& c1_out,
                std::stop_token stop) override;
  void finalize(const pipeline::SectorRef& sector, bool keep_unsealed,
                std::stop_token stop) override;
  void remove(const pipeline::SectorRef& sector, std::stop_token stop) override;

  // ReturnSink: NotFound for a call nobody waits for.
  void deliver(const CallId& call, nlohmann::json result, std::optional<CallError> error) override;

  // lotus WorkerStats / WorkerJobs, by worker session.
  std::map<std::string, WorkerStats> worker_stats() const;
  std::map<std::string, std::vector<WorkerJob>> worker_jobs() const;
  // lotus SealingAbort: fails the call as if the worker had returned an error. NotFound when
  // no such call is running.
  void abort(const CallId& call);
  // lotus SealingSchedDiag (after a scheduling pass when run_scheduler): {"SchedInfo":
  // {"Requests": [{Sector, TaskType, Priority, SchedId}] of the requests no worker took yet,
  // "OpenWindows": [the connected workers' sessions]}, "ReturnedWork" and "Waiting": the work
  // IDs of calls returned and not yet consumed / still running, "CallToWork": call ID -> work
  // ID, "EarlyRet": calls whose result came before the call was registered}.
  nlohmann::json sched_diag(bool run_scheduler);
  // lotus SealingRemoveRequest: the request no worker took yet with this scheduler ID fails
  // (temporarily, so its sector retries after the pipeline's backoff). NotFound for an ID no
  // waiting request has.
  void remove_request(const std::string& sched_id);
  // Calls started per task short name since start (for tests and metrics).
  std::map<std::string, std::uint64_t> calls_started() const;

 private:
  struct Worker {
    std::shared_ptr<WorkerHandle> handle;
    std::string session;
    WorkerInfo info;
    std::set<TaskType> tasks;
    std::set<std::string> storage_ids;
    ActiveResources active;
    std::uint64_t assigned = 0;  // requests ever assigned: ties go to the least used worker
  };
  struct Request {
    std::string id;  // scheduler request ID (a UUID, lotus's SchedId)
    TaskType task;
    pipeline::SectorRef sector;
    std::optional<std::uint32_t> home_types;  // file types whose holder must run it
    std::chrono::steady_clock::time_point queued;
    std::string worker;  // session once assigned
    std::string error;   // why it cannot be assigned, for the log
    bool removed = false;  // SealingRemoveRequest
    // Since when no connected worker could ever take it (not merely busy); nullopt otherwise.
    std::optional<std::chrono::steady_clock::time_point> blocked_since;
  };
  struct Pending {
    CallId call;
    TaskType task;
    std::int64_t proof = 0;
    std::string request_id;
    std::string work_id;  // lotus WorkID: the task and its parameters
    Resources need;
    std::string worker;
    TimePoint start;
    bool done = false;
    nlohmann::json result;
    std::optional<CallError> error;
  };

  // Schedules, calls, waits for the Return and gives back the result JSON.
  // work_params: the call's parameters as JSON, which with the task name identify the work
  // (lotus WorkID) across miner restarts.
  nlohmann::json run(TaskType task, const pipeline::SectorRef& sector,
                     const nlohmann::json& work_params, std::optional<std::uint32_t> home_types,
                     const std::function<CallId(WorkerHandle&)>& call, std::stop_token stop);
  // After finalize (lotus's TTFetch + MoveStorage): unless the sealed and cache files already
  // lie on a storage path (CanStore), a worker with Fetch enabled and a storage path with room
  // takes them there, pulling them through the holder's /remote when they are not its own.
  // With no such worker connected they stay on the sealing path (logged).
  void move_to_long_term_storage(const pipeline::SectorRef& sector, std::stop_token stop);
  // lotus ReleaseUnsealed with nothing kept: the worker holding the unsealed file removes it
  // (nothing to do when no path holds one).
  void release_unsealed(const pipeline::SectorRef& sector, std::stop_token stop);
  // Assigns waiting requests to workers in task order (lotus trySched, greedily).
  void assign_locked();
  // The per-worker running and the waiting gauges at /debug/metrics.
  void publish_gauges_locked() const;
  std::set<std::string> holders_locked(const Request& request) const;
  void drop_worker_locked(const std::string& session, const std::string& why);
  void heartbeat_loop(std::stop_token stop);
  // Marks pending done with a result that arrived before it was registered, if one did.
  void take_early_result_locked(Pending& pending);
  // Waits for a call's result, then forgets it; throws as run() does.
  nlohmann::json await_locked(std::unique_lock<std::mutex>& lock, const CallId& id, TaskType task,
                              const std::string& work_id, std::stop_token stop,
                              const std::function<void()>& release);
  // /stmgr/calls records.
  void track_locked(const std::string& work_id, const CallId& call, const std::string& hostname);
  void untrack_locked(const std::string& work_id);
  void load_tracked();

  paths::IndexApi& index_;
  ManagerOptions options_;
  mutable std::mutex mu_;
  std::condition_variable_any changed_;
  std::map<std::string, Worker> workers_;
  std::list<Request> queue_;
  std::map<CallId, Pending> pending_;
  // Results that arrived while their call was still being started (local workers can answer
  // before the call returns its CallId).
  std::map<CallId, std::pair<nlohmann::json, std::optional<CallError>>> early_;
  int starting_ = 0;
  std::map<std::string, CallId> restored_;  // WorkID -> call a previous run started
  std::set<CallId> orphans_;                // restored calls whose result may arrive any time
  std::map<std::string, std::uint64_t> started_;
  bool stopped_ = false;
  std::jthread heartbeat_;
};

}  // namespace tessera::workers
