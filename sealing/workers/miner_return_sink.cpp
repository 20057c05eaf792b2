#include "sealing/workers/miner_return_sink.hpp"

#include "common/log.hpp"
#include "sealing/workers/call_records.hpp"
#include "sealing/workers/worker_api.hpp"

namespace tessera::workers {
namespace {

using nlohmann::json;

std::string key_of(const CallId& call) {
  return std::string(kWorkerCallsPrefix) + to_string(call);
}

// The Return* method of a LocalWorker task and the result lotus sends when the call failed
// (Go's zero value); no result parameter at all for the error-only methods.
struct ReturnMethod {
  std::string_view name;
  std::optional<json> zero;
};

ReturnMethod return_method(std::string_view task) {
  if (task == "AddPiece") return {kReturnAddPiece.name, to_json(Returned<PieceInfo>{})};
  if (task == "PreCommit1") return {kReturnSealPreCommit1.name, json()};
  if (task == "PreCommit2") return {kReturnSealPreCommit2.name, to_json(Returned<SectorCids>{})};
  if (task == "Commit1") return {kReturnSealCommit1.name, json()};
  if (task == "Commit2") return {kReturnSealCommit2.name, json()};
  if (task == "Finalize") return {kReturnFinalizeSector.name, std::nullopt};
  if (task == "MoveStorage") return {kReturnMoveStorage.name, std::nullopt};
  if (task == "ReleaseUnsealed") return {kReturnReleaseUnsealed.name, std::nullopt};
  throw InvalidInput("no Return method for worker task " + std::string(task));
}

}  // namespace

MinerReturnSink::MinerReturnSink(jsonrpc::Client& miner, datastore::MetadataStore& store,
                                 std::chrono::milliseconds retry)
    : miner_(miner), store_(store), retry_(retry) {}

MinerReturnSink::~MinerReturnSink() {
  std::list<std::thread> senders;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    senders.swap(senders_);
  }
  stop_cv_.notify_all();
  for (auto& sender : senders) sender.join();
}

void MinerReturnSink::record(const CallId& call, std::string_view task, const json* result) {
  WorkerCallRecord record{.id = call, .ret_type = std::string(task)};
  if (result) {
    record.state = 1;
    const auto text = result->dump();
    record.result = Bytes(text.begin(), text.end());
  }
  store_.put(key_of(call), encode(record));
}

void MinerReturnSink::started(const CallId& call, std::string_view task) {
  record(call, task, nullptr);
  std::lock_guard lock(mu_);
  tasks_[call] = std::string(task);
}

void MinerReturnSink::deliver(const CallId& call, json result, std::optional<CallError> error) {
  std::string task;
  {
    std::lock_guard lock(mu_);
    const auto it = tasks_.find(call);
    if (it == tasks_.end()) throw NotFound("no running call " + to_string(call));
    task = it->second;
    tasks_.erase(it);
  }
  // Done with a result (lotus CallDone); a failure stays "started", so that a restart returns
  // it as ErrTempWorkerRestart, which the miner retries too.
  if (!error) record(call, task, &result);
  json outcome{{"result", std::move(result)}, {"error", error ? json(to_json(*error)) : json()}};
  std::lock_guard lock(mu_);
  if (stopping_) return;
  ++sending_;
  senders_.emplace_back(
      [this, call, task, outcome] { send_until_acknowledged(call, task, outcome); });
}

void MinerReturnSink::send_until_acknowledged(CallId call, std::string task, json outcome) {
  auto logger = log::get("worker");
  const auto method = return_method(task);
  json params = json::array({to_json(call)});
  const bool failed = !outcome["error"].is_null();
  if (method.zero) params.push_back(failed ? *method.zero : outcome["result"]);
  params.push_back(outcome["error"]);
  for (;;) {
    try {
      miner_.call(method.name, params);
      break;
    } catch (const NotFound& e) {
      TLOG_WARN(logger, "the miner does not wait for {} of sector {} any more: {}", task,
                call.sector.number, e.what());
      break;
    } catch (const std::exception& e) {
      TLOG_WARN(logger, "returning {} of sector {} failed, retrying: {}", task, call.sector.number,
                e.what());
    }
    std::unique_lock lock(mu_);
    if (stop_cv_.wait_for(lock, retry_, [this] { return stopping_; })) {
      --sending_;
      return;  // stays recorded for the next start
    }
  }
  store_.remove(key_of(call));
  std::lock_guard lock(mu_);
  --sending_;
}

std::size_t MinerReturnSink::unacknowledged() const {
  std::lock_guard lock(mu_);
  return sending_;
}

void MinerReturnSink::resume() {
  for (const auto& [key, value] : store_.list(kWorkerCallsPrefix)) {
    try {
      const auto record = decode_worker_call(value);
      const auto call = record.id;
      const auto task = record.ret_type;
      json outcome =
          record.state == 1
              ? json{{"result", json::parse(record.result.begin(), record.result.end())},
                     {"error", json()}}
              : json{{"result", json()},
                     {"error", to_json(CallError{kErrTempWorkerRestart, "worker restarted"})}};
      std::lock_guard lock(mu_);
      ++sending_;
      senders_.emplace_back(
          [this, call, task, outcome] { send_until_acknowledged(call, task, outcome); });
    } catch (const std::exception& e) {
      TLOG_WARN(log::get("worker"), "dropping unreadable call record {}: {}", key, e.what());
      store_.remove(key);
    }
  }
}

}  // namespace tessera::workers
