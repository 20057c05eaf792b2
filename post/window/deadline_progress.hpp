// When the WindowPoSt of a deadline is proven and sent (lotus storage/wdpost changeHandler): it
// is proven once the chain is ChallengeConfidence epochs past its challenge (ahead of its
// opening, the proofs kept until then), sent SubmitConfidence epochs after it opens, checked
// again SubmitConfidence epochs after each sending (a reverted or dropped message is proven and
// sent again), and what a chain revert undoes (DeadlineProgress).
#pragma once

#include <cstddef>
#include <optional>

#include "chain/types/deadline.hpp"

namespace tessera::post::window {

// Epochs after a deadline opens before its WindowPoSt is sent, and a sent one is given to land
// before the chain is checked for it again (lotus SubmitConfidence).
inline constexpr chain::ChainEpoch kSubmitConfidence = 4;
// Epochs past a deadline's challenge before it is proven (lotus ChallengeConfidence).
inline constexpr chain::ChainEpoch kChallengeConfidence = 1;
// How often one deadline's partitions are proven and sent at most (the first time included).
inline constexpr int kMaxSubmissions = 3;

// The deadline after dl (index 0 of the next proving period after the last one).
chain::DeadlineInfo next_deadline(const chain::DeadlineInfo& dl);
// Whether a head at `head` is far enough past dl's challenge to prove it.
bool challenge_confident(const chain::DeadlineInfo& dl, chain::ChainEpoch head);
// The epoch from which dl's WindowPoSt is sent: kSubmitConfidence after it opens, or a quarter
// of its window on a devnet whose deadlines are too short for that.
chain::ChainEpoch submit_epoch(const chain::DeadlineInfo& dl);
// Whether dl's proofs are due at a head of this height: dl has opened, so every epoch they wait
// for cores brings its close nearer (they outrank WinningPoSt then, gpu::Urgency::kDue).
bool proofs_due(const chain::DeadlineInfo& dl, chain::ChainEpoch head);
// Whether a SubmitWindowedPoSt for dl sent at a head of this height can still count: it is
// included at head + 1 at the earliest and runs at that epoch, which must be before dl closes.
bool can_still_land(const chain::DeadlineInfo& dl, chain::ChainEpoch head);

class DeadlineProgress {
 public:
  // Whether the chain should be checked for the deadline's partitions and the unproven ones
  // proven and sent, at a head of this height: never sent, or sent kSubmitConfidence epochs
  // ago; false once done.
  bool due(chain::ChainEpoch head) const;
  // The chain shows every partition proven at a head of this height.
  void confirm(chain::ChainEpoch head);
  // Partitions were proven and sent at a head of this height.
  void sent(chain::ChainEpoch head);
  // Whether it was sent at least once (and that was not reverted), or confirmed.
  bool started() const { return submissions_ > 0 || confirmed_at_.has_value(); }
  // Whether kMaxSubmissions sendings were made (and not reverted): no more are.
  bool exhausted() const { return submissions_ >= kMaxSubmissions; }
  // Stops trying: the partitions still unproven after kMaxSubmissions sendings are left to the
  // deadline's end (the caller logs it).
  void give_up() { gave_up_ = true; }
  // Whether the deadline needs nothing more (confirmed or given up).
  bool done() const { return confirmed_at_.has_value() || gave_up_; }
  // The chain reverted every tipset from `height` up: the last sending or the confirmation, when
  // seen at or above it, no longer counts (nor does that sending count against kMaxSubmissions),
  // so the deadline is due again.
  void reverted_to(chain::ChainEpoch height);

  // Whether the faults and recoveries of the deadline two ahead were declared.
  bool declared = false;

 private:
  std::optional<chain::ChainEpoch> submitted_at_;  // the head's height when last sent
  std::optional<chain::ChainEpoch> confirmed_at_;  // the head's height when seen all proven
  int submissions_ = 0;
  bool gave_up_ = false;
};

}  // namespace tessera::post::window
