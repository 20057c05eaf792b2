#include "post/window/deadline_progress.hpp"

namespace tessera::post::window {

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
