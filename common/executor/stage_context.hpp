// What a long stage (PC1, PC2, PoSt...) is handed: its cores, a progress callback and a cancel
// flag, with the batch boundary where it yields, and the parallel loop over its cores.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <stop_token>

#include "common/executor/core_budget.hpp"

namespace tessera {

// The priority of best-effort contexts: any queued acquire() is higher.
inline constexpr int kBestEffortPriority = std::numeric_limits<int>::min();

// A stage's cores (a grant on a budget), progress callback and cancel flag. Used by one thread at
// a time.
class StageContext {
 public:
  using Progress = std::function<void(std::uint64_t done, std::uint64_t total)>;

  // Waits for `cores` cores of budget at `priority` (CoreBudget::acquire: higher first, equal
  // priority in arrival order). Throws Cancelled when cancel is requested first.
  StageContext(CoreBudget& budget, unsigned cores, int priority = 0, std::stop_token cancel = {},
               Progress progress = {});
  // For code that is given no context: up to `cores` of the budget's cores that are free now,
  // taken without waiting (none when all are held: the calling thread then works alone). Lowest
  // priority, never cancelled.
  static StageContext best_effort(CoreBudget& budget = CoreBudget::process(),
                                  unsigned cores = kAllCores, Progress progress = {});

  CoreBudget& budget() const { return *budget_; }
  // The cores held now, the calling thread's included (0 only for a best-effort context).
  unsigned cores() const { return grant_.cores(); }
  int priority() const { return priority_; }
  bool cancelled() const { return cancel_.stop_requested(); }
  // Passes (done, total) to the progress callback, if there is one.
  void report(std::uint64_t done, std::uint64_t total) const;
  // A batch boundary: throws Cancelled when cancelled; otherwise, when an acquire() of higher
  // priority is queued on the budget, gives the cores back and waits to get as many again. A
  // best-effort context instead gives its cores back and takes again those free now (none while
  // a request is queued).
  void yield_point();
  // From `when` on (checked at each yield_point), the stage runs at `priority` when that is above
  // its own: a stage that becomes due while it runs (a WindowPoSt proven ahead of a deadline
  // that opens meanwhile) stops yielding to what it now outranks.
  void raise_priority_at(std::chrono::steady_clock::time_point when, int priority);

 private:
  StageContext(CoreBudget& budget, bool waits, unsigned wanted, int priority,
               std::stop_token cancel, Progress progress, CoreGrant grant);

  CoreBudget* budget_;
  bool waits_;       // false for a best-effort context
  unsigned wanted_;  // what yield_point asks for again
  int priority_;
  struct Raise {
    std::chrono::steady_clock::time_point when;
    int priority;
  };
  std::optional<Raise> raise_;  // set by raise_priority_at until it takes effect
  std::stop_token cancel_;
  Progress progress_;
  CoreGrant grant_;
};

// Calls body(begin, end) on disjoint ranges covering [0, n), at most one per core of ctx and each
// at least min_per_task long (one range when n is shorter), on the calling thread and the
// budget's pool; returns when all are done and rethrows the first exception. It does not yield:
// call ctx.yield_point() between calls. Called from inside a body it runs body(0, n) inline.
void parallel_for(StageContext& ctx, std::uint64_t n, const WorkerPool::Range& body,
                  std::uint64_t min_per_task = 1);

}  // namespace tessera
