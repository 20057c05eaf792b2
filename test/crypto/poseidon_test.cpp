#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "crypto/poseidon.hpp"

using namespace tessera;
using crypto::Fr;

namespace {

std::vector<Fr> counting_inputs(std::size_t n) {
  std::vector<Fr> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(Fr::from_uint(i));
  return v;
}

// Big-endian hex of a value given as neptune prints it: LE u64 limbs, limb 0 least significant.
std::string from_limbs(std::array<std::uint64_t, 4> limbs) {
  char buf[65];
  std::snprintf(
      buf, sizeof buf, "%016llx%016llx%016llx%016llx", static_cast<unsigned long long>(limbs[3]),
      static_cast<unsigned long long>(limbs[2]), static_cast<unsigned long long>(limbs[1]),
      static_cast<unsigned long long>(limbs[0]));
  return buf;
}

}  // namespace

// neptune src/poseidon.rs hash_values_aux (Standard strength, MerkleTree type, inputs 0..arity-1),
// as listed in reference/proofs.md §6.6.
TEST_CASE("Poseidon matches neptune's test vectors", "[poseidon]") {
  CHECK(
      crypto::poseidon_hash(counting_inputs(2), 2).to_hex_be() ==
      from_limbs({0x2e203c369a02e7ff, 0xa6fba9339d05a69d, 0x739e0fd902efe161, 0x396508d75e76a56b}));
  CHECK(
      crypto::poseidon_hash(counting_inputs(4), 4).to_hex_be() ==
      from_limbs({0x019814ff6662075d, 0xfb6b4605bf1327ec, 0x00db3c6579229399, 0x58a54b10a9e5848a}));
  CHECK(
      crypto::poseidon_hash(counting_inputs(8), 8).to_hex_be() ==
      from_limbs({0x2a9934f56d38a5e6, 0x4b682e9d9cc4aed9, 0x1201004211677077, 0x2394611da3a5de55}));
  CHECK(
      crypto::poseidon_hash(counting_inputs(11), 11).to_hex_be() ==
      from_limbs({0xcee3bbc32b693163, 0x09f3dcd8ccb08fc1, 0x6ca537e232ebe87a, 0x0c0fc1b2e5227f28}));
  CHECK(
      crypto::poseidon_hash(counting_inputs(16), 16).to_hex_be() ==
      from_limbs({0x1291c74060266d37, 0x5b8dbc6d30680a6f, 0xc1c2fb5a6f871e63, 0x2d3ae2663381ae8a}));
}

// rust-fil-proofs filecoin-hashers/src/poseidon.rs test_poseidon_hasher (tree over [1,0,0,1]).
TEST_CASE("binary Poseidon tree of rust-fil-proofs' hasher test", "[poseidon]") {
  Fr one = Fr::one(), zero = Fr::zero();
  Fr left = crypto::poseidon_hash({one, zero}, 2);
  CHECK(left.to_hex_be() == from_limbs({0xb339ff6079800b5e, 0xec5907b3dc3094af, 0x93c003cc74a24f26,
                                        0x042f94ffbe786bc3}));
  Fr root = crypto::poseidon_hash({left, crypto::poseidon_hash({zero, one}, 2)}, 2);
  CHECK(root.to_hex_be() == from_limbs({0xefbb8be3e291e671, 0x77cc72b8cb2b5ad2, 0x30eb6385ae6b74ae,
                                        0x1effebb7b26ad9eb}));
}

TEST_CASE("Poseidon rejects unsupported shapes", "[poseidon]") {
  CHECK_THROWS_AS(crypto::poseidon_hash(counting_inputs(3), 3), InvalidInput);
  CHECK_THROWS_AS(crypto::poseidon_hash(counting_inputs(3), 2), InvalidInput);
}

namespace {

// Poseidon exactly as specified, round by round with the dense MDS matrix: the oracle for the
// optimized schedule poseidon_hash uses.
Fr poseidon_as_specified(const std::vector<Fr>& inputs, std::size_t arity) {
  const auto& c = crypto::poseidon_constants(arity);
  const std::size_t width = arity + 1;
  std::vector<Fr> state(width), next(width);
  state[0] = c.domain_tag;
  for (std::size_t i = 0; i < inputs.size(); ++i) state[i + 1] = inputs[i];
  const std::size_t half = c.full_rounds / 2;
  for (std::size_t r = 0; r < c.full_rounds + c.partial_rounds; ++r) {
    const bool full = r < half || r >= half + c.partial_rounds;
    for (std::size_t i = 0; i < width; ++i) {
      state[i] += c.round_constants[r * width + i];
      if (full || i == 0) state[i] = state[i].square().square() * state[i];
    }
    for (std::size_t i = 0; i < width; ++i) {
      Fr acc;
      for (std::size_t j = 0; j < width; ++j) acc += c.mds[i][j] * state[j];
      next[i] = acc;
    }
    state = next;
  }
  return state[1];
}

}  // namespace

TEST_CASE("the optimized Poseidon schedule equals the specified permutation", "[poseidon]") {
  std::uint64_t seed = 0x9e3779b97f4a7c15ULL;
  auto next = [&seed] {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
  };
  for (std::size_t arity : {2, 4, 8, 11, 16}) {
    for (int trial = 0; trial < 5; ++trial) {
      std::vector<Fr> inputs;
      for (std::size_t i = 0; i < arity; ++i)
        inputs.push_back(Fr::from_uint(next()) * Fr::from_uint(next()));
      CHECK(crypto::poseidon_hash(inputs, arity) == poseidon_as_specified(inputs, arity));
    }
  }
}
