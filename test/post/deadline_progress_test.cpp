// post::window::DeadlineProgress: a deadline is proven once open, checked again
// kSubmitConfidence epochs after each sending (lotus SubmitConfidence = 4), sent at most
// kMaxSubmissions times, and a revert below a sending or confirmation makes it due again.
#include <catch2/catch.hpp>

#include "post/window/deadline_progress.hpp"

using tessera::post::window::DeadlineProgress;
using tessera::post::window::kMaxSubmissions;
using tessera::post::window::kSubmitConfidence;

TEST_CASE("DeadlineProgress: due, sent, confirmed", "[post][window][progress]") {
  STATIC_REQUIRE(kSubmitConfidence == 4);  // lotus build.MessageConfidence / SubmitConfidence
  DeadlineProgress p;
  CHECK(p.due(100));
  p.sent(100);
  CHECK_FALSE(p.due(101));
  CHECK_FALSE(p.due(103));
  CHECK(p.due(104));
  p.confirm(104);
  CHECK(p.done());
  CHECK_FALSE(p.due(200));
}

TEST_CASE("DeadlineProgress: at most kMaxSubmissions sendings, then given up",
          "[post][window][progress]") {
  DeadlineProgress p;
  for (int i = 0; i < kMaxSubmissions; ++i) {
    CHECK_FALSE(p.exhausted());
    p.sent(100 + 4 * i);
  }
  CHECK(p.exhausted());
  CHECK(p.due(100 + 4 * kMaxSubmissions));  // the chain is still checked once more
  p.give_up();
  CHECK(p.done());
  CHECK_FALSE(p.due(1000));
}

TEST_CASE("DeadlineProgress: a revert below a sending or confirmation makes it due again",
          "[post][window][progress]") {
  DeadlineProgress sent;
  sent.sent(100);
  sent.reverted_to(101);  // above the sending: nothing changes
  CHECK_FALSE(sent.due(102));
  sent.reverted_to(100);
  CHECK(sent.due(100));

  DeadlineProgress confirmed;
  confirmed.sent(100);
  confirmed.confirm(104);
  confirmed.reverted_to(105);
  CHECK(confirmed.done());
  confirmed.reverted_to(103);  // the confirmation is gone; the sending at 100 still stands
  CHECK_FALSE(confirmed.done());
  CHECK(confirmed.due(104));

  // A reverted sending does not count against kMaxSubmissions.
  DeadlineProgress last;
  for (int i = 0; i < kMaxSubmissions; ++i) last.sent(100 + 4 * i);
  REQUIRE(last.exhausted());
  last.reverted_to(100 + 4 * (kMaxSubmissions - 1));
  CHECK_FALSE(last.exhausted());
  CHECK(last.due(100 + 4 * (kMaxSubmissions - 1)));

  // Nor does giving up after it.
  DeadlineProgress given_up;
  for (int i = 0; i < kMaxSubmissions; ++i) given_up.sent(100 + 4 * i);
  given_up.give_up();
  given_up.reverted_to(100 + 4 * (kMaxSubmissions - 1));
  CHECK_FALSE(given_up.done());
  CHECK_FALSE(given_up.exhausted());
}

// go-state-types dline.NewInfo with the mainnet policy: deadlines of 60 epochs, challenge 20
// before opening; lotus ChallengeConfidence = 1, SubmitConfidence = 4.
TEST_CASE("WindowPoSt schedule: next deadline, challenge confidence, submit epoch",
          "[post][window][progress]") {
  using tessera::chain::new_deadline_info;
  using tessera::chain::ProvingParams;
  using tessera::post::window::challenge_confident;
  using tessera::post::window::next_deadline;
  using tessera::post::window::submit_epoch;
  const ProvingParams mainnet;
  const auto d3 = new_deadline_info(1000, 3, 1170, mainnet);
  CHECK(d3.open == 1180);
  CHECK(d3.challenge == 1160);
  const auto d4 = next_deadline(d3);
  CHECK(d4.index == 4);
  CHECK(d4.open == 1240);
  CHECK(d4.challenge == 1220);
  const auto last = new_deadline_info(1000, 47, 3800, mainnet);
  const auto first = next_deadline(last);
  CHECK(first.index == 0);
  CHECK(first.period_start == 1000 + 2880);
  CHECK(first.open == 3880);

  CHECK_FALSE(challenge_confident(d4, 1220));  // the challenge tipset itself may still revert
  CHECK(challenge_confident(d4, 1221));
  CHECK(submit_epoch(d4) == 1244);
  // A devnet with 8-epoch deadlines sends 2 epochs after opening (a quarter of the window).
  const ProvingParams devnet{.proving_period = 48 * 8,
                             .challenge_window = 8,
                             .challenge_lookback = 4,
                             .fault_declaration_cutoff = 5};
  CHECK(submit_epoch(new_deadline_info(0, 1, 0, devnet)) == 8 + 2);
}

// Deadline 4 of the test above: open at 1240, last epoch 1299, closes at 1300.
TEST_CASE("WindowPoSt schedule: proofs due once the deadline opens; a message sent in its last "
          "epoch cannot land",
          "[post][window][progress]") {
  using tessera::chain::new_deadline_info;
  using tessera::chain::ProvingParams;
  using tessera::post::window::can_still_land;
  using tessera::post::window::proofs_due;
  const auto d4 = new_deadline_info(1000, 4, 1170, ProvingParams{});
  REQUIRE(d4.open == 1240);
  REQUIRE(d4.close == 1300);
  CHECK_FALSE(proofs_due(d4, 1221));  // proven ahead, after its challenge
  CHECK_FALSE(proofs_due(d4, 1239));
  CHECK(proofs_due(d4, 1240));
  CHECK(proofs_due(d4, 1299));
  // Sent at head h, a message runs at h + 1 at the earliest, which must be below the close
  // (the devnet refused one sent at 83 for a deadline closing at 84: "invalid deadline 1 at
  // epoch 84, expected 2").
  CHECK(can_still_land(d4, 1244));
  CHECK(can_still_land(d4, 1298));
  CHECK_FALSE(can_still_land(d4, 1299));
  CHECK_FALSE(can_still_land(d4, 1300));
}
