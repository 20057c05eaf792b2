// Compute lanes (issue #14): the machine's cores shared between the compute classes in priority
// order, each class optionally with cores reserved for it alone and GPU devices bound to it.
// Classes without a reservation share one CoreBudget at their class's priority, so a lower class
// yields at its next StageContext::yield_point when a higher one waits for cores; a class with a
// reservation runs on its own budget of those cores only (it does not compete in the shared one).
// CPU-only machines use the same lanes. Per class: histograms tessera_lane_queue_wait_seconds
// and tessera_lane_run_seconds and the gauge tessera_lane_waiting, labelled class="WinningPoSt"...
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <vector>

#include "common/executor/core_budget.hpp"
#include "common/executor/stage_context.hpp"
#include "gpu/compute_class.hpp"

namespace tessera::gpu {

// What one class is given beyond the shared cores.
struct LaneBinding {
  unsigned reserved_cores = 0;  // cores only this class may use (0: it runs on the shared cores)
  std::vector<unsigned> gpus;   // GPU device ordinals bound to the class (recorded, not used yet)
};

struct LanesConfig {
  unsigned total_cores = CoreBudget::hardware_cores();
  std::array<LaneBinding, kComputeClassCount> lanes{};  // indexed by compute_class_index

  LaneBinding& lane(ComputeClass c) { return lanes[compute_class_index(c)]; }
  const LaneBinding& lane(ComputeClass c) const { return lanes[compute_class_index(c)]; }
  // total_cores minus every reservation (0 when the reservations take all of them or more).
  unsigned shared_cores() const;
  // Throws InvalidInput when total_cores is 0, when the reservations leave the shared cores
  // empty (naming the class whose reservation does, in priority order), or when a class lists a
  // GPU ordinal twice (naming the class and the ordinal).
  void validate() const;
  // A config of total_cores cores with each class's binding read from TESSERA_LANE_<CLASS>_CORES
  // (a whole number of reserved cores) and TESSERA_LANE_<CLASS>_GPUS (ordinals separated by
  // commas, e.g. 0,1), <CLASS> being the class name in capitals (WINNINGPOST, WINDOWPOST, C2, PC2,
  // PC1); an unset or empty variable means none. Throws InvalidInput naming the variable for a
  // value that is not of that form, and as validate() for the result.
  static LanesConfig from_env(unsigned total_cores = CoreBudget::hardware_cores());
};

class ComputeLanes;

// A stage running in its class's lane: its StageContext (cores granted at the class's priority)
// and the class's GPUs. Destroying it records the run time and gives the cores back. Movable
// (the moved-from object records nothing); used by one thread at a time; the ComputeLanes that
// made it must outlive it.
class LaneContext {
 public:
  LaneContext(LaneContext&& other) noexcept;
  LaneContext& operator=(LaneContext&&) = delete;
  ~LaneContext();

  // The stage's cores: pass it to the stage, which calls yield_point() between batches.
  StageContext& ctx() { return ctx_; }
  ComputeClass compute_class() const { return class_; }
  // The GPU ordinals bound to the class (empty on a CPU-only lane).
  const std::vector<unsigned>& gpus() const { return *gpus_; }
  // Seconds enter() waited for the cores.
  double queue_wait_seconds() const { return queue_wait_s_; }

 private:
  friend class ComputeLanes;
  using Clock = std::chrono::steady_clock;
  LaneContext(ComputeClass c, const std::vector<unsigned>& gpus, StageContext ctx,
              Clock::time_point queued);

  ComputeClass class_;
  const std::vector<unsigned>* gpus_;
  StageContext ctx_;
  Clock::time_point started_;
  double queue_wait_s_;
  bool records_ = true;  // false once moved from
};

// The lanes of one machine: a shared CoreBudget of the cores nobody reserved, and a CoreBudget of
// its own for each class with a reservation. Not copyable.
class ComputeLanes {
 public:
  // Validates config (LanesConfig::validate: InvalidInput) and sets up the budgets.
  explicit ComputeLanes(LanesConfig config);
  // Every LaneContext must be gone.
  ~ComputeLanes() = default;
  ComputeLanes(const ComputeLanes&) = delete;
  ComputeLanes& operator=(const ComputeLanes&) = delete;

  // The lanes for code that is given none: LanesConfig::from_env() on this machine's cores,
  // created on first use. Without reservations its shared budget is CoreBudget::process(), so
  // the stages still given best-effort contexts there (PC1 without a reservation) yield to every
  // lane. Throws InvalidInput (LanesConfig::from_env) on each call while the environment holds a
  // bad value.
  static ComputeLanes& process();

  const LanesConfig& config() const { return config_; }
  // The budget the class runs on: its own when it has a reservation, else the shared one.
  CoreBudget& budget(ComputeClass c);
  CoreBudget& shared_budget() { return *shared_; }
  // How many enter() calls of the class are waiting for cores now (yield_point's re-waits not
  // included).
  std::size_t waiting(ComputeClass c) const;

  // Waits for `cores` cores (clamped to [1, the class's budget]) of the class's budget at the
  // class's priority (higher first, equal ones in arrival order) and returns the lane, recording
  // the wait in tessera_lane_queue_wait_seconds. From `due_from` on, when given, the stage is
  // due (Urgency::kDue): above every class, at once when that time has passed, else from its
  // first yield_point after it. Throws Cancelled when cancel is requested first. Never call it
  // from inside a parallel loop's body.
  LaneContext enter(ComputeClass c, unsigned cores, std::stop_token cancel = {},
                    StageContext::Progress progress = {},
                    std::optional<std::chrono::steady_clock::time_point> due_from = {});

 private:
  // One more (arriving) or one fewer enter() of the class waiting; updates the gauge.
  void count_waiting(ComputeClass c, bool arriving);

  // Lanes whose shared budget is `shared` (not owned) when given, else a new one.
  ComputeLanes(LanesConfig config, CoreBudget* shared);

  LanesConfig config_;
  std::unique_ptr<CoreBudget> owned_shared_;
  CoreBudget* shared_;
  std::array<std::unique_ptr<CoreBudget>, kComputeClassCount> reserved_;  // null: none
  mutable std::mutex waiting_mutex_;
  std::array<std::size_t, kComputeClassCount> waiting_{};
};

}  // namespace tessera::gpu
