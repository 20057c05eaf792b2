#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "crypto/r1cs/counting_cs.hpp"
#include "crypto/r1cs/recording_cs.hpp"
#include "crypto/r1cs/test_cs.hpp"
#include "post/fallback/circuit/fallback_post_circuit.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/seal_in_memory.hpp"

using namespace tessera;
using namespace tessera::post;
using namespace tessera::post::circuit;
using crypto::Fr;

namespace {

struct Counts {
  std::size_t inputs, constraints;
};

Counts count(const PostCircuitShape& shape) {
  crypto::r1cs::CountingConstraintSystem cs;
  synthesize_fallback_post(cs, blank_fallback_post_circuit(shape));
  return {cs.num_inputs(), cs.num_constraints()};
}

PostCircuitShape shape(std::uint64_t leaves, std::uint64_t challenges, std::uint64_t sectors,
                       std::size_t sub = 0, std::size_t top = 0) {
  PostCircuitShape s;
  s.sector_size = leaves * 32;
  s.challenge_count = challenges;
  s.sector_count = sectors;
  s.tree_r = {crypto::TreeHash::kPoseidon, 8, sub, top};
  return s;
}

}  // namespace

TEST_CASE("fallback PoSt circuit counts match rust-fil-proofs' fallback_circuit tests", "[r1cs]") {
  // rust-fil-proofs storage-proofs-post/tests/fallback_circuit.rs, leaves = 64 · base tree count.
  Counts c = count(shape(64, 5, 3));
  CHECK(c.inputs == 19);
  CHECK(c.constraints == 16869);
  c = count(shape(256, 5, 3, 4, 0));
  CHECK(c.inputs == 19);
  CHECK(c.constraints == 22674);
  c = count(shape(512, 5, 3, 4, 2));
  CHECK(c.inputs == 19);
  CHECK(c.constraints == 27384);
  c = count(shape(64, 5, 2));  // two partitions of 2 sectors
  CHECK(c.inputs == 13);
  CHECK(c.constraints == 11246);
  // test_fallback_post_circuit_poseidon_base_8_bench_cs: 32 GiB leaves, 10 challenges, 5 sectors,
  // 8-0-0 blank circuit.
  c = count(shape(std::uint64_t{1} << 30, 10, 5));
  CHECK(c.constraints == 266665);
  // Winning PoSt of 32 GiB sectors (8-8-0), 66 sectors × 1 challenge: 370,590 constraints and 133
  // inputs (rust-fil-proofs PR #1325 circuitinfo, reference/snark.md §2.1 and §1.2).
  c = count(shape(std::uint64_t{1} << 30, 1, 66, 8, 0));
  CHECK(c.inputs == 133);
  CHECK(c.constraints == 370590);
}

TEST_CASE("fallback PoSt public inputs reproduce the polka-storage 2 KiB vector", "[r1cs]") {
  // reference/snark.md §4.4 (b): polka-storage pallets/proofs/src/tests/post.rs, one sector 77,
  // randomness 32 × 0x01, 10 challenges, API 1.2, 2 sectors per partition (last one repeated).
  const Bytes comm_r_bytes =
      hex_decode("4afb35f82a95a10187a913bc14520d9a1d173328265b301b5dcf440ef2583950");
  PostPublicSector sector;
  sector.sector_number = 77;
  std::copy(comm_r_bytes.begin(), comm_r_bytes.end(), sector.comm_r.begin());
  crypto::Digest32 randomness;
  randomness.fill(0x01);
  const auto inputs =
      fallback_post_public_inputs(shape(64, 10, 2), randomness, PostApi::kV1_2, {sector}, 0);
  const std::uint64_t leaves[] = {62, 13, 30, 16, 21, 30, 30, 34, 28, 40};
  REQUIRE(inputs.size() == 22);
  for (std::size_t s = 0; s < 2; ++s) {
    CHECK(inputs[s * 11] == Fr::from_bytes(sector.comm_r.data()));
    for (std::size_t i = 0; i < 10; ++i) CHECK(inputs[s * 11 + 1 + i] == Fr::from_uint(leaves[i]));
  }
  CHECK_THROWS_AS(
      fallback_post_public_inputs(shape(64, 10, 2), randomness, PostApi::kV1_2, {sector}, 1),
      InvalidInput);
}

TEST_CASE("real 2 KiB PoSt proofs satisfy the fallback circuit; tampering does not", "[r1cs]") {
  std::mt19937 rng(11);
  Bytes unpadded(2032), padded(2048);
  for (auto& b : unpadded) b = static_cast<std::uint8_t>(rng());
  porep::fr32_pad(unpadded.data(), padded.data(), 16);
  porep::SealInputs seal;
  seal.sector_number = 5;
  const auto sealed = porep::seal_in_memory(seal, padded);

  // Window PoSt of 2 KiB: 2 sectors × 10 challenges per partition; one real sector, repeated.
  const PostCircuitShape window = shape(64, 10, 2);
  PostChallengeParams params{.api = PostApi::kV1_2, .challenge_count = 10, .sector_size = 2048};
  params.randomness.fill(0xab);
  const auto proof = prove_sector(params, 0, 5, sealed.tree_r, sealed.comm_c);
  REQUIRE(verify_sector(params, 0, sealed.comm_r, proof));

  const FallbackPostCircuit circuit = fallback_post_circuit(window, {sealed.comm_r}, {proof});
  crypto::r1cs::TestConstraintSystem cs;
  synthesize_fallback_post(cs, circuit);
  CHECK(cs.is_satisfied());
  // 22 inputs + ONE: the ic length of the official 2 KiB Window PoSt .vk (reference/snark.md §1.2).
  REQUIRE(cs.num_inputs() == 23);
  const auto expected = fallback_post_public_inputs(window, params.randomness, PostApi::kV1_2,
                                                    {{5, sealed.comm_r}}, 0);
  CHECK(std::equal(expected.begin(), expected.end(), cs.inputs().begin() + 1));
  CHECK(count(window).constraints == cs.num_constraints());

  {
    FallbackPostCircuit bad = circuit;
    auto bytes = bad.sectors[1].paths[4].base[0].siblings[2].to_bytes();
    bytes[7] ^= 1;
    bad.sectors[1].paths[4].base[0].siblings[2] = Fr::from_bytes(bytes.data());
    crypto::r1cs::TestConstraintSystem bad_cs;
    synthesize_fallback_post(bad_cs, bad);
    CHECK_FALSE(bad_cs.is_satisfied());
  }
  {
    FallbackPostCircuit bad = circuit;
    bad.sectors[0].comm_r = bad.sectors[0].comm_r + Fr::one();
    crypto::r1cs::TestConstraintSystem bad_cs;
    synthesize_fallback_post(bad_cs, bad);
    CHECK_FALSE(bad_cs.is_satisfied());
  }
  {
    // Winning PoSt: 66 sectors × 1 challenge, 132 inputs + ONE (reference/snark.md §1.2); the
    // elected sector is listed 66 times and challenge n is challenge index n (API 1.0 rule).
    const PostCircuitShape winning = shape(64, 1, 66);
    PostChallengeParams wparams{.api = PostApi::kV1_0, .challenge_count = 66, .sector_size = 2048};
    wparams.randomness.fill(0x01);
    const auto wproof = prove_sector(wparams, 0, 5, sealed.tree_r, sealed.comm_c);
    REQUIRE(verify_sector(wparams, 0, sealed.comm_r, wproof));
    crypto::r1cs::TestConstraintSystem wcs;
    synthesize_fallback_post(wcs, winning_post_circuit(winning, sealed.comm_r, wproof));
    CHECK(wcs.is_satisfied());
    REQUIRE(wcs.num_inputs() == 133);
    const std::vector<PostPublicSector> elected(66, PostPublicSector{5, sealed.comm_r});
    const auto winputs =
        fallback_post_public_inputs(winning, wparams.randomness, PostApi::kV1_0, elected, 0);
    CHECK(std::equal(winputs.begin(), winputs.end(), wcs.inputs().begin() + 1));
    CHECK(count(winning).constraints == wcs.num_constraints());
    CHECK_THROWS_AS(winning_post_circuit(winning, sealed.comm_r, proof), InvalidInput);
  }
  CHECK_THROWS_AS(fallback_post_circuit(window, {sealed.comm_r}, {}), InvalidInput);

  // The recording system keeps the same assignment, every recorded constraint holds on it, and
  // every aux variable is constrained (bellperson's generator rejects unconstrained ones).
  crypto::r1cs::RecordingConstraintSystem rec;
  synthesize_fallback_post(rec, circuit);
  REQUIRE(rec.inputs() == cs.inputs());
  REQUIRE(rec.aux() == cs.aux());
  REQUIRE(rec.constraints().size() == cs.num_constraints());
  std::size_t unsatisfied = 0;
  std::vector<bool> used(rec.aux().size());
  for (const auto& c : rec.constraints()) {
    if (c.a.evaluate(rec.inputs(), rec.aux()) * c.b.evaluate(rec.inputs(), rec.aux()) !=
        c.c.evaluate(rec.inputs(), rec.aux())) {
      ++unsatisfied;
    }
    for (const auto* lc : {&c.a, &c.b, &c.c}) {
      for (const auto& t : lc->terms()) {
        if (!t.var.is_input()) used[t.var.index()] = true;
      }
    }
  }
  CHECK(unsatisfied == 0);
  CHECK(std::find(used.begin(), used.end(), false) == used.end());
  rec.add_input_constraints();
  CHECK(rec.constraints().size() == cs.num_constraints() + cs.num_inputs());
}
