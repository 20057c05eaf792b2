#include "sealing/workers/manager.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "common/cbor/cbor.hpp"
#include "common/encoding.hpp"
#include "common/log.hpp"
#include "common/metrics/metrics.hpp"
#include "common/uuid.hpp"
#include "crypto/sha256.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/workers/call_records.hpp"

namespace tessera::workers {
namespace {

constexpr std::uint32_t bit(paths::FileType type) {
  return static_cast<std::uint32_t>(type);
}
constexpr std::uint32_t kSealedAndCache =
    bit(paths::FileType::kSealed) | bit(paths::FileType::kCache);
constexpr std::uint32_t kAllSealing = bit(paths::FileType::kUnsealed) | kSealedAndCache;

SectorRef worker_ref(const pipeline::SectorRef& sector) {
  return SectorRef{sector.id, sector.proof_type};
}

std::vector<PieceInfo> worker_pieces(const std::vector<datastore::SectorPiece>& pieces) {
  std::vector<PieceInfo> out;
  for (const auto& piece : pieces) out.push_back(PieceInfo{piece.size, piece.piece_cid});
  return out;
}

// How the pipeline treats a worker's error (damocles's levels, peers.md §A.8).
pipeline::FailureClass failure_for(const CallError& error) {
  switch (error.code) {
    case kErrTempAllocateSpace:
      return pipeline::FailureClass::kWorkerPermanent;
    default:
      return pipeline::FailureClass::kTemporary;
  }
}

std::string task_label(TaskType task) {
  return "task=\"" + std::string(task_short_name(task)) + "\"";
}

Bytes bytes_result(const nlohmann::json& result, std::string_view what) {
  if (!result.is_string()) throw InvalidInput(std::string(what) + ": expected base64 bytes");
  return base64_decode(result.get<std::string>());
}

// lotus's WorkID string: "<task>(<params JSON>)", the params replaced by their SHA-256 in hex
// when longer than 256 bytes (storage/sealer/manager_calltracker.go).
std::string make_work_id(TaskType task, const nlohmann::json& params) {
  std::string text = params.dump();
  if (text.size() > 256) {
    const auto digest = crypto::sha256(Bytes(text.begin(), text.end()));
    text = hex_encode(Bytes(digest.begin(), digest.end()));
  }
  return std::string(task_name(task)) + "(" + text + ")";
}

constexpr std::string_view kCallsPrefix = "/stmgr/calls/";

}  // namespace

Manager::Manager(paths::IndexApi& index, ManagerOptions options)
    : index_(index), options_(options) {
  load_tracked();
  heartbeat_ = std::jthread([this](std::stop_token stop) { heartbeat_loop(stop); });
}

Manager::~Manager() {
  stop();
}

void Manager::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    for (auto& [id, pending] : pending_) {
      if (pending.done) continue;
      pending.done = true;
      pending.error = CallError{kErrTempUnknown, "the miner is shutting down"};
    }
  }
  changed_.notify_all();
  heartbeat_.request_stop();
  if (heartbeat_.joinable()) heartbeat_.join();
}

void Manager::add_worker(std::shared_ptr<WorkerHandle> handle) {
  Worker worker;
  worker.session = handle->session();
  worker.info = handle->info();
  worker.tasks = handle->task_types();
  for (const auto& path : handle->paths()) worker.storage_ids.insert(path.id);
  worker.handle = std::move(handle);
  const auto session = worker.session;
  TLOG_INFO(log::get("sched"), "worker {} ({}) connected: {} task types, {} paths", session,
            worker.info.hostname, worker.tasks.size(), worker.storage_ids.size());
  std::lock_guard lock(mu_);
  if (workers_.count(session)) drop_worker_locked(session, "replaced by a new connection");
  workers_.emplace(session, std::move(worker));
  assign_locked();
  changed_.notify_all();
}

void Manager::check_can_seal(std::int64_t seal_proof) {
  porep::seal_proof_info(seal_proof);
  std::lock_guard lock(mu_);
  const std::set<TaskType> home_tasks{TaskType::kAddPiece, TaskType::kPreCommit1,
                                      TaskType::kPreCommit2, TaskType::kCommit1,
                                      TaskType::kFinalize};
  bool home = false, commit2 = false;
  for (const auto& [session, worker] : workers_) {
    home = home || std::includes(worker.tasks.begin(), worker.tasks.end(), home_tasks.begin(),
                                 home_tasks.end());
    commit2 = commit2 || worker.tasks.count(TaskType::kCommit2) > 0;
  }
  if (!home || !commit2)
    throw InvalidInput(
        "no worker can seal: connect a lotus-worker with AddPiece, PreCommit1, PreCommit2 and "
        "Commit enabled (or run the miner with [Subsystems] EnableSealing = true)");
}

std::set<std::string> Manager::holders_locked(const Request& request) const {
  const auto size = porep::seal_proof_info(request.sector.proof_type).sector_size;
  std::set<std::string> storage;
  for (const auto& holder : index_.find(request.sector.id, *request.home_types, size, false))
    storage.insert(holder.id);
  std::set<std::string> sessions;
  for (const auto& [session, worker] : workers_)
    for (const auto& id : worker.storage_ids)
      if (storage.count(id)) sessions.insert(session);
  return sessions;
}

void Manager::assign_locked() {
  std::vector<Request*> order;
  for (auto& request : queue_)
    if (request.worker.empty()) order.push_back(&request);
  std::stable_sort(order.begin(), order.end(), [](const Request* a, const Request* b) {
    return task_runs_before(a->task, b->task);
  });
  for (Request* request : order) {
    std::set<std::string> holders;
    if (request->home_types) {
      try {
        holders = holders_locked(*request);
      } catch (const std::exception& e) {
        request->error = std::string("finding its files: ") + e.what();
        continue;
      }
    }
    // Storage IDs with room: sealing space for AddPiece, long-term storage for Fetch.
    std::optional<std::set<std::string>> room;
    const bool for_sealing = request->task == TaskType::kAddPiece;
    if (for_sealing || request->task == TaskType::kFetch) {
      room.emplace();
      try {
        const auto size = porep::seal_proof_info(request->sector.proof_type).sector_size;
        for (const auto& path :
             index_.best_alloc(for_sealing ? kAllSealing : kSealedAndCache, size, for_sealing))
          room->insert(path.id);
      } catch (const std::exception& e) {
        request->error = std::string("finding space: ") + e.what();
        continue;
      }
    }
    const auto has_room = [&](const Worker& worker) {
      if (!room) return true;
      for (const auto& id : worker.storage_ids)
        if (room->count(id)) return true;
      return false;
    };
    const SealTask task{request->task, request->sector.proof_type};
    Worker* best = nullptr;
    bool any_room = false;
    double best_load = 0;
    for (auto& [session, worker] : workers_) {
      if (!worker.tasks.count(request->task)) continue;
      if (request->home_types && !holders.count(session)) continue;
      if (!has_room(worker)) continue;
      any_room = true;
      const auto need = worker.info.resources.resource_spec(task.proof, task.task);
      if (!worker.active.can_handle(request->id, task, need, worker.info)) continue;
      const double load = worker.active.utilization(worker.info.resources);
      if (!best || load < best_load || (load == best_load && worker.assigned < best->assigned)) {
        best = &worker;
        best_load = load;
      }
    }
    if (!best) {
      const std::string task_text = std::string(task_short_name(request->task));
      bool any_enabled = false;
      for (const auto& [session, worker] : workers_)
        any_enabled = any_enabled || worker.tasks.count(request->task) > 0;
      const bool hard =
          !any_enabled || (request->home_types && holders.empty()) || (room && !any_room);
      request->error =
          !any_enabled ? "no connected worker has " + task_text + " enabled"
          : request->home_types && holders.empty()
              ? "no connected worker with " + task_text + " enabled holds the sector's files"
          : room && !any_room ? "no worker with " + task_text + " enabled has a " +
                                    (for_sealing ? "sealing" : "storage") + " path with room for it"
                              : "every worker with " + task_text + " enabled is busy";
      if (!hard)
        request->blocked_since.reset();
      else if (!request->blocked_since)
        request->blocked_since = std::chrono::steady_clock::now();
      continue;
    }
    best->active.add(request->id, task, best->info.resources,
                     best->info.resources.resource_spec(task.proof, task.task));
    request->worker = best->session;
    ++best->assigned;
  }
  publish_gauges_locked();
}

void Manager::publish_gauges_locked() const {
  std::size_t waiting = 0;
  for (const auto& request : queue_)
    if (request.worker.empty()) ++waiting;
  metrics::set_gauge("tessera_sealing_requests_waiting",
                     "Sealing calls waiting for a worker to admit them", "",
                     static_cast<double>(waiting));
  for (const auto& [session, worker] : workers_) {
    std::size_t running = 0;
    for (const auto& [id, pending] : pending_)
      if (pending.worker == session && !pending.done) ++running;
    metrics::set_gauge("tessera_worker_tasks_running", "Sealing calls running on each worker",
                       "worker=\"" + session + "\",hostname=\"" + worker.info.hostname + "\"",
                       static_cast<double>(running));
  }
}

nlohmann::json Manager::run(TaskType task, const pipeline::SectorRef& sector,
                            const nlohmann::json& work_params,
                            std::optional<std::uint32_t> home_types,
                            const std::function<CallId(WorkerHandle&)>& call,
                            std::stop_token stop) {
  auto logger = log::get("sched");
  std::unique_lock lock(mu_);
  if (stopped_) throw Cancelled("the miner is shutting down");
  const std::string work_id = make_work_id(task, work_params);
  if (const auto restored = restored_.find(work_id); restored != restored_.end()) {
    // A previous run of the miner started this work: wait for its result instead of redoing it.
    const CallId id = restored->second;
    restored_.erase(restored);
    orphans_.erase(id);
    TLOG_INFO(logger, "{} of sector {}: re-attached to call {} started before the restart",
              task_short_name(task), sector.id.number, to_string(id));
    auto& pending = pending_[id];
    pending = Pending{.call = id,
                      .task = task,
                      .proof = sector.proof_type,
                      .start = std::chrono::system_clock::now()};
    take_early_result_locked(pending);
    return await_locked(lock, id, task, work_id, stop, [] {});
  }
  auto request = queue_.insert(queue_.end(), Request{.id = new_uuid_v4(),
                                                     .task = task,
                                                     .sector = sector,
                                                     .home_types = home_types,
                                                     .queued = std::chrono::steady_clock::now()});
  const SealTask seal_task{task, sector.proof_type};
  std::shared_ptr<WorkerHandle> handle;
  Resources need;
  std::string session;
  while (!handle) {
    assign_locked();
    changed_.notify_all();
    bool logged = false;
    while (!changed_.wait_for(lock, stop, std::chrono::seconds(1), [&] {
      return stopped_ || request->removed || !request->worker.empty();
    })) {
      if (stop.stop_requested()) break;
      if (!logged)
        TLOG_INFO(logger, "{} of sector {} waits: {}", task_short_name(task), sector.id.number,
                  request->error);
      logged = true;
      if (request->blocked_since &&
          std::chrono::steady_clock::now() - *request->blocked_since > options_.give_up_after) {
        const std::string why = request->error;
        queue_.erase(request);
        publish_gauges_locked();
        throw pipeline::SealingFailure(
            pipeline::FailureClass::kTemporary,
            std::string(task_short_name(task)) + " found no worker: " + why);
      }
      assign_locked();
    }
    if (request->removed) {
      queue_.erase(request);
      publish_gauges_locked();
      throw pipeline::SealingFailure(
          pipeline::FailureClass::kTemporary,
          std::string(task_short_name(task)) +
              " request removed from the scheduler (sealing abort --sched)");
    }
    if (request->worker.empty()) {
      queue_.erase(request);
      throw Cancelled("stopped while waiting for a worker");
    }
    const auto worker = workers_.find(request->worker);
    if (worker == workers_.end()) {  // dropped between assignment and now
      request->worker.clear();
      continue;
    }
    session = worker->first;
    handle = worker->second.handle;
    need = worker->second.info.resources.resource_spec(seal_task.proof, task);
  }
  const std::string request_id = request->id;
  queue_.erase(request);
  const auto release = [&] {
    const auto worker = workers_.find(session);
    if (worker != workers_.end())
      worker->second.active.free(request_id, seal_task, worker->second.info.resources, need);
    assign_locked();
    changed_.notify_all();
  };
  ++starting_;
  lock.unlock();
  CallId id;
  std::optional<std::string> call_failed;
  try {
    id = call(*handle);
  } catch (const std::exception& e) {
    call_failed = e.what();
  }
  lock.lock();
  --starting_;
  if (call_failed) {
    release();
    drop_worker_locked(session, "call failed: " + *call_failed);
    throw pipeline::SealingFailure(
        pipeline::FailureClass::kTemporary,
        std::string(task_short_name(task)) + " on worker " + session + ": " + *call_failed);
  }
  ++started_[std::string(task_short_name(task))];
  metrics::add_counter("tessera_sealing_calls_total", "Sealing calls started on workers, by task",
                       task_label(task));
  auto& pending = pending_[id];
  pending = Pending{.call = id,
                    .task = task,
                    .proof = sector.proof_type,
                    .request_id = request_id,
                    .work_id = work_id,
                    .need = need,
                    .worker = session,
                    .start = std::chrono::system_clock::now()};
  if (const auto worker = workers_.find(session); worker != workers_.end())
    track_locked(work_id, id, worker->second.info.hostname);
  publish_gauges_locked();
  take_early_result_locked(pending);
  return await_locked(lock, id, task, work_id, stop, release);
}

void Manager::take_early_result_locked(Pending& pending) {
  const auto early = early_.find(pending.call);
  if (early == early_.end()) return;
  pending.done = true;
  pending.result = std::move(early->second.first);
  pending.error = std::move(early->second.second);
  early_.erase(early);
}

nlohmann::json Manager::await_locked(std::unique_lock<std::mutex>& lock, const CallId& id,
                                     TaskType task, const std::string& work_id,
                                     std::stop_token stop, const std::function<void()>& release) {
  changed_.wait(lock, stop, [&] { return pending_.at(id).done; });
  auto finished = std::move(pending_.at(id));
  pending_.erase(id);
  release();
  publish_gauges_locked();
  if (!finished.done)  // stopped: the record stays, so the next run re-attaches
    throw Cancelled("stopped while " + std::string(task_short_name(task)) + " of sector " +
                    std::to_string(id.sector.number) + " ran");
  untrack_locked(work_id);
  metrics::observe_histogram(
      "tessera_sealing_call_seconds", "Time from a sealing call's start to its result, by task",
      task_label(task),
      std::chrono::duration<double>(std::chrono::system_clock::now() - finished.start).count());
  if (finished.error) {
    metrics::add_counter("tessera_sealing_call_failures_total",
                         "Sealing calls that returned an error, by task", task_label(task));
    throw pipeline::SealingFailure(
        failure_for(*finished.error),
        std::string(task_short_name(task)) + " on worker " +
            (finished.worker.empty() ? "(before restart)" : finished.worker) + ": " +
            describe(*finished.error));
  }
  return std::move(finished.result);
}

void Manager::track_locked(const std::string& work_id, const CallId& call,
                           const std::string& hostname) {
  if (!options_.calls_store) return;
  // The WorkID's text is "<Method>(<Params>)"; the record keeps both parts.
  const auto open = work_id.find('(');
  const WorkStateRecord record{.method = work_id.substr(0, open),
                               .params = work_id.substr(open + 1, work_id.size() - open - 2),
                               .status = "running",
                               .start_time = std::time(nullptr),
                               .worker_call = call,
                               .worker_hostname = hostname};
  options_.calls_store->put(std::string(kCallsPrefix) + work_id, encode(record));
}

void Manager::untrack_locked(const std::string& work_id) {
  if (options_.calls_store) options_.calls_store->remove(std::string(kCallsPrefix) + work_id);
}

void Manager::load_tracked() {
  if (!options_.calls_store) return;
  const bool abort_all = [] {
    const char* env = std::getenv("LOTUS_MINER_ABORT_UNFINISHED_WORK");
    return env && std::string_view(env) == "1";
  }();
  for (const auto& [key, value] : options_.calls_store->list(kCallsPrefix)) {
    try {
      if (abort_all) throw InvalidInput("LOTUS_MINER_ABORT_UNFINISHED_WORK=1");
      const auto record = decode_work_state(value);
      if (record.status != "running") throw InvalidInput("status " + record.status);
      const auto id = record.worker_call;
      restored_[key.substr(kCallsPrefix.size())] = id;
      orphans_.insert(id);
    } catch (const std::exception& e) {
      TLOG_INFO(log::get("sched"), "dropping call record {}: {}", key, e.what());
      options_.calls_store->remove(key);
    }
  }
  if (!restored_.empty())
    TLOG_INFO(log::get("sched"), "{} calls from before the restart wait for their results",
              restored_.size());
}

void Manager::deliver(const CallId& call, nlohmann::json result, std::optional<CallError> error) {
  std::lock_guard lock(mu_);
  const auto pending = pending_.find(call);
  if (pending == pending_.end()) {
    if ((starting_ > 0 || orphans_.count(call)) && !early_.count(call)) {
      early_.emplace(call, std::make_pair(std::move(result), std::move(error)));
      return;
    }
    throw NotFound("no sealing call " + to_string(call) + " is waiting for a result");
  }
  if (pending->second.done) throw Conflict("call " + to_string(call) + " already returned");
  pending->second.done = true;
  pending->second.result = std::move(result);
  pending->second.error = std::move(error);
  changed_.notify_all();
}

void Manager::drop_worker_locked(const std::string& session, const std::string& why) {
  if (!workers_.erase(session)) return;
  TLOG_WARN(log::get("sched"), "worker {} dropped: {}", session, why);
  for (auto& [id, pending] : pending_) {
    if (pending.worker != session || pending.done) continue;
    pending.done = true;
    pending.error = CallError{kErrTempWorkerRestart, "worker " + session + " " + why};
  }
  changed_.notify_all();
}

void Manager::heartbeat_loop(std::stop_token stop) {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      changed_.wait_for(lock, stop, options_.heartbeat, [] { return false; });
      if (stop.stop_requested() || stopped_) return;
    }
    std::vector<std::pair<std::string, std::shared_ptr<WorkerHandle>>> snapshot;
    {
      std::lock_guard lock(mu_);
      for (const auto& [session, worker] : workers_) snapshot.emplace_back(session, worker.handle);
    }
    for (const auto& [session, handle] : snapshot) {
      std::string now;
      std::string why;
      std::set<TaskType> tasks;
      try {
        now = handle->session();
        if (now != session) why = "restarted (new session " + now + ")";
        tasks = handle->task_types();  // `lotus-worker tasks enable|disable` take effect here
      } catch (const std::exception& e) {
        why = std::string("unreachable: ") + e.what();
      }
      std::lock_guard lock(mu_);
      if (why.empty()) {
        const auto worker = workers_.find(session);
        if (worker != workers_.end() && worker->second.handle == handle &&
            worker->second.tasks != tasks) {
          worker->second.tasks = std::move(tasks);
          assign_locked();
          changed_.notify_all();
        }
        continue;
      }
      const auto worker = workers_.find(session);
      if (worker != workers_.end() && worker->second.handle == handle)
        drop_worker_locked(session, why);
    }
  }
}

std::vector<datastore::SectorPiece> Manager::pledge(const pipeline::SectorRef& sector,
                                                    std::stop_token stop) {
  const auto size = porep::seal_proof_info(sector.proof_type).sector_size;
  const auto ref = worker_ref(sector);
  const auto result = run(
      TaskType::kAddPiece, sector, nlohmann::json::array({to_json(ref)}), std::nullopt,
      [&](WorkerHandle& w) { return w.add_piece(ref, porep::unpadded_size(size)); }, stop);
  const auto piece = piece_info_from_json(result);
  return {datastore::SectorPiece{piece.size, piece.piece_cid, cbor::Value::null()}};
}

Bytes Manager::precommit1(const pipeline::SectorRef& sector, const Bytes& ticket,
                          const std::vector<datastore::SectorPiece>& pieces, std::stop_token stop) {
  const auto ref = worker_ref(sector);
  const auto infos = worker_pieces(pieces);
  return bytes_result(
      run(
          TaskType::kPreCommit1, sector,
          nlohmann::json::array({to_json(ref), base64_encode(ticket)}),
          bit(paths::FileType::kUnsealed),
          [&](WorkerHandle& w) { return w.seal_pre_commit1(ref, ticket, infos); }, stop),
      "PreCommit1Out");
}

pipeline::SealedCids Manager::precommit2(const pipeline::SectorRef& sector, const Bytes& pc1_out,
                                         std::stop_token stop) {
  const auto ref = worker_ref(sector);
  const auto cids = sector_cids_from_json(run(
      TaskType::kPreCommit2, sector, nlohmann::json::array({to_json(ref), base64_encode(pc1_out)}),
      kSealedAndCache, [&](WorkerHandle& w) { return w.seal_pre_commit2(ref, pc1_out); }, stop));
  return pipeline::SealedCids{cids.unsealed, cids.sealed};
}

Bytes Manager::commit1(const pipeline::SectorRef& sector, const Bytes& ticket, const Bytes& seed,
                       const std::vector<datastore::SectorPiece>& pieces,
                       const pipeline::SealedCids& cids, std::stop_token stop) {
  const auto ref = worker_ref(sector);
  const auto infos = worker_pieces(pieces);
  const SectorCids worker_cids{cids.unsealed, cids.sealed};
  return bytes_result(
      run(
          TaskType::kCommit1, sector,
          nlohmann::json::array({to_json(ref), base64_encode(ticket), base64_encode(seed)}),
          kSealedAndCache,
          [&](WorkerHandle& w) { return w.seal_commit1(ref, ticket, seed, infos, worker_cids); },
          stop),
      "Commit1Out");
}

Bytes Manager::commit2(const pipeline::SectorRef& sector, const Bytes& c1_out,
                       std::stop_token stop) {
  const auto ref = worker_ref(sector);
  return bytes_result(
      run(
          TaskType::kCommit2, sector, nlohmann::json::array({to_json(ref), base64_encode(c1_out)}),
          std::nullopt, [&](WorkerHandle& w) { return w.seal_commit2(ref, c1_out); }, stop),
      "Proof");
}

void Manager::finalize(const pipeline::SectorRef& sector, bool keep_unsealed,
                       std::stop_token stop) {
  if (!keep_unsealed) release_unsealed(sector, stop);
  const auto ref = worker_ref(sector);
  // On the worker holding the cache: after a move cut short the sealed file may be elsewhere.
  run(
      TaskType::kFinalize, sector, nlohmann::json::array({to_json(ref)}),
      bit(paths::FileType::kCache), [&](WorkerHandle& w) { return w.finalize_sector(ref); }, stop);
  move_to_long_term_storage(sector, stop);
}

void Manager::release_unsealed(const pipeline::SectorRef& sector, std::stop_token stop) {
  const auto size = porep::seal_proof_info(sector.proof_type).sector_size;
  if (index_.find(sector.id, bit(paths::FileType::kUnsealed), size, false).empty()) return;
  const auto ref = worker_ref(sector);
  run(
      TaskType::kFinalizeUnsealed, sector,
      nlohmann::json::array({to_json(ref), nlohmann::json::array()}),
      bit(paths::FileType::kUnsealed), [&](WorkerHandle& w) { return w.release_unsealed(ref, {}); },
      stop);
}

void Manager::move_to_long_term_storage(const pipeline::SectorRef& sector, std::stop_token stop) {
  const auto size = porep::seal_proof_info(sector.proof_type).sector_size;
  const auto stored = [&](paths::FileType type) {
    const auto holders = index_.find(sector.id, bit(type), size, false);
    return std::any_of(holders.begin(), holders.end(),
                       [](const paths::SectorStorageInfo& holder) { return holder.can_store; });
  };
  if (stored(paths::FileType::kSealed) && stored(paths::FileType::kCache)) return;
  std::set<std::string> room;
  for (const auto& path : index_.best_alloc(kSealedAndCache, size, false)) room.insert(path.id);
  {
    std::lock_guard lock(mu_);
    const bool reachable = std::any_of(workers_.begin(), workers_.end(), [&](const auto& entry) {
      const Worker& worker = entry.second;
      return worker.tasks.count(TaskType::kFetch) > 0 &&
             std::any_of(worker.storage_ids.begin(), worker.storage_ids.end(),
                         [&](const std::string& id) { return room.count(id) > 0; });
    });
    if (!reachable) {
      TLOG_INFO(log::get("sched"),
                "sector {} stays on its sealing path: no connected worker with Fetch enabled has "
                "a storage path with room for it",
                sector.id.number);
      return;
    }
  }
  const auto ref = worker_ref(sector);
  run(
      TaskType::kFetch, sector, nlohmann::json::array({to_json(ref), kSealedAndCache}),
      std::nullopt, [&](WorkerHandle& w) { return w.move_storage(ref, kSealedAndCache); }, stop);
}

void Manager::remove(const pipeline::SectorRef& sector, std::stop_token) {
  std::vector<std::shared_ptr<WorkerHandle>> handles;
  {
    std::lock_guard lock(mu_);
    for (const auto& [session, worker] : workers_) handles.push_back(worker.handle);
  }
  for (const auto& handle : handles) handle->remove(sector.id);
}

std::map<std::string, WorkerStats> Manager::worker_stats() const {
  std::lock_guard lock(mu_);
  std::map<std::string, WorkerStats> out;
  for (const auto& [session, worker] : workers_) {
    out[session] = WorkerStats{.info = worker.info,
                               .tasks = {worker.tasks.begin(), worker.tasks.end()},
                               .enabled = true,
                               .mem_used_min = worker.active.mem_used_min(),
                               .mem_used_max = worker.active.mem_used_max(),
                               .gpu_used = worker.active.gpu_used(),
                               .cpu_use = worker.active.cpu_use(),
                               .task_counts = worker.active.task_counts()};
  }
  return out;
}

std::map<std::string, std::vector<WorkerJob>> Manager::worker_jobs() const {
  std::lock_guard lock(mu_);
  std::map<std::string, std::vector<WorkerJob>> out;
  for (const auto& [session, worker] : workers_) out[session];
  for (const auto& [id, pending] : pending_) {
    out[pending.worker].push_back(
        WorkerJob{.id = id,
                  .sector = id.sector,
                  .task = pending.task,
                  .run_wait = pending.done ? kRunWaitReturned : kRunWaitRunning,
                  .start = pending.start,
                  .hostname = ""});
  }
  return out;
}

void Manager::abort(const CallId& call) {
  std::lock_guard lock(mu_);
  const auto pending = pending_.find(call);
  if (pending == pending_.end() || pending->second.done)
    throw NotFound("no running sealing call " + to_string(call));
  pending->second.done = true;
  pending->second.error = CallError{kErrUnknown, "aborted by the operator (sealing abort)"};
  changed_.notify_all();
}

nlohmann::json Manager::sched_diag(bool run_scheduler) {
  std::lock_guard lock(mu_);
  if (run_scheduler) {
    assign_locked();
    changed_.notify_all();
  }
  nlohmann::json requests = nlohmann::json::array(), windows = nlohmann::json::array();
  for (const auto& request : queue_) {
    if (!request.worker.empty()) continue;
    requests.push_back({{"Sector", paths::to_json(request.sector.id)},
                        {"TaskType", task_name(request.task)},
                        {"Priority", 0},
                        {"SchedId", request.id}});
  }
  for (const auto& [session, worker] : workers_) windows.push_back(session);
  nlohmann::json returned = nlohmann::json::array(), waiting = nlohmann::json::array(),
                 call_to_work = nlohmann::json::object(), early = nlohmann::json::array();
  for (const auto& [id, pending] : pending_) {
    (pending.done ? returned : waiting).push_back(pending.work_id);
    call_to_work[to_string(id)] = pending.work_id;
  }
  for (const auto& [id, result] : early_) early.push_back(to_string(id));
  return {{"SchedInfo", {{"Requests", requests}, {"OpenWindows", windows}}},
          {"ReturnedWork", returned},
          {"Waiting", waiting},
          {"CallToWork", call_to_work},
          {"EarlyRet", early}};
}

void Manager::remove_request(const std::string& sched_id) {
  std::lock_guard lock(mu_);
  for (auto& request : queue_) {
    if (request.id != sched_id || !request.worker.empty()) continue;
    request.removed = true;
    changed_.notify_all();
    return;
  }
  throw NotFound("no scheduler request " + sched_id + " is waiting for a worker");
}

std::map<std::string, std::uint64_t> Manager::calls_started() const {
  std::lock_guard lock(mu_);
  return started_;
}

}  // namespace tessera::workers
