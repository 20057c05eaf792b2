#include "sealing/pipeline/pipeline.hpp"

#include <chrono>

#include "common/log.hpp"
#include "common/metrics/metrics.hpp"
#include "common/uuid.hpp"
#include "sealing/pipeline/sector_states.hpp"

namespace tessera::pipeline {
namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string_view failure_class_name(FailureClass failure) {
  switch (failure) {
    case FailureClass::kTemporary:
      return "temporary";
    case FailureClass::kSectorPermanent:
      return "sector-permanent";
    case FailureClass::kWorkerPermanent:
      return "worker-permanent";
    case FailureClass::kAbort:
      return "abort";
  }
  return "temporary";
}

Pipeline::Pipeline(PipelineOptions options, SectorStore& store, Sealer& sealer,
                   chain::FullNodeClient& chain, sectorid::SectorNumberSource& numbers)
    : options_(options),
      miner_address_(chain::Address::from_id(options.miner_id)),
      store_(store),
      sealer_(sealer),
      chain_(chain),
      numbers_(numbers),
      precommit_batcher_(
          "precommit", options.precommit_batch,
          [this](const std::vector<PrecommitItem>& items) { return push_precommits(items); }),
      commit_batcher_("commit", options.commit_batch, [this](const std::vector<CommitItem>& items) {
        return push_commits(items, true);
      }) {}

Pipeline::~Pipeline() {
  stop();
}

void Pipeline::start() {
  auto loaded = store_.load_all();
  std::lock_guard lock(mu_);
  for (auto& [number, info] : loaded) records_[number].info = std::move(info);
  started_ = true;
  std::size_t resumed = 0;
  for (const auto& [number, record] : records_) {
    if (is_resting_state(record.info.state)) continue;
    launch_locked(number);
    ++resumed;
  }
  TLOG_INFO(log::get("sectors"), "sealing pipeline started: {} sectors, {} resumed",
            records_.size(), resumed);
}

void Pipeline::stop() {
  std::map<std::uint64_t, std::jthread> drivers;
  {
    std::lock_guard lock(mu_);
    if (!started_) return;
    started_ = false;
    stopping_.request_stop();
    drivers.swap(drivers_);
  }
  changed_.notify_all();
  drivers.clear();  // jthread: request_stop + join
}

void Pipeline::launch_locked(std::uint64_t number) {
  auto& record = records_.at(number);
  if (record.driving || !started_) return;
  record.driving = true;
  record.paused = false;
  auto& slot = drivers_[number];
  if (slot.joinable()) slot.join();  // a driver that has returned (driving is false)
  slot = std::jthread([this, number](std::stop_token stop) {
    std::stop_callback on_pipeline_stop(stopping_.get_token(), [this] { changed_.notify_all(); });
    drive(number, stop);
  });
}

bool Pipeline::pause(std::stop_token stop, std::chrono::milliseconds duration) {
  std::unique_lock lock(mu_);
  changed_.wait_for(lock, stop, duration, [&] { return stopping_.stop_requested(); });
  return !stop.stop_requested() && !stopping_.stop_requested();
}

SectorRef Pipeline::ref(const datastore::SectorInfo& info) const {
  return SectorRef{paths::SectorId{options_.miner_id, info.sector_number}, info.sector_type};
}

void Pipeline::persist_locked(const datastore::SectorInfo& info) {
  store_.put(info);
}

bool Pipeline::commit(std::uint64_t number, std::uint64_t version, Step step) {
  std::lock_guard lock(mu_);
  auto& record = records_.at(number);
  if (record.version != version) return false;  // the operator moved the sector meanwhile
  apply_event(step.info, step.event, unix_now());
  persist_locked(step.info);
  TLOG_INFO(log::get("sectors"), "sector {}: {} -> {} ({})", number, record.info.state,
            step.info.state, step.event.type);
  record.info = std::move(step.info);
  ++record.version;
  changed_.notify_all();
  return true;
}

void Pipeline::drive(std::uint64_t number, std::stop_token stop) {
  auto logger = log::get("sectors");
  std::uint64_t version = 0;
  // Ends the driver unless the operator moved the sector since it was read (then the loop
  // drives the new state: launch_locked saw this driver still running and started none).
  const auto done = [&](bool paused) {
    std::lock_guard lock(mu_);
    auto& record = records_.at(number);
    if (record.version != version && !stop.stop_requested() && !stopping_.stop_requested())
      return false;
    record.driving = false;
    record.paused = paused;
    changed_.notify_all();
    return true;
  };
  const auto stopped = [&] { return stop.stop_requested() || stopping_.stop_requested(); };
  while (!stopped()) {
    datastore::SectorInfo info;
    int failures = 0;
    FailureClass last_failure = FailureClass::kTemporary;
    {
      std::lock_guard lock(mu_);
      const auto& record = records_.at(number);
      info = record.info;
      version = record.version;
      failures = record.failures;
      last_failure = record.last_failure;
    }
    if (is_resting_state(info.state)) {
      if (done(false)) return;
      continue;
    }
    std::optional<Step> step;
    std::optional<std::pair<FailureClass, std::string>> failure;
    const bool retrying =
        stat_bucket(info.state) == StatBucket::kFailed || info.state == kRemoveFailed;
    const std::string state_label = "state=\"" + info.state + "\"";
    const auto began = std::chrono::steady_clock::now();
    metrics::add_counter("tessera_sector_stage_runs_total",
                         "Times the pipeline ran a sector state's work, by state", state_label);
    try {
      step = retrying ? plan_failed(info, failures, last_failure, stop) : plan(info, stop);
      if (!step) {
        TLOG_WARN(logger, "sector {} paused in {}: {}", number, info.state, info.last_err);
        if (done(true)) return;
        continue;
      }
    } catch (const Cancelled&) {
      if (done(false)) return;
      continue;
    } catch (const SealingFailure& e) {
      failure.emplace(e.failure(), e.what());
    } catch (const InvalidInput& e) {
      failure.emplace(FailureClass::kSectorPermanent, e.what());
    } catch (const std::exception& e) {
      failure.emplace(FailureClass::kTemporary, e.what());
    }
    if (stopped()) {
      done(false);
      return;
    }
    metrics::observe_histogram(
        "tessera_sector_stage_seconds", "Time a sector state's work took, by state", state_label,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
    if (failure) {
      metrics::add_counter("tessera_sector_stage_failures_total",
                           "Sector state work that failed, by state", state_label);
      TLOG_WARN(logger, "sector {}: {} failed ({}): {}", number, info.state,
                failure_class_name(failure->first), failure->second);
      if (!fail(number, version, std::move(info), failure->first, failure->second, stop) &&
          done(true))
        return;
      continue;
    }
    // A state's work that succeeded ends the run of failures; a retry does not.
    if (commit(number, version, std::move(*step)) && !retrying) {
      std::lock_guard lock(mu_);
      records_.at(number).failures = 0;
    }
  }
  done(false);
}

paths::SectorId Pipeline::pledge() {
  sealer_.check_can_seal(options_.seal_proof);
  {
    std::lock_guard lock(mu_);
    if (!started_) throw InvalidInput("the sealing pipeline is not running");
    if (options_.max_sealing_sectors > 0) {
      std::uint64_t sealing = 0;
      for (const auto& [number, record] : records_)
        if (stat_bucket(record.info.state) == StatBucket::kSealing) ++sealing;
      if (sealing >= options_.max_sealing_sectors)
        throw InvalidInput("too many sectors sealing (curSealing: " + std::to_string(sealing) +
                           ", max: " + std::to_string(options_.max_sealing_sectors) + ")");
    }
  }
  const auto number = numbers_.allocate(1, "pledge-" + new_uuid_v4()).at(0);
  datastore::SectorInfo info;
  info.sector_number = number;
  info.sector_type = options_.seal_proof;
  info.creation_time = unix_now();
  apply_event(info,
              SectorEvent{"SectorStartCC", {{"ID", number}, {"SectorType", info.sector_type}}},
              unix_now());
  std::lock_guard lock(mu_);
  persist_locked(info);
  auto& record = records_[number];
  record = Record{.info = std::move(info)};
  launch_locked(number);
  TLOG_INFO(log::get("sectors"), "pledged CC sector {}", number);
  return paths::SectorId{options_.miner_id, number};
}

std::vector<std::uint64_t> Pipeline::list() const {
  std::lock_guard lock(mu_);
  std::vector<std::uint64_t> numbers;
  for (const auto& [number, record] : records_) numbers.push_back(number);
  return numbers;
}

std::optional<datastore::SectorInfo> Pipeline::get(std::uint64_t number) const {
  std::lock_guard lock(mu_);
  const auto it = records_.find(number);
  if (it == records_.end()) return std::nullopt;
  return it->second.info;
}

void Pipeline::force_state(std::uint64_t number, const std::string& state) {
  std::lock_guard lock(mu_);
  const auto it = records_.find(number);
  if (it == records_.end()) throw NotFound("sector " + std::to_string(number) + " not found");
  auto info = it->second.info;
  apply_event(info, SectorEvent{"SectorForceState", {{"State", state}}}, unix_now());
  persist_locked(info);
  it->second.info = std::move(info);
  ++it->second.version;
  it->second.failures = 0;
  launch_locked(number);
  changed_.notify_all();
}

void Pipeline::remove(std::uint64_t number) {
  std::lock_guard lock(mu_);
  const auto it = records_.find(number);
  if (it == records_.end()) throw NotFound("sector " + std::to_string(number) + " not found");
  auto info = it->second.info;
  apply_event(info, SectorEvent{"SectorRemove", {}}, unix_now());
  persist_locked(info);
  it->second.info = std::move(info);
  ++it->second.version;
  it->second.failures = 0;
  launch_locked(number);
  changed_.notify_all();
}

std::map<std::string, std::uint64_t> Pipeline::summary() const {
  std::lock_guard lock(mu_);
  std::map<std::string, std::uint64_t> counts;
  for (const auto& [number, record] : records_) ++counts[record.info.state];
  return counts;
}

datastore::SectorInfo Pipeline::wait_at_rest(std::uint64_t number,
                                             std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  const auto it = records_.find(number);
  if (it == records_.end()) throw NotFound("sector " + std::to_string(number) + " not found");
  changed_.wait_for(lock, timeout,
                    [&] { return is_resting_state(it->second.info.state) || it->second.paused; });
  return it->second.info;
}

}  // namespace tessera::pipeline
