#include "common/jsonrpc/call_pool.hpp"

#include <algorithm>

namespace tessera::jsonrpc {

CallPool::CallPool(std::size_t max_threads) : max_threads_(std::max<std::size_t>(1, max_threads)) {}

CallPool::~CallPool() {
  close();
}

bool CallPool::post(std::function<void()> task) {
  std::lock_guard lock(mu_);
  if (closed_) return false;
  queue_.push_back(std::move(task));
  if (idle_ >= queue_.size() || threads_.size() >= max_threads_) {
    wake_.notify_one();
  } else {
    threads_.emplace_back([this] { work(); });
  }
  return true;
}

void CallPool::close() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    threads.swap(threads_);
  }
  wake_.notify_all();
  for (auto& thread : threads) thread.join();
}

void CallPool::work() {
  std::unique_lock lock(mu_);
  for (;;) {
    ++idle_;
    wake_.wait(lock, [this] { return !queue_.empty() || closed_; });
    --idle_;
    if (queue_.empty()) return;  // closed and drained
    auto task = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

}  // namespace tessera::jsonrpc
