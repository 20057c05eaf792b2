// A fixed set of worker threads, and the parallel loop that runs on them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tessera {

// Threads that run submitted tasks in submission order. Destruction joins every thread; tasks
// still queued then are dropped (run_parallel never waits on a queued task, so none is lost).
class WorkerPool {
 public:
  using Range = std::function<void(std::uint64_t begin, std::uint64_t end)>;

  explicit WorkerPool(unsigned threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned threads() const { return static_cast<unsigned>(workers_.size()); }
  // Queues task for a pool thread. task must not throw.
  void submit(std::function<void()> task);
  // Calls body(begin, end) on min(workers, n / min_per_range) (at least 1) disjoint ranges
  // covering [0, n), on the calling thread and at most workers - 1 pool threads, and returns when
  // all are done. The first exception is rethrown; ranges not started by then are skipped. The
  // caller also takes ranges no pool thread has started, so it never waits on a queued task, and
  // a call made from inside a body runs body(0, n) inline: nesting cannot deadlock.
  void run_parallel(unsigned workers, std::uint64_t n, const Range& body,
                    std::uint64_t min_per_range = 1);

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace tessera
