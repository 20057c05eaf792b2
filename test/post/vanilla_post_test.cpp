#include <catch2/catch.hpp>

#include <random>

#include "post/fallback/vanilla_post.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/seal_in_memory.hpp"

using namespace tessera;
using namespace tessera::post;

TEST_CASE("WindowPoSt and WinningPoSt vanilla proofs of a 2 KiB sector", "[post]") {
  std::mt19937 rng(11);
  Bytes unpadded(2032), padded(2048);
  for (auto& b : unpadded) b = static_cast<std::uint8_t>(rng());
  porep::fr32_pad(unpadded.data(), padded.data(), 16);
  porep::SealInputs inputs;
  inputs.sector_number = 5;
  auto sealed = porep::seal_in_memory(inputs, padded);

  PostChallengeParams window{.api = PostApi::kV1_2, .challenge_count = 10, .sector_size = 2048};
  window.randomness.fill(0xab);
  auto proof = prove_sector(window, 0, 5, sealed.tree_r, sealed.comm_c);
  CHECK(proof.inclusion_proofs.size() == 10);
  CHECK(verify_sector(window, 0, sealed.comm_r, proof));
  // API 1.2: the sector's position does not change its challenges.
  CHECK(verify_sector(window, 3, sealed.comm_r, proof));

  PostChallengeParams winning{.api = PostApi::kV1_0, .challenge_count = 66, .sector_size = 2048};
  winning.randomness.fill(0x01);
  auto winning_proof = prove_sector(winning, 0, 5, sealed.tree_r, sealed.comm_c);
  CHECK(verify_sector(winning, 0, sealed.comm_r, winning_proof));
  CHECK_FALSE(verify_sector(winning, 1, sealed.comm_r, winning_proof));  // API 1.0: position matters

  auto other_randomness = window;
  other_randomness.randomness[0] ^= 1;
  CHECK_FALSE(verify_sector(other_randomness, 0, sealed.comm_r, proof));
  auto wrong_sector = proof;
  wrong_sector.sector_number = 6;
  CHECK_FALSE(verify_sector(window, 0, sealed.comm_r, wrong_sector));
  auto flipped = proof;
  flipped.inclusion_proofs[4].path[1].siblings[2][7] ^= 1;
  CHECK_FALSE(verify_sector(window, 0, sealed.comm_r, flipped));
  auto wrong_comm_c = proof;
  wrong_comm_c.comm_c[0] ^= 1;
  CHECK_FALSE(verify_sector(window, 0, sealed.comm_r, wrong_comm_c));
}
