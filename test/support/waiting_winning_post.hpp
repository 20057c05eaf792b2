// A WinningPoSt that asks for its lane's cores while a stage runs in a lower lane, for tests that
// a stage yields at its next batch boundary: start() it from the stage's progress callback; the
// step at which it got the cores (join()) comes before the stage's end (mark()) only when the
// stage yielded.
#pragma once

#include <atomic>
#include <thread>

#include "gpu/compute_lanes.hpp"

namespace tessera::test {

class WaitingWinningPost {
 public:
  explicit WaitingWinningPost(gpu::ComputeLanes& lanes) : lanes_(lanes) {}
  ~WaitingWinningPost() { join(); }
  WaitingWinningPost(const WaitingWinningPost&) = delete;
  WaitingWinningPost& operator=(const WaitingWinningPost&) = delete;

  // Starts it on the first call (later calls do nothing); returns once it waits for the cores.
  void start() {
    if (thread_.joinable()) return;
    thread_ = std::thread([this] {
      auto lane = lanes_.enter(gpu::ComputeClass::kWinningPost, kAllCores);
      got_cores_at_ = ++step_;
    });
    while (lanes_.waiting(gpu::ComputeClass::kWinningPost) == 0) std::this_thread::yield();
  }

  // The next step, for the stage's end.
  int mark() { return ++step_; }

  // Waits for it to finish; the step at which it got the cores (0 when it never started).
  int join() {
    if (thread_.joinable()) thread_.join();
    return got_cores_at_;
  }

 private:
  gpu::ComputeLanes& lanes_;
  std::atomic<int> step_{0};
  int got_cores_at_ = 0;
  std::thread thread_;
};

}  // namespace tessera::test
