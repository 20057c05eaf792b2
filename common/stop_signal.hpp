// A daemon's "stop now" flag: its main thread waits on it; a signal watcher or a Shutdown call
// raises it from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace tessera {

class StopSignal {
 public:
  // Raises the flag and wakes wait(); safe from any thread, any number of times.
  void request() {
    std::lock_guard lock(mu_);
    requested_ = true;
    cv_.notify_all();
  }
  // Blocks at most `timeout`; true when request() has been called.
  template <class Rep, class Period>
  bool wait_for(std::chrono::duration<Rep, Period> timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return requested_; });
  }
  // Blocks until request() has been called.
  void wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return requested_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool requested_ = false;
};

}  // namespace tessera
