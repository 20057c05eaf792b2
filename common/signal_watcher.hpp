// Turning SIGINT/SIGTERM into a shutdown request for a daemon, without running code inside a
// signal handler.
#pragma once

#include <signal.h>

#include <functional>
#include <thread>

namespace tessera {

// Blocks SIGINT/SIGTERM in every thread started after it and calls on_signal(sig) for each one
// on a thread of its own. Construct it before starting other threads.
class SignalWatcher {
 public:
  explicit SignalWatcher(std::function<void(int)> on_signal);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  sigset_t set_;
  std::thread thread_;
};

}  // namespace tessera
