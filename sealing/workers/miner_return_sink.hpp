// How a worker process returns results to its miner (lotus worker_calltracker.go and doReturn):
// each call is recorded under /worker/calls/<CallID> in the worker's datastore when it starts
// and again with its outcome when it ends; the outcome is then sent with the matching Return*
// method, retried until the miner acknowledges it or answers that it waits for no such call,
// and only then is the record removed. resume() after a restart fails the calls that were
// still running or had failed (code 101, worker restarted) and sends again the results not yet
// acknowledged.
//
// The record is lotus's Call, byte for byte (call_records.hpp): State 1 (done) with the
// result's JSON once a call succeeded; a failed call stays State 0. (lotus v1.23 marks a call
// done only when it failed, and returns every unfinished call as restarted.)
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
  // Writes the call's record: started, or done with result.
  void record(const CallId& call, std::string_view task, const nlohmann::json* result);
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
