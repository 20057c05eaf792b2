#include "sealing/pipeline/precommit_batcher.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "common/log.hpp"

namespace tessera::pipeline {

PrecommitBatcher::PrecommitBatcher(PrecommitBatchOptions options, Send send)
    : options_(options), send_(std::move(send)) {}

void PrecommitBatcher::notify_locked() {
  ++generation_;
  changed_.notify_all();
}

std::optional<PrecommitBatcher::Clock::time_point> PrecommitBatcher::due_locked() const {
  std::optional<Clock::time_point> due;
  std::size_t waiting = 0;
  for (const auto& [number, entry] : entries_) {
    if (entry.taken) continue;
    ++waiting;
    const auto at = std::min(entry.added + options_.wait, entry.cutoff);
    if (!due || at < *due) due = at;
  }
  if (waiting >= std::max<std::size_t>(1, options_.max_batch)) return Clock::time_point::min();
  return due;
}

PrecommitBatchResult PrecommitBatcher::send_locked(std::unique_lock<std::mutex>& lock) {
  std::vector<std::uint64_t> numbers;
  std::vector<chain::SectorPreCommitInfo> precommits;
  chain::TokenAmount deposit;
  for (auto& [number, entry] : entries_) {
    if (entry.taken) continue;
    if (numbers.size() == std::max<std::size_t>(1, options_.max_batch)) break;
    entry.taken = true;
    numbers.push_back(number);
    precommits.push_back(entry.precommit);
    deposit = deposit + entry.deposit;
  }
  PrecommitBatchResult result{numbers, std::nullopt, ""};
  std::exception_ptr error;
  lock.unlock();
  try {
    result.message = send_(precommits, deposit);
    TLOG_INFO(log::get("sectors"), "precommit batch of {} sectors sent: {}", numbers.size(),
              result.message->to_string());
  } catch (const std::exception& e) {
    error = std::current_exception();
    result.error = e.what();
    TLOG_WARN(log::get("sectors"), "precommit batch of {} sectors failed: {}", numbers.size(),
              e.what());
  }
  lock.lock();
  for (const auto number : numbers) {
    const auto entry = entries_.find(number);
    if (entry == entries_.end()) continue;
    entry->second.sent = result.message;
    entry->second.error = error;
  }
  notify_locked();
  return result;
}

cid::Cid PrecommitBatcher::add_and_wait(const chain::SectorPreCommitInfo& precommit,
                                        const chain::TokenAmount& deposit,
                                        Clock::time_point ticket_cutoff, std::stop_token stop) {
  const auto number = precommit.sector_number;
  std::unique_lock lock(mu_);
  entries_[number] = Entry{.precommit = precommit,
                           .deposit = deposit,
                           .added = Clock::now(),
                           .cutoff = ticket_cutoff - options_.slack};
  notify_locked();
  for (;;) {
    auto& entry = entries_.at(number);
    if (entry.sent || entry.error) {
      const auto sent = entry.sent;
      const auto error = entry.error;
      entries_.erase(number);
      if (error) std::rethrow_exception(error);
      return *sent;
    }
    if (!entry.taken) {
      const auto due = due_locked();
      if (due && Clock::now() >= *due) {
        send_locked(lock);
        continue;
      }
      if (stop.stop_requested()) {
        entries_.erase(number);
        notify_locked();
        throw Cancelled("stopped while waiting in a precommit batch");
      }
      const auto seen = generation_;
      changed_.wait_until(lock, stop, due.value_or(Clock::now() + std::chrono::hours(1)),
                          [&] { return generation_ != seen; });
      continue;
    }
    // Taken by another sector's send: wait for its outcome (the message is out or not; leaving
    // now would lose it).
    const auto seen = generation_;
    changed_.wait(lock, [&] { return generation_ != seen; });
  }
}

std::vector<PrecommitBatchResult> PrecommitBatcher::flush() {
  std::unique_lock lock(mu_);
  std::vector<PrecommitBatchResult> results;
  while (std::any_of(entries_.begin(), entries_.end(),
                     [](const auto& entry) { return !entry.second.taken; }))
    results.push_back(send_locked(lock));
  return results;
}

std::vector<std::uint64_t> PrecommitBatcher::pending() const {
  std::lock_guard lock(mu_);
  std::vector<std::uint64_t> out;
  for (const auto& [number, entry] : entries_)
    if (!entry.taken) out.push_back(number);
  return out;
}

}  // namespace tessera::pipeline
