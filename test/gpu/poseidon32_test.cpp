// The device's Fr and Poseidon code (gpu/fr32.hpp, gpu/poseidon32.hpp), compiled for the host:
// equal to crypto::Fr and crypto::poseidon_hash, and to neptune's vectors.
#include <catch2/catch.hpp>

#include <memory>
#include <random>

#include "crypto/fr.hpp"
#include "crypto/poseidon.hpp"
#include "gpu/poseidon_table.hpp"

using namespace tessera;
using crypto::Fr;
using gpu::Fr32;

namespace {

Fr32 to_fr32(const Fr& x) {
  Fr32 out;
  std::uint8_t bytes[32];
  x.to_bytes(bytes);
  REQUIRE(gpu::fr32::from_bytes(bytes, out));
  return out;
}

Fr to_fr(const Fr32& x) {
  std::uint8_t bytes[32];
  gpu::fr32::to_bytes(x, bytes);
  return Fr::from_bytes(bytes);
}

Fr random_fr(std::mt19937_64& rng) {
  std::uint8_t bytes[32];
  for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
  return Fr::from_bytes_reduce(bytes);
}

template <int Width>
Fr hash32(const std::vector<Fr>& inputs) {
  auto table = std::make_unique<gpu::PoseidonTable<Width>>();
  gpu::fill_poseidon_table(*table);
  std::vector<Fr32> in;
  for (const Fr& x : inputs) in.push_back(to_fr32(x));
  return to_fr(gpu::poseidon32_hash(*table, in.data()));
}

std::vector<Fr> counting(std::size_t n) {
  std::vector<Fr> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(Fr::from_uint(i));
  return v;
}

}  // namespace

TEST_CASE("Fr32 arithmetic equals crypto::Fr", "[gpu][fr32]") {
  std::mt19937_64 rng(7);
  const Fr minus_one = Fr::zero() - Fr::one();
  std::vector<Fr> values = {Fr::zero(), Fr::one(), minus_one, minus_one - Fr::one()};
  for (int i = 0; i < 200; ++i) values.push_back(random_fr(rng));
  for (const Fr& a : values) {
    CHECK(to_fr(to_fr32(a)) == a);
    for (int k = 0; k < 3; ++k) {
      const Fr b = values[rng() % values.size()];
      CHECK(to_fr(gpu::fr32::mul(to_fr32(a), to_fr32(b))) == a * b);
      CHECK(to_fr(gpu::fr32::add(to_fr32(a), to_fr32(b))) == a + b);
    }
    CHECK(to_fr(gpu::fr32::quintic(to_fr32(a))) == a.pow(5));
  }
}

TEST_CASE("Fr32 refuses non-canonical bytes", "[gpu][fr32]") {
  // p itself and 2^256 − 1 are not field elements; p − 1 is.
  std::uint8_t p[32], max[32];
  const auto minus_one = (Fr::zero() - Fr::one()).to_bytes();
  std::copy(minus_one.begin(), minus_one.end(), p);
  p[0] += 1;  // p − 1 ends in ...00, so adding one does not carry
  std::fill(std::begin(max), std::end(max), 0xff);
  Fr32 out{};
  CHECK_FALSE(gpu::fr32::from_bytes(p, out));
  CHECK_FALSE(gpu::fr32::from_bytes(max, out));
  CHECK(gpu::fr32::from_bytes(minus_one.data(), out));
}

// neptune src/poseidon.rs hash_values_aux (Standard strength, MerkleTree type, inputs
// 0..arity−1), as listed in reference/proofs.md §6.6 (big-endian hex).
TEST_CASE("device Poseidon matches neptune's vectors for arities 2, 8 and 11", "[gpu][poseidon]") {
  CHECK(hash32<3>(counting(2)).to_hex_be() ==
        "396508d75e76a56b739e0fd902efe161a6fba9339d05a69d2e203c369a02e7ff");
  CHECK(hash32<9>(counting(8)).to_hex_be() ==
        "2394611da3a5de5512010042116770774b682e9d9cc4aed92a9934f56d38a5e6");
  CHECK(hash32<12>(counting(11)).to_hex_be() ==
        "0c0fc1b2e5227f286ca537e232ebe87a09f3dcd8ccb08fc1cee3bbc32b693163");
}

TEST_CASE("device Poseidon equals the CPU's on random inputs", "[gpu][poseidon]") {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 8; ++round) {
    std::vector<Fr> in;
    for (int i = 0; i < 11; ++i) in.push_back(random_fr(rng));
    const std::vector<Fr> two(in.begin(), in.begin() + 2), eight(in.begin(), in.begin() + 8);
    CHECK(hash32<3>(two) == crypto::poseidon_hash(two, 2));
    CHECK(hash32<9>(eight) == crypto::poseidon_hash(eight, 8));
    CHECK(hash32<12>(in) == crypto::poseidon_hash(in, 11));
  }
}
