#include "post/window/deadline_progress.hpp"

#include <algorithm>

namespace tessera::post::window {

chain::DeadlineInfo next_deadline(const chain::DeadlineInfo& dl) {
  if (dl.index + 1 < dl.params.period_deadlines)
    return chain::new_deadline_info(dl.period_start, dl.index + 1, dl.current_epoch, dl.params);
  return chain::new_deadline_info(dl.next_period_start(), 0, dl.current_epoch, dl.params);
}

bool challenge_confident(const chain::DeadlineInfo& dl, chain::ChainEpoch head) {
  return head >= dl.challenge + kChallengeConfidence;
}

chain::ChainEpoch submit_epoch(const chain::DeadlineInfo& dl) {
  return dl.open + std::min(kSubmitConfidence, dl.params.challenge_window / 4);
}

bool proofs_due(const chain::DeadlineInfo& dl, chain::ChainEpoch head) {
  return head >= dl.open;
}

bool can_still_land(const chain::DeadlineInfo& dl, chain::ChainEpoch head) {
  return head + 1 < dl.close;
}

bool DeadlineProgress::due(chain::ChainEpoch head) const {
  if (done()) return false;
  return !submitted_at_ || head >= *submitted_at_ + kSubmitConfidence;
}

void DeadlineProgress::confirm(chain::ChainEpoch head) {
  confirmed_at_ = head;
}

void DeadlineProgress::sent(chain::ChainEpoch head) {
  submitted_at_ = head;
  ++submissions_;
}

void DeadlineProgress::reverted_to(chain::ChainEpoch height) {
  if (confirmed_at_ && *confirmed_at_ >= height) confirmed_at_.reset();
  if (submitted_at_ && *submitted_at_ >= height) {
    submitted_at_.reset();
    --submissions_;
    gave_up_ = false;
  }
}

}  // namespace tessera::post::window
