#include "gpu/compute_lanes.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "common/error.hpp"
#include "common/metrics/metrics.hpp"

namespace tessera::gpu {

namespace {

constexpr std::string_view kQueueWaitMetric = "tessera_lane_queue_wait_seconds";
constexpr std::string_view kQueueWaitHelp =
    "Seconds a stage waited for its compute lane's cores before starting.";
constexpr std::string_view kRunMetric = "tessera_lane_run_seconds";
constexpr std::string_view kRunHelp =
    "Seconds a stage held its compute lane, from its cores being granted to its end (waits "
    "after yielding to a higher class included).";
constexpr std::string_view kWaitingMetric = "tessera_lane_waiting";
constexpr std::string_view kWaitingHelp = "Stages waiting for their compute lane's cores.";

std::string class_label(ComputeClass c) {
  return "class=\"" + std::string(compute_class_name(c)) + "\"";
}

// TESSERA_LANE_<CLASS>_<what>.
std::string env_name(ComputeClass c, std::string_view what) {
  std::string name = "TESSERA_LANE_";
  for (const char ch : compute_class_name(c))
    name += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return name + "_" + std::string(what);
}

// A whole number (decimal digits only), or nothing.
std::optional<unsigned> parse_unsigned(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string bad_value(const std::string& variable, std::string_view value, std::string_view want) {
  return variable + "=\"" + std::string(value) + "\": expected " + std::string(want);
}

unsigned reserved_cores_from_env(ComputeClass c) {
  const std::string variable = env_name(c, "CORES");
  const char* value = std::getenv(variable.c_str());
  if (!value || !*value) return 0;
  const auto cores = parse_unsigned(value);
  if (!cores) throw InvalidInput(bad_value(variable, value, "a whole number of cores"));
  return *cores;
}

std::vector<unsigned> gpus_from_env(ComputeClass c) {
  const std::string variable = env_name(c, "GPUS");
  const char* value = std::getenv(variable.c_str());
  std::vector<unsigned> gpus;
  if (!value || !*value) return gpus;
  const std::string_view text(value);
  for (std::size_t begin = 0;;) {
    const std::size_t comma = std::min(text.find(',', begin), text.size());
    const auto ordinal = parse_unsigned(text.substr(begin, comma - begin));
    if (!ordinal) {
      throw InvalidInput(
          bad_value(variable, text, "GPU ordinals separated by commas (for example 0,1)"));
    }
    gpus.push_back(*ordinal);
    if (comma == text.size()) return gpus;
    begin = comma + 1;
  }
}

// The config, once LanesConfig::validate() has accepted it.
LanesConfig validated(LanesConfig config) {
  config.validate();
  return config;
}

}  // namespace

unsigned LanesConfig::shared_cores() const {
  unsigned left = total_cores;
  for (const LaneBinding& binding : lanes) left -= std::min(left, binding.reserved_cores);
  return left;
}

void LanesConfig::validate() const {
  if (total_cores == 0) throw InvalidInput("compute lanes: total cores is 0");
  unsigned left = total_cores;
  for (const ComputeClass c : kComputeClasses) {
    const LaneBinding& binding = lane(c);
    if (binding.reserved_cores >= left) {
      throw InvalidInput("compute lanes: the " + std::to_string(binding.reserved_cores) +
                         " cores reserved for " + std::string(compute_class_name(c)) +
                         " leave no shared core (" + std::to_string(total_cores) +
                         " cores in all, " + std::to_string(left) +
                         " not reserved by a higher class)");
    }
    left -= binding.reserved_cores;
    std::set<unsigned> seen;
    for (const unsigned gpu : binding.gpus) {
      if (!seen.insert(gpu).second) {
        throw InvalidInput("compute lanes: GPU " + std::to_string(gpu) + " is bound to " +
                           std::string(compute_class_name(c)) + " twice");
      }
    }
  }
}

LanesConfig LanesConfig::from_env(unsigned total_cores) {
  LanesConfig config;
  config.total_cores = total_cores;
  for (const ComputeClass c : kComputeClasses) {
    config.lane(c).reserved_cores = reserved_cores_from_env(c);
    config.lane(c).gpus = gpus_from_env(c);
  }
  config.validate();
  return config;
}

LaneContext::LaneContext(ComputeClass c, const std::vector<unsigned>& gpus, StageContext ctx,
                         Clock::time_point queued)
    : class_(c),
      gpus_(&gpus),
      ctx_(std::move(ctx)),
      started_(Clock::now()),
      queue_wait_s_(std::chrono::duration<double>(started_ - queued).count()) {
  metrics::observe_histogram(kQueueWaitMetric, kQueueWaitHelp, class_label(class_), queue_wait_s_);
}

LaneContext::LaneContext(LaneContext&& other) noexcept
    : class_(other.class_),
      gpus_(other.gpus_),
      ctx_(std::move(other.ctx_)),
      started_(other.started_),
      queue_wait_s_(other.queue_wait_s_),
      records_(std::exchange(other.records_, false)) {}

LaneContext::~LaneContext() {
  if (!records_) return;
  const double run_s = std::chrono::duration<double>(Clock::now() - started_).count();
  metrics::observe_histogram(kRunMetric, kRunHelp, class_label(class_), run_s);
}

ComputeLanes::ComputeLanes(LanesConfig config) : ComputeLanes(std::move(config), nullptr) {}

ComputeLanes::ComputeLanes(LanesConfig config, CoreBudget* shared)
    : config_(validated(std::move(config))),
      owned_shared_(shared ? nullptr : std::make_unique<CoreBudget>(config_.shared_cores())),
      shared_(shared ? shared : owned_shared_.get()) {
  for (const ComputeClass c : kComputeClasses) {
    if (const unsigned cores = config_.lane(c).reserved_cores)
      reserved_[compute_class_index(c)] = std::make_unique<CoreBudget>(cores);
  }
}

ComputeLanes& ComputeLanes::process() {
  static ComputeLanes lanes = [] {
    auto config = LanesConfig::from_env();
    const bool unreserved = config.shared_cores() == CoreBudget::process().cores();
    return ComputeLanes(std::move(config), unreserved ? &CoreBudget::process() : nullptr);
  }();
  return lanes;
}

CoreBudget& ComputeLanes::budget(ComputeClass c) {
  const auto& own = reserved_[compute_class_index(c)];
  return own ? *own : *shared_;
}

std::size_t ComputeLanes::waiting(ComputeClass c) const {
  std::lock_guard lock(waiting_mutex_);
  return waiting_[compute_class_index(c)];
}

void ComputeLanes::count_waiting(ComputeClass c, bool arriving) {
  std::lock_guard lock(waiting_mutex_);
  auto& count = waiting_[compute_class_index(c)];
  if (arriving)
    ++count;
  else
    --count;
  metrics::set_gauge(kWaitingMetric, kWaitingHelp, class_label(c), static_cast<double>(count));
}

LaneContext ComputeLanes::enter(ComputeClass c, unsigned cores, std::stop_token cancel,
                                StageContext::Progress progress,
                                std::optional<std::chrono::steady_clock::time_point> due_from) {
  const auto queued = std::chrono::steady_clock::now();
  const bool due = due_from && *due_from <= queued;
  count_waiting(c, true);
  StageContext ctx = [&] {
    try {
      return StageContext(budget(c), cores,
                          compute_class_priority(c, due ? Urgency::kDue : Urgency::kNormal),
                          std::move(cancel), std::move(progress));
    } catch (...) {
      count_waiting(c, false);
      throw;
    }
  }();
  count_waiting(c, false);
  if (due_from && !due) ctx.raise_priority_at(*due_from, compute_class_priority(c, Urgency::kDue));
  return LaneContext(c, config_.lane(c).gpus, std::move(ctx), queued);
}

}  // namespace tessera::gpu
