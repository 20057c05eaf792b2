// Where the WindowPoSt of one deadline instance stands (lotus storage/wdpost's submitted and
// confirmed state per deadline): when to prove it, when a sent message is given up on as lost,
// and what a chain revert undoes.
#pragma once

#include <cstddef>
#include <optional>

#include "chain/types/deadline.hpp"

namespace tessera::post::window {

// Epochs a submitted WindowPoSt is given to land before the chain is checked for it again
// (lotus SubmitConfidence).
inline constexpr chain::ChainEpoch kSubmitConfidence = 4;
// How often one deadline's partitions are proven and sent at most (the first time included).
inline constexpr int kMaxSubmissions = 3;

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
