// Sharing the machine's cores between stages (PC1, PC2, PoSt...): each stage holds a grant of some
// of a budget's cores and runs its parallel loops on the budget's worker pool with at most that
// many threads, its own included.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <limits>
#include <mutex>
#include <set>
#include <stop_token>
#include <utility>

#include "common/executor/worker_pool.hpp"

namespace tessera {

// A core request meaning "all of the budget".
inline constexpr unsigned kAllCores = std::numeric_limits<unsigned>::max();

class CoreBudget;

// Cores held on a CoreBudget until release() or destruction. Movable, not copyable.
class CoreGrant {
 public:
  CoreGrant() = default;
  CoreGrant(CoreGrant&& other) noexcept;
  CoreGrant& operator=(CoreGrant&& other) noexcept;
  ~CoreGrant() { release(); }

  unsigned cores() const { return cores_; }
  // Gives the cores back to the budget, waking its waiters; the grant then holds none.
  void release();

 private:
  friend class CoreBudget;
  CoreGrant(CoreBudget* budget, unsigned cores) : budget_(budget), cores_(cores) {}

  CoreBudget* budget_ = nullptr;
  unsigned cores_ = 0;
};

// A fixed number of cores, handed out as grants, and a pool of cores - 1 worker threads (the
// thread holding a grant is one of its cores) on which grant holders run their loops. Grants
// together never exceed cores(), so neither do the loops' threads.
class CoreBudget {
 public:
  // A budget of max(1, cores) cores.
  explicit CoreBudget(unsigned cores = hardware_cores());
  // Joins the pool. Every grant must have been released and no loop may still be running.
  ~CoreBudget() = default;
  CoreBudget(const CoreBudget&) = delete;
  CoreBudget& operator=(const CoreBudget&) = delete;

  // The budget for code that is given none: hardware_cores() cores, created on first use.
  static CoreBudget& process();
  // std::thread::hardware_concurrency(), or 1 when it is unknown.
  static unsigned hardware_cores();

  unsigned cores() const { return cores_; }
  unsigned free_cores() const;
  // How many acquire() calls are queued.
  std::size_t waiting() const;
  // True when an acquire() of priority higher than `priority` is queued.
  bool higher_waiting(int priority) const;
  // Waits until `cores` cores (clamped to [1, cores()]) are free and no request is queued ahead
  // (higher priority first, equal priority in arrival order), then grants them. Throws Cancelled
  // when cancel is requested first. Never call it from inside a parallel loop's body.
  CoreGrant acquire(unsigned cores, int priority = 0, std::stop_token cancel = {});
  // Grants up to `cores` of the cores free now, without waiting: none while an acquire() is queued.
  CoreGrant take_free(unsigned cores);
  // The worker pool grant holders run their loops on (WorkerPool::run_parallel).
  WorkerPool& pool() { return pool_; }

 private:
  friend class CoreGrant;
  void give_back(unsigned cores);

  const unsigned cores_;
  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  unsigned free_;
  std::uint64_t next_ticket_ = 0;
  std::set<std::pair<int, std::uint64_t>> queue_;  // (-priority, ticket): begin() is served next
  WorkerPool pool_;                                // last member: joined first
};

}  // namespace tessera
