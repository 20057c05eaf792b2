// The miner's PoSt workers (lotus's poStScheduler, storage/sealer/sched_post.go): the
// `lotus-worker run --windowpost|--winningpost` processes that connected with WorkerConnect.
// A task goes to the worker of its kind with the fewest calls in flight (the least recently used
// among equals), preferring those that have not failed lately; a worker that fails (down, frozen
// past the timeout, or answering an error) rests for a while and the task goes to the next one.
// With no worker of a kind the miner proves on its own cores (unless [Proving]
// DisableBuiltin*PoSt). Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/api_info.hpp"
#include "common/jsonrpc/client.hpp"
#include "post/post_worker_api.hpp"

namespace tessera::post {

enum class PostWorkerKind { kWindow, kWinning };

class PostWorkerPool {
 public:
  // rest: how long a failed worker is tried only after every other one.
  explicit PostWorkerPool(std::chrono::milliseconds rest = std::chrono::seconds(30));

  // Adds the worker at `api` (its /rpc/v0 and a token it accepts), or replaces the one at the
  // same address (a restarted worker connects again), clearing its failures.
  void add(const ApiInfo& api, PostWorkerKind kind);
  // Whether any worker of `kind` is connected.
  bool has(PostWorkerKind kind) const;
  // Whether the worker at `address` failed its last task less than the rest time ago (false for
  // an address the pool does not hold).
  bool resting(const std::string& address) const;

  // A prover that runs each task on this pool's window (winning) workers as described above,
  // each call given `timeout`. Throws NotFound when there is no such worker, otherwise the last
  // worker's error when every one failed. The pool must outlive the prover.
  WindowPartitionProver window_prover(std::chrono::milliseconds timeout);
  WinningProver winning_prover(std::chrono::milliseconds timeout);

 private:
  struct Worker {
    PostWorkerKind kind;
    std::shared_ptr<jsonrpc::Client> client;
    unsigned in_flight = 0;
    std::uint64_t last_used = 0;  // uses_ when last given a task (0: never)
    std::chrono::steady_clock::time_point failed_at{};
    bool failed = false;
  };
  // Runs call on the workers of kind in preference order until one succeeds.
  template <class R>
  R run(PostWorkerKind kind, const std::function<R(jsonrpc::Client&)>& call);

  const std::chrono::milliseconds rest_;
  mutable std::mutex mu_;
  std::map<std::string, Worker> workers_;  // by address
  std::uint64_t uses_ = 0;                 // tasks handed out
};

}  // namespace tessera::post
