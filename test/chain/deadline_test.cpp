#include <catch2/catch.hpp>

#include "chain/types/deadline.hpp"
#include "chain/types/randomness.hpp"

using namespace tessera;
using namespace tessera::chain;

// Values follow go-state-types dline.NewInfo with mainnet parameters (2880-epoch period,
// 60-epoch windows, lookback 20, fault cutoff 70).
TEST_CASE("deadline info follows dline.NewInfo", "[deadline]") {
  const auto params = ProvingParams::mainnet();
  auto d = new_deadline_info(1000, 3, 1200, params);
  CHECK(d.open == 1180);
  CHECK(d.close == 1240);
  CHECK(d.challenge == 1160);
  CHECK(d.fault_cutoff == 1110);
  CHECK(d.is_open());
  CHECK(d.last() == 1239);
  CHECK(d.period_end() == 3879);
  CHECK(d.fault_cutoff_passed());

  auto after = new_deadline_info(1000, 48, 5000, params);
  CHECK(after.open == 3880);
  CHECK(after.close == 3880);
  CHECK(after.fault_cutoff == 0);

  auto elapsed = new_deadline_info(1000, 3, 4000, params);
  CHECK(elapsed.has_elapsed());
  auto next = elapsed.next_not_elapsed();
  CHECK(next.period_start == 3880);
  CHECK(next.open == 3880 + 180);
  CHECK_FALSE(next.has_elapsed());
}

TEST_CASE("the current deadline of an epoch", "[deadline]") {
  const auto params = ProvingParams::mainnet();
  CHECK(proving_period_deadline(1000, 900, params).index == 0);  // before the period
  CHECK(proving_period_deadline(1000, 1000, params).index == 0);
  CHECK(proving_period_deadline(1000, 1059, params).index == 0);
  CHECK(proving_period_deadline(1000, 1060, params).index == 1);
  CHECK(proving_period_deadline(1000, 3879, params).index == 47);
  CHECK(proving_period_deadline(1000, 3880, params).index == 48);  // elapsed
  ProvingParams small{48, 480, 10, 5, 8};                          // a devnet's short period
  auto d = proving_period_deadline(0, 123, small);
  CHECK(d.index == 12);
  CHECK(d.challenge == 115);
  CHECK(d.fault_cutoff == 112);
}

// Expected values computed with Python's hashlib.blake2b (an independent BLAKE2b):
// offset = u64_be(blake2b-256(43 00e807 ‖ i64_be(100))[0..8]) mod 2880.
TEST_CASE("proving period offset and start", "[deadline]") {
  const auto params = ProvingParams::mainnet();
  CHECK(assign_proving_period_offset(Address::parse("f01000"), 100, params) == 859);
  CHECK(current_proving_period_start(10000, 859, params) ==
        9499);  // 10000 % 2880 = 1360 → progress 501
  CHECK(current_proving_period_start(3000, 859, params) == 859);
  CHECK(current_proving_period_start(500, 859, params) == 500 - (2880 - 359));
}

// Expected values: Python hashlib.blake2b over the same byte layout as lotus's
// DrawRandomnessFromBase / DrawRandomnessFromDigest.
TEST_CASE("randomness is drawn as lotus draws it", "[deadline]") {
  const auto ticket =
      draw_randomness(to_bytes("ticket-vrf-proof"), DomainSeparationTag::kWindowedPoStChallengeSeed,
                      12345, hex_decode("00e807"));
  CHECK(hex_encode(Bytes(ticket.begin(), ticket.end())) ==
        "0f24b9fdb19b68f99a8b293805da3c97accba4d36c087c12b87fb25ab5522424");
  auto r = draw_randomness_from_digest({}, DomainSeparationTag::kSealRandomness, -1, {});
  CHECK(hex_encode(Bytes(r.begin(), r.end())) ==
        "adc6135460448067bd9a0918e7e8fced3d0535bcf315d2ecd7b6a39a04c7eb96");
}
