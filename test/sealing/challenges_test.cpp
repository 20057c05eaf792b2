#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "crypto/fr.hpp"
#include "sealing/porep/challenges.hpp"

using namespace tessera;
using namespace tessera::porep;

namespace {
crypto::Digest32 fr_digest(std::uint64_t v) {
  crypto::Digest32 d;
  crypto::Fr::from_uint(v).to_bytes(d.data());
  return d;
}
}  // namespace

// rust-fil-proofs storage-proofs-porep challenges.rs test_synth_challenges_against_hardcoded
// (reference/proofs.md §7.2): nodes 2^10, replica_id = Fr(55), comm_r = Fr(101), seed = [1; 32].
TEST_CASE("synthetic PoRep challenges match rust-fil-proofs", "[challenges]") {
  auto replica_id = fr_digest(55);
  auto comm_r = fr_digest(101);
  auto synthetic = synthetic_challenges(replica_id, comm_r, 1024);
  REQUIRE(synthetic.size() == 1024);
  std::vector<std::uint64_t> first21(synthetic.begin(), synthetic.begin() + 21);
  CHECK(first21 == std::vector<std::uint64_t>{178, 297, 869, 211, 875, 477, 94, 781, 124, 332, 856,
                                              801, 176, 692, 429, 691, 290, 204, 986, 210, 973});
  // The upstream test selects from a list of 21 synthetic challenges.
  crypto::Digest32 seed;
  seed.fill(1);
  CHECK(select_synthetic_challenges(first21, replica_id, seed, 0, 10) ==
        std::vector<std::uint64_t>{176, 781, 801, 986, 290, 211, 692, 856, 986, 332});
}

TEST_CASE("interactive challenges are in range and partition-specific", "[challenges]") {
  crypto::Digest32 replica_id, seed;
  replica_id.fill(3);
  seed.fill(4);
  auto p0 = interactive_challenges(replica_id, seed, 64, 0, 2);
  auto p1 = interactive_challenges(replica_id, seed, 64, 1, 2);
  REQUIRE(p0.size() == 2);
  for (auto c : p0) CHECK((c >= 1 && c < 64));
  CHECK(p0 != p1);
  // Partition 1's first challenge is global challenge j = 2.
  CHECK(interactive_challenges(replica_id, seed, 64, 0, 4)[2] == p1[0]);
  CHECK_THROWS_AS(interactive_challenges(replica_id, seed, 1, 0, 2), InvalidInput);
}

TEST_CASE("challenge reduction of a 256-bit value", "[challenges]") {
  std::uint8_t value[32] = {};
  value[0] = 10;
  CHECK(challenge_from_le256(value, 8) == 10 % 7 + 1);
  std::uint8_t ones[32];
  std::fill(ones, ones + 32, 0xff);
  // 2^256 - 1 = 15 (mod 63), since 2^6 = 1 (mod 63) and 256 = 6·42 + 4.
  CHECK(challenge_from_le256(ones, 64) == 16);
}
