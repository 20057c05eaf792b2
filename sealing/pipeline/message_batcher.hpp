// lotus's PreCommitBatcher and CommitBatcher timing (storage/pipeline/precommit_batch.go,
// commit_batch.go): sectors ready for a message wait here and go out together in one. A batch
// is sent when max_batch sectors wait, when the first of them has waited `wait`, when a
// sector's cutoff (its ticket's or precommit's expiry) less `slack` comes, or on flush()
// (`sectors batching precommit|commit --publish-now`). Thread-safe: each sector's driver blocks
// in add_and_wait(); whichever finds the batch due sends it for all of them.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "common/cid/cid.hpp"
#include "common/error.hpp"
#include "common/log.hpp"

namespace tessera::pipeline {

struct BatchOptions {
  std::size_t max_batch = 256;                             // MaxPreCommitBatch, MaxCommitBatch
  std::chrono::milliseconds wait{std::chrono::hours(24)};  // PreCommitBatchWait, CommitBatchWait
  std::chrono::milliseconds slack{std::chrono::hours(3)};  // PreCommitBatchSlack, ...Slack
};

// One batch sent: its sectors and message, or why it failed (lotus PreCommitBatchRes,
// CommitBatchRes without per-sector failures).
struct BatchResult {
  std::vector<std::uint64_t> sectors;
  std::optional<cid::Cid> message;
  std::string error;
};

template <class Item>
class MessageBatcher {
 public:
  using Clock = std::chrono::steady_clock;
  // Pushes one message carrying these items (in sector order); returns its CID. Called without
  // the batcher's lock, on the thread of the sector that found the batch due.
  using Send = std::function<cid::Cid(const std::vector<Item>& items)>;

  // what: "precommit" or "commit", for the log.
  MessageBatcher(std::string what, BatchOptions options, Send send)
      : what_(std::move(what)), options_(options), send_(std::move(send)) {}

  // Adds the sector's item (replacing one of the same sector still waiting) and blocks until
  // the batch holding it is sent: returns the message CID, or throws what sending threw (for
  // every sector of that batch). Cancelled when stop is requested first; the sector then
  // leaves the batch.
  cid::Cid add_and_wait(std::uint64_t sector, Item item, Clock::time_point cutoff,
                        std::stop_token stop) {
    std::unique_lock lock(mu_);
    entries_[sector] =
        Entry{.item = std::move(item), .added = Clock::now(), .cutoff = cutoff - options_.slack};
    notify_locked();
    for (;;) {
      auto& entry = entries_.at(sector);
      if (entry.sent || entry.error) {
        const auto sent = entry.sent;
        const auto error = entry.error;
        entries_.erase(sector);
        if (error) std::rethrow_exception(error);
        return *sent;
      }
      const auto seen = generation_;
      if (!entry.taken) {
        const auto due = due_locked();
        if (due && Clock::now() >= *due) {
          send_locked(lock);
          continue;
        }
        if (stop.stop_requested()) {
          entries_.erase(sector);
          notify_locked();
          throw Cancelled("stopped while waiting in a " + what_ + " batch");
        }
        changed_.wait_until(lock, stop, due.value_or(Clock::now() + std::chrono::hours(1)),
                            [&] { return generation_ != seen; });
        continue;
      }
      // Taken by another sector's send: wait for its outcome (the message is out or not;
      // leaving now would lose it).
      changed_.wait(lock, [&] { return generation_ != seen; });
    }
  }

  // Sends every waiting sector now (in batches of at most max_batch) and returns the results;
  // empty when none waits.
  std::vector<BatchResult> flush() {
    std::unique_lock lock(mu_);
    std::vector<BatchResult> results;
    while (std::any_of(entries_.begin(), entries_.end(),
                       [](const auto& entry) { return !entry.second.taken; }))
      results.push_back(send_locked(lock));
    return results;
  }

  // The sector numbers waiting, ascending (lotus SectorPreCommitPending, SectorCommitPending).
  std::vector<std::uint64_t> pending() const {
    std::lock_guard lock(mu_);
    std::vector<std::uint64_t> out;
    for (const auto& [sector, entry] : entries_)
      if (!entry.taken) out.push_back(sector);
    return out;
  }

 private:
  struct Entry {
    Item item;
    Clock::time_point added;
    Clock::time_point cutoff;  // the sector's cutoff less slack
    bool taken = false;        // in a batch being sent
    std::optional<cid::Cid> sent;
    std::exception_ptr error;
  };

  void notify_locked() {
    ++generation_;
    changed_.notify_all();
  }

  std::size_t max_batch() const { return std::max<std::size_t>(1, options_.max_batch); }

  // When the waiting batch must go; nullopt when nothing waits.
  std::optional<Clock::time_point> due_locked() const {
    std::optional<Clock::time_point> due;
    std::size_t waiting = 0;
    for (const auto& [sector, entry] : entries_) {
      if (entry.taken) continue;
      ++waiting;
      const auto at = std::min(entry.added + options_.wait, entry.cutoff);
      if (!due || at < *due) due = at;
    }
    if (waiting >= max_batch()) return Clock::time_point::min();
    return due;
  }

  // Sends the first max_batch waiting entries (the lock is released while sending).
  BatchResult send_locked(std::unique_lock<std::mutex>& lock) {
    BatchResult result;
    std::vector<Item> items;
    for (auto& [sector, entry] : entries_) {
      if (entry.taken) continue;
      if (items.size() == max_batch()) break;
      entry.taken = true;
      result.sectors.push_back(sector);
      items.push_back(entry.item);
    }
    std::exception_ptr error;
    lock.unlock();
    auto logger = log::get("sectors");
    try {
      result.message = send_(items);
      TLOG_INFO(logger, "{} batch of {} sectors sent: {}", what_, items.size(),
                result.message->to_string());
    } catch (const std::exception& e) {
      error = std::current_exception();
      result.error = e.what();
      TLOG_WARN(logger, "{} batch of {} sectors failed: {}", what_, items.size(), e.what());
    }
    lock.lock();
    for (const auto sector : result.sectors) {
      const auto entry = entries_.find(sector);
      if (entry == entries_.end()) continue;
      entry->second.sent = result.message;
      entry->second.error = error;
    }
    notify_locked();
    return result;
  }

  const std::string what_;
  BatchOptions options_;
  Send send_;
  mutable std::mutex mu_;
  std::condition_variable_any changed_;
  std::uint64_t generation_ = 0;            // bumped with each notify, so waiters see every change
  std::map<std::uint64_t, Entry> entries_;  // by sector number
};

}  // namespace tessera::pipeline
