#include <catch2/catch.hpp>

#include <random>

#include "common/error.hpp"
#include "crypto/poseidon.hpp"
#include "crypto/r1cs/poseidon_gadget.hpp"
#include "crypto/r1cs/recording_cs.hpp"
#include "crypto/r1cs/test_cs.hpp"

using namespace tessera::crypto;
using namespace tessera::crypto::r1cs;

namespace {

Fr random_fr(std::mt19937_64& rng) {
  std::uint8_t bytes[32];
  for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
  return Fr::from_bytes_reduce(bytes);
}

}  // namespace

TEST_CASE("Poseidon gadget equals Poseidon, with neptune's constraint counts", "[r1cs]") {
  // neptune v11 src/circuit.rs test_poseidon_hash (Standard strength): 2 → 311, 4 → 377,
  // 8 → 505, 16 → 761; rust-fil-proofs stacked/circuit/hash.rs test_hash_single_column: 11 → 598.
  const std::pair<std::size_t, std::size_t> cases[] = {
      {2, 311}, {4, 377}, {8, 505}, {11, 598}, {16, 761}};
  std::mt19937_64 rng(5);
  for (const auto& [arity, expected] : cases) {
    TestConstraintSystem cs;
    std::vector<Fr> values;
    std::vector<AllocatedNum> nums;
    for (std::size_t i = 0; i < arity; ++i) {
      values.push_back(random_fr(rng));
      nums.push_back(AllocatedNum::alloc(cs, values.back()));
    }
    const AllocatedNum out = poseidon_hash_circuit(cs, nums);
    INFO("arity " << arity);
    CHECK(cs.is_satisfied());
    CHECK(cs.num_constraints() == expected);
    CHECK(out.value == poseidon_hash(values, arity));
    CHECK(cs.value(out.var) == out.value);
  }
}

TEST_CASE("Poseidon gadget rejects a wrong output and unsupported arities", "[r1cs]") {
  TestConstraintSystem cs;
  std::vector<AllocatedNum> nums = {AllocatedNum::alloc(cs, Fr::from_uint(1)),
                                    AllocatedNum::alloc(cs, Fr::from_uint(2))};
  const AllocatedNum out = poseidon_hash_circuit(cs, nums);
  REQUIRE(cs.is_satisfied());
  // Claiming another output breaks the equality constraint.
  cs.enforce(LinearCombination::of(out.var), LinearCombination::of(ConstraintSystem::one()),
             LinearCombination().add(ConstraintSystem::one(), Fr::from_uint(3)));
  CHECK_FALSE(cs.is_satisfied());
  CHECK(cs.first_failure()->index == 311);

  TestConstraintSystem cs3;
  std::vector<AllocatedNum> three(3, AllocatedNum::alloc(cs3, Fr::one()));
  CHECK_THROWS_AS(poseidon_hash_circuit(cs3, three), tessera::InvalidInput);
}

TEST_CASE("Recording system keeps bellperson's order and densities", "[r1cs]") {
  RecordingConstraintSystem cs;
  const AllocatedNum a = AllocatedNum::alloc(cs, Fr::from_uint(3));
  const AllocatedNum b = AllocatedNum::alloc(cs, Fr::from_uint(4));
  const AllocatedNum ab = a.mul(cs, b);
  ab.inputize(cs);
  cs.add_input_constraints();
  REQUIRE(cs.inputs().size() == 2);
  CHECK(cs.inputs()[0] == Fr::one());
  CHECK(cs.inputs()[1] == Fr::from_uint(12));
  REQUIRE(cs.aux().size() == 3);
  CHECK(cs.aux()[2] == Fr::from_uint(12));
  // mul, inputize, then one input·0 = 0 per input.
  REQUIRE(cs.constraints().size() == 4);
  // A of mul holds a (aux 0); B of mul holds b (aux 1); inputize: A = input 1, B = ONE.
  CHECK(cs.a_aux_density() == std::vector<bool>{true, false, false});
  CHECK(cs.b_aux_density() == std::vector<bool>{false, true, false});
  CHECK(cs.b_input_density() == std::vector<bool>{true, false});
  // Repeated terms are merged and cancelled ones dropped.
  RecordingConstraintSystem cs2;
  const AllocatedNum x = AllocatedNum::alloc(cs2, Fr::one());
  cs2.enforce(LinearCombination().add(x.var).sub(x.var), LinearCombination().add(x.var).add(x.var),
              LinearCombination());
  CHECK(cs2.constraints()[0].a.terms().empty());
  REQUIRE(cs2.constraints()[0].b.terms().size() == 1);
  CHECK(cs2.constraints()[0].b.terms()[0].coeff == Fr::from_uint(2));
  CHECK(cs2.a_aux_density() == std::vector<bool>{false});
}
