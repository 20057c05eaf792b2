#include "common/executor/stage_context.hpp"

#include <algorithm>
#include <utility>

#include "common/error.hpp"

namespace tessera {

StageContext::StageContext(CoreBudget& budget, unsigned cores, int priority, std::stop_token cancel,
                           Progress progress)
    : StageContext(budget, true, std::clamp(cores, 1u, budget.cores()), priority, cancel,
                   std::move(progress), budget.acquire(cores, priority, cancel)) {}

StageContext::StageContext(CoreBudget& budget, bool waits, unsigned wanted, int priority,
                           std::stop_token cancel, Progress progress, CoreGrant grant)
    : budget_(&budget),
      waits_(waits),
      wanted_(wanted),
      priority_(priority),
      cancel_(std::move(cancel)),
      progress_(std::move(progress)),
      grant_(std::move(grant)) {}

StageContext StageContext::best_effort(CoreBudget& budget, unsigned cores, Progress progress) {
  return StageContext(budget, false, cores, kBestEffortPriority, {}, std::move(progress),
                      budget.take_free(cores));
}

void StageContext::report(std::uint64_t done, std::uint64_t total) const {
  if (progress_) progress_(done, total);
}

void StageContext::raise_priority_at(std::chrono::steady_clock::time_point when, int priority) {
  raise_ = Raise{when, priority};
}

void StageContext::yield_point() {
  if (cancelled()) throw Cancelled("stage cancelled");
  if (raise_ && std::chrono::steady_clock::now() >= raise_->when) {
    priority_ = std::max(priority_, raise_->priority);
    raise_.reset();
  }
  if (!waits_) {  // gives up what a queued request needs, takes what has come free
    grant_.release();
    grant_ = budget_->take_free(wanted_);
  } else if (budget_->higher_waiting(priority_)) {
    grant_.release();
    grant_ = budget_->acquire(wanted_, priority_, cancel_);
  }
}

void parallel_for(StageContext& ctx, std::uint64_t n, const WorkerPool::Range& body,
                  std::uint64_t min_per_task) {
  ctx.budget().pool().run_parallel(std::max(1u, ctx.cores()), n, body, min_per_task);
}

}  // namespace tessera
