// A WinningPoSt that asks for its lane's cores while a stage runs in a lower lane, for tests that
// a stage yields at its next batch boundary (or, once it outranks WinningPoSt, does not): start()
// it from the stage's progress callback or beside the stage; the step at which it got the cores
// (join()) comes before the stage's end (mark()) only when the stage yielded. Destroyed while it
// still waits (a failed check left the stage holding the cores), it gives up instead of hanging.
#pragma once

#include <atomic>
#include <stop_token>
#include <thread>

#include "common/error.hpp"
#include "gpu/compute_lanes.hpp"

namespace tessera::test {

class WaitingWinningPost {
 public:
  explicit WaitingWinningPost(gpu::ComputeLanes& lanes) : lanes_(lanes) {}
  ~WaitingWinningPost() {
    give_up_.request_stop();
    join();
  }
  WaitingWinningPost(const WaitingWinningPost&) = delete;
  WaitingWinningPost& operator=(const WaitingWinningPost&) = delete;

  // Starts it on the first call (later calls do nothing); returns once it waits for the cores.
  void start() {
    if (thread_.joinable()) return;
    thread_ = std::thread([this] {
      try {
        auto lane = lanes_.enter(gpu::ComputeClass::kWinningPost, kAllCores, give_up_.get_token());
        got_cores_at_ = ++step_;
      } catch (const Cancelled&) {
      }
    });
    while (lanes_.waiting(gpu::ComputeClass::kWinningPost) == 0) std::this_thread::yield();
  }

  // The next step, for the stage's end.
  int mark() { return ++step_; }

  // The step at which it got the cores so far (0 while it has not).
  int got_cores_at() const { return got_cores_at_; }

  // Waits for it to finish; the step at which it got the cores (0 when it never did).
  int join() {
    if (thread_.joinable()) thread_.join();
    return got_cores_at_;
  }

 private:
  gpu::ComputeLanes& lanes_;
  std::stop_source give_up_;
  std::atomic<int> step_{0};
  std::atomic<int> got_cores_at_{0};
  std::thread thread_;
};

}  // namespace tessera::test
