// lotus's PreCommitBatcher (storage/pipeline/precommit_batch.go) for [Sealing] BatchPreCommits:
// sectors ready to precommit wait here and go out together in one PreCommitSectorBatch2. A
// batch is sent when MaxPreCommitBatch sectors wait, when the first of them has waited
// PreCommitBatchWait, when a sector's ticket would otherwise expire (its cutoff less
// PreCommitBatchSlack), or on flush() (`sectors batching precommit --publish-now`).
// Thread-safe: each sector's driver blocks in add_and_wait(); whichever finds the batch due sends
// it for all of them.
#pragma once

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

#include "chain/types/big_int.hpp"
#include "chain/types/miner_params.hpp"
#include "common/cid/cid.hpp"

namespace tessera::pipeline {

struct PrecommitBatchOptions {
  bool enabled = false;                                    // [Sealing] BatchPreCommits
  std::size_t max_batch = 256;                             // MaxPreCommitBatch
  std::chrono::milliseconds wait{std::chrono::hours(24)};  // PreCommitBatchWait
  std::chrono::milliseconds slack{std::chrono::hours(3)};  // PreCommitBatchSlack
};

// One batch sent: its sectors and message, or why it failed.
struct PrecommitBatchResult {
  std::vector<std::uint64_t> sectors;
  std::optional<cid::Cid> message;
  std::string error;
};

class PrecommitBatcher {
 public:
  using Clock = std::chrono::steady_clock;
  // Pushes one message carrying these precommits with their deposits summed; returns its CID.
  // Called without the batcher's lock, on the thread of the sector that found the batch due.
  using Send = std::function<cid::Cid(const std::vector<chain::SectorPreCommitInfo>& precommits,
                                      const chain::TokenAmount& deposit)>;

  PrecommitBatcher(PrecommitBatchOptions options, Send send);

  // Adds the sector's precommit (replacing one of the same sector number still waiting) and
  // blocks until the batch holding it is sent: returns the message CID, or throws what sending
  // threw (for every sector of that batch). ticket_cutoff: when the ticket becomes too old to
  // precommit. Cancelled when stop is requested first; the sector then leaves the batch.
  cid::Cid add_and_wait(const chain::SectorPreCommitInfo& precommit,
                        const chain::TokenAmount& deposit, Clock::time_point ticket_cutoff,
                        std::stop_token stop);
  // Sends every waiting sector now (in batches of at most max_batch) and returns the results;
  // empty when none waits.
  std::vector<PrecommitBatchResult> flush();
  // The sector numbers waiting, ascending (lotus SectorPreCommitPending).
  std::vector<std::uint64_t> pending() const;

 private:
  struct Entry {
    chain::SectorPreCommitInfo precommit;
    chain::TokenAmount deposit;
    Clock::time_point added;
    Clock::time_point cutoff;  // ticket cutoff less slack
    bool taken = false;        // in a batch being sent
    std::optional<cid::Cid> sent;
    std::exception_ptr error;
  };
  // When the waiting batch must go; nullopt when nothing waits.
  std::optional<Clock::time_point> due_locked() const;
  void notify_locked();
  // Sends the first max_batch waiting entries (the lock is released while sending).
  PrecommitBatchResult send_locked(std::unique_lock<std::mutex>& lock);

  PrecommitBatchOptions options_;
  Send send_;
  mutable std::mutex mu_;
  std::condition_variable_any changed_;
  std::uint64_t generation_ = 0;            // bumped with each notify, so waiters see every change
  std::map<std::uint64_t, Entry> entries_;  // by sector number
};

}  // namespace tessera::pipeline
