#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "post/fallback/post_challenges.hpp"

using namespace tessera;
using namespace tessera::post;

// Expected values computed independently with Python's hashlib:
//   r = bytes([5]*32); pid = bytes([0xe8, 0x07] + [0]*30)
//   int.from_bytes(sha256(r + u64le(3) + u64le(7)).digest()[:8], 'little') % 64       -> 18
//   int.from_bytes(sha256(r + u64le(1234) + u64le(65)).digest()[:8], 'little') % 2**30 -> 785856934
//   int.from_bytes(sha256(pid + r + u64le(0)).digest()[:8], 'little') % 1000         -> 500
TEST_CASE("PoSt leaf and sector challenges", "[post]") {
  crypto::Digest32 randomness;
  randomness.fill(5);
  crypto::Digest32 prover_id{};
  prover_id[0] = 0xe8;
  prover_id[1] = 0x07;
  CHECK(leaf_challenge(randomness, 3, 7, 2048) == 18);
  CHECK(leaf_challenge(randomness, 1234, 65, 34359738368ULL) == 785856934);
  CHECK(winning_sector_challenge(randomness, prover_id, 0, 1000) == 500);
  CHECK_THROWS_AS(winning_sector_challenge(randomness, prover_id, 0, 0), InvalidInput);
}

TEST_CASE("challenge index rule by proofs API version", "[post]") {
  CHECK(challenge_index(PostApi::kV1_0, 3, 10, 4) == 34);
  CHECK(challenge_index(PostApi::kV1_2, 3, 10, 4) == 4);
  crypto::Digest32 r;
  r.fill(0xff);
  CHECK(fr_safe_randomness(r)[31] == 0x3f);
}
