// The threads JSON-RPC handlers run on, apart from the network threads: a connection keeps
// reading while its calls run, and a call that waits (StorageLock, a channel's producer) holds
// a pool thread, never a network one. Threads are started on demand up to a cap and kept; past
// the cap calls queue. Like go-jsonrpc's goroutine per request, but bounded.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tessera::jsonrpc {

class CallPool {
 public:
  // At most max_threads handlers run at once.
  explicit CallPool(std::size_t max_threads);
  ~CallPool();
  CallPool(const CallPool&) = delete;
  CallPool& operator=(const CallPool&) = delete;

  // Runs task on a pool thread (an idle one, else a new one below the cap, else when one frees
  // up). False, and task not run, once close() was called. task must not throw.
  bool post(std::function<void()> task);
  // Refuses new tasks, lets the queued and running ones finish, and joins every thread.
  // Idempotent; callers cancel long tasks first.
  void close();

 private:
  void work();

  const std::size_t max_threads_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool closed_ = false;
};

}  // namespace tessera::jsonrpc
