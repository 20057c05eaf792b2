#include "common/executor/worker_pool.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>

namespace tessera {
namespace {

// True on a thread while it runs a range body: a parallel loop started there runs inline.
thread_local bool t_in_body = false;

// One run_parallel call, shared with its helper tasks (which may start after it returned: they
// then find no range left and never touch body).
struct Loop {
  const WorkerPool::Range* body;
  std::uint64_t n;
  std::uint64_t ranges;
  std::atomic<std::uint64_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::condition_variable all_done;
  std::uint64_t finished = 0;
  std::exception_ptr error;
};

// Runs ranges of loop until none is left to take.
void take_ranges(Loop& loop) {
  const bool outer = t_in_body;
  t_in_body = true;
  for (std::uint64_t r; (r = loop.next.fetch_add(1)) < loop.ranges;) {
    if (!loop.failed.load()) {
      try {
        (*loop.body)(loop.n * r / loop.ranges, loop.n * (r + 1) / loop.ranges);
      } catch (...) {
        std::lock_guard lock(loop.mutex);
        if (!loop.error) loop.error = std::current_exception();
        loop.failed = true;
      }
    }
    std::lock_guard lock(loop.mutex);
    if (++loop.finished == loop.ranges) loop.all_done.notify_all();
  }
  t_in_body = outer;
}

}  // namespace

WorkerPool::WorkerPool(unsigned threads) {
  workers_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void WorkerPool::submit(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  ready_.notify_one();
}

void WorkerPool::work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (stopping_) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

void WorkerPool::run_parallel(unsigned workers, std::uint64_t n, const Range& body,
                              std::uint64_t min_per_range) {
  if (n == 0) return;
  const std::uint64_t ranges = std::max<std::uint64_t>(
      1, std::min<std::uint64_t>(workers, n / std::max<std::uint64_t>(1, min_per_range)));
  if (ranges == 1 || t_in_body) {
    body(0, n);
    return;
  }
  auto loop = std::make_shared<Loop>();
  loop->body = &body;
  loop->n = n;
  loop->ranges = ranges;
  for (std::uint64_t helper = 1; helper < ranges; ++helper) submit([loop] { take_ranges(*loop); });
  take_ranges(*loop);
  std::unique_lock lock(loop->mutex);
  loop->all_done.wait(lock, [&] { return loop->finished == loop->ranges; });
  if (loop->error) std::rethrow_exception(loop->error);
}

}  // namespace tessera
