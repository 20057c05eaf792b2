#include "common/executor/core_budget.hpp"

#include <algorithm>
#include <thread>

#include "common/error.hpp"

namespace tessera {

CoreGrant::CoreGrant(CoreGrant&& other) noexcept
    : budget_(std::exchange(other.budget_, nullptr)), cores_(std::exchange(other.cores_, 0)) {}

CoreGrant& CoreGrant::operator=(CoreGrant&& other) noexcept {
  if (this != &other) {
    release();
    budget_ = std::exchange(other.budget_, nullptr);
    cores_ = std::exchange(other.cores_, 0);
  }
  return *this;
}

void CoreGrant::release() {
  if (budget_ && cores_) budget_->give_back(cores_);
  budget_ = nullptr;
  cores_ = 0;
}

CoreBudget::CoreBudget(unsigned cores)
    : cores_(std::max(1u, cores)), free_(cores_), pool_(cores_ - 1) {}

CoreBudget& CoreBudget::process() {
  static CoreBudget budget;
  return budget;
}

unsigned CoreBudget::hardware_cores() {
  return std::max(1u, std::thread::hardware_concurrency());
}

unsigned CoreBudget::free_cores() const {
  std::lock_guard lock(mutex_);
  return free_;
}

std::size_t CoreBudget::waiting() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

bool CoreBudget::higher_waiting(int priority) const {
  std::lock_guard lock(mutex_);
  return !queue_.empty() && -queue_.begin()->first > priority;
}

CoreGrant CoreBudget::acquire(unsigned cores, int priority, std::stop_token cancel) {
  cores = std::clamp(cores, 1u, cores_);
  std::unique_lock lock(mutex_);
  const auto ticket = queue_.emplace(-priority, next_ticket_++).first;
  const bool granted =
      changed_.wait(lock, cancel, [&] { return queue_.begin() == ticket && free_ >= cores; });
  queue_.erase(ticket);
  // Either way the head of the queue changed: the next request may now be served.
  changed_.notify_all();
  if (!granted) throw Cancelled("cancelled while waiting for " + std::to_string(cores) + " cores");
  free_ -= cores;
  return CoreGrant(this, cores);
}

CoreGrant CoreBudget::take_free(unsigned cores) {
  std::lock_guard lock(mutex_);
  const unsigned taken = queue_.empty() ? std::min(cores, free_) : 0;
  free_ -= taken;
  return CoreGrant(this, taken);
}

void CoreBudget::give_back(unsigned cores) {
  {
    std::lock_guard lock(mutex_);
    free_ += cores;
  }
  changed_.notify_all();
}

}  // namespace tessera
