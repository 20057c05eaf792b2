// How a worker process returns results to its miner (lotus worker_calltracker.go and doReturn):
// each call is recorded under /worker/calls/<CallID> in the worker's datastore when it starts
// and again with its outcome when it ends; the outcome is then sent with the matching Return*
// method, retried until the miner acknowledges it or answers that it waits for no such call,
// and only then is the record removed. resume() after a restart fails the calls that were
// still running (code 101, worker restarted) and sends the outcomes not yet acknowledged.
//
// The record is tessera's: a CBOR map {"ID": "<miner>-<number>-<uuid>", "RetType": task,
// "State": 0 started | 1 done, "Result": JSON bytes {"result", "error"}}.
#pragma once

#include <chrono>
#include <condition_variable>
#include <list>
#include <mutex>
#include <thread>

#include "common/jsonrpc/client.hpp"
#include "sealing/workers/worker_handle.hpp"
#include "storage/datastore/metadata_store.hpp"

namespace tessera::workers {

inline constexpr std::string_view kWorkerCallsPrefix = "/worker/calls/";

class MinerReturnSink final : public ReturnSink {
 public:
  // miner and store must outlive this.
  MinerReturnSink(jsonrpc::Client& miner, datastore::MetadataStore& store,
                  std::chrono::milliseconds retry = std::chrono::seconds(5));
  // Stops retrying; what was not acknowledged stays recorded for the next resume().
  ~MinerReturnSink() override;

  // Sends what a previous run of the worker left (see above).
  void resume();

  void started(const CallId& call, std::string_view task) override;
  void deliver(const CallId& call, nlohmann::json result, std::optional<CallError> error) override;
  // Calls whose outcome is still to be acknowledged.
  std::size_t unacknowledged() const;

 private:
  void record(const CallId& call, std::string_view task, int state, const nlohmann::json& outcome);
  void send_until_acknowledged(CallId call, std::string task, nlohmann::json outcome);

  jsonrpc::Client& miner_;
  datastore::MetadataStore& store_;
  std::chrono::milliseconds retry_;
  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::map<CallId, std::string> tasks_;  // running calls -> task
  std::size_t sending_ = 0;
  std::list<std::thread> senders_;
};

}  // namespace tessera::workers
