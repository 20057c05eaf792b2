#include <catch2/catch.hpp>

#include <random>

#include "common/error.hpp"
#include "crypto/merkle.hpp"
#include "crypto/r1cs/counting_cs.hpp"
#include "crypto/r1cs/insertion.hpp"
#include "crypto/r1cs/multipack.hpp"
#include "crypto/r1cs/por_gadget.hpp"
#include "crypto/r1cs/test_cs.hpp"

using namespace tessera::crypto;
using namespace tessera::crypto::r1cs;

namespace {

struct Counts {
  std::size_t inputs;
  std::size_t constraints;
};

Counts count_por(TreeShape shape, std::uint64_t leaves, bool private_root) {
  CountingConstraintSystem cs;
  por_circuit(cs, shape, PorValue::of(Fr()), blank_auth_path(shape, leaves), PorValue::of(Fr()),
              private_root);
  return {cs.num_inputs(), cs.num_constraints()};
}

}  // namespace

TEST_CASE("insert and select cost what rust-fil-proofs' gadgets cost", "[r1cs]") {
  // rust-fil-proofs storage-proofs-core/src/gadgets/insertion.rs test_insert / test_select:
  // insert 2/4/8/16 slots → 2/8/22/240 constraints (excluding the index bits), select n → n − 1.
  const std::pair<std::size_t, std::size_t> cases[] = {{1, 2}, {2, 8}, {3, 22}, {4, 240}};
  for (const auto& [bit_count, expected] : cases) {
    const std::size_t size = std::size_t{1} << bit_count;
    for (std::size_t index = 0; index < size; ++index) {
      TestConstraintSystem cs;
      std::vector<Boolean> bits;
      for (std::size_t b = 0; b < bit_count; ++b) {
        bits.push_back(Boolean::is(AllocatedBit::alloc(cs, (index >> b) & 1)));
      }
      std::vector<AllocatedNum> elements;
      for (std::size_t i = 0; i + 1 < size; ++i) {
        elements.push_back(AllocatedNum::alloc(cs, Fr::from_uint(100 + i)));
      }
      const AllocatedNum element = AllocatedNum::alloc(cs, Fr::from_uint(7));
      const std::size_t before = cs.num_constraints();
      const auto out = insert(cs, element, bits, elements);
      CHECK(cs.num_constraints() - before == expected);
      CHECK(cs.is_satisfied());
      for (std::size_t pos = 0; pos < size; ++pos) {
        const Fr want = pos < index    ? Fr::from_uint(100 + pos)
                        : pos == index ? Fr::from_uint(7)
                                       : Fr::from_uint(100 + pos - 1);
        CHECK(out[pos].value == want);
      }
      if (index == size - 1) {
        const std::size_t mark = cs.num_constraints();
        const AllocatedNum chosen = select(cs, out, bits);
        CHECK(cs.num_constraints() - mark == size - 1);
        CHECK(chosen.value == Fr::from_uint(7));
      }
    }
  }
}

TEST_CASE("pack_into_inputs packs 254 bits per input", "[r1cs]") {
  std::mt19937_64 rng(1);
  for (std::size_t n : {0, 1, 253, 254, 255, 600}) {
    TestConstraintSystem cs;
    std::vector<bool> values;
    std::vector<Boolean> bits;
    for (std::size_t i = 0; i < n; ++i) {
      values.push_back(rng() & 1);
      bits.push_back(Boolean::is(AllocatedBit::alloc(cs, values.back())));
    }
    pack_into_inputs(cs, bits);
    const auto expected = compute_multipacking(values);
    REQUIRE(cs.num_inputs() == 1 + expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(cs.inputs()[1 + i] == expected[i]);
    CHECK(cs.is_satisfied());
  }
}

TEST_CASE("PoR circuit counts match rust-fil-proofs' por_circuit tests", "[r1cs]") {
  // rust-fil-proofs storage-proofs-core/tests/por_circuit.rs, leaves = 64 · base tree count,
  // public root: 3 inputs; private root: 2 inputs.
  const TreeShape p2{TreeHash::kPoseidon, 2, 0, 0};
  const TreeShape p4{TreeHash::kPoseidon, 4, 0, 0};
  const TreeShape p8{TreeHash::kPoseidon, 8, 0, 0};
  auto check = [](TreeShape shape, std::uint64_t leaves, bool priv, Counts want) {
    const Counts got = count_por(shape, leaves, priv);
    CHECK(got.inputs == want.inputs);
    CHECK(got.constraints == want.constraints);
  };
  check(p2, 64, false, {3, 1887});
  check(p4, 64, false, {3, 1164});
  check(p8, 64, false, {3, 1063});
  check(p2, 64, true, {2, 1886});
  check(p4, 64, true, {2, 1163});
  check(p8, 64, true, {2, 1062});
  check({TreeHash::kPoseidon, 8, 2, 0}, 128, false, {3, 1377});
  check({TreeHash::kPoseidon, 8, 4, 2}, 512, false, {3, 1764});
  check({TreeHash::kPoseidon, 8, 8, 0}, 512, false, {3, 1593});
  check({TreeHash::kPoseidon, 8, 8, 2}, 1024, false, {3, 1907});
  check({TreeHash::kPoseidon, 8, 2, 4}, 512, false, {3, 1764});
  check({TreeHash::kSha256, 2, 0, 0}, 64, false, {3, 272295});
  check({TreeHash::kSha256, 4, 0, 0}, 64, false, {3, 216258});
  check({TreeHash::kSha256, 8, 0, 0}, 64, false, {3, 250987});
}

TEST_CASE("PoR circuit is satisfied by a real inclusion proof and not by a wrong one", "[r1cs]") {
  for (TreeHash hash : {TreeHash::kPoseidon, TreeHash::kSha256}) {
    const std::size_t arity = hash == TreeHash::kPoseidon ? 8 : 2;
    const std::size_t leaves = 64;
    std::vector<std::uint8_t> data(leaves * 32);
    std::mt19937_64 rng(9);
    for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    for (std::size_t i = 0; i < leaves; ++i) data[i * 32 + 31] &= 0x3f;
    const auto tree = MerkleTree::build(hash, arity, data.data(), leaves);
    const TreeShape shape{hash, arity, 0, 0};
    const auto proof = InclusionProof::of(tree, 37);
    const Fr root = Fr::from_bytes(tree.root().data());
    {
      TestConstraintSystem cs;
      por_circuit(cs, shape, PorValue::of(Fr::from_bytes(proof.leaf.data())),
                  auth_path_from_proof(shape, proof), PorValue::of(root), false);
      CHECK(cs.is_satisfied());
      REQUIRE(cs.num_inputs() == 3);
      CHECK(cs.inputs()[1] == Fr::from_uint(37));  // the packed path is the leaf index
      CHECK(cs.inputs()[2] == root);
    }
    {
      TestConstraintSystem cs;
      por_circuit(cs, shape, PorValue::of(Fr::from_bytes(proof.leaf.data()) + Fr::one()),
                  auth_path_from_proof(shape, proof), PorValue::of(root), true);
      CHECK_FALSE(cs.is_satisfied());
    }
  }
  CHECK_THROWS_AS(blank_auth_path({TreeHash::kPoseidon, 8, 0, 0}, 60), tessera::InvalidInput);
}
