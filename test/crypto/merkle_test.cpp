#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "crypto/fr.hpp"
#include "crypto/merkle.hpp"
#include "crypto/poseidon.hpp"
#include "sealing/porep/zero_commitments.hpp"

using namespace tessera;
using namespace tessera::crypto;

TEST_CASE("SHA-256 tree of zeros has the zero commitment root", "[merkle]") {
  Bytes leaves(32 * 64, 0);
  auto tree = MerkleTree::build(TreeHash::kSha256, 2, leaves.data(), 64);
  CHECK(tree.root() == porep::zero_commitment(6));
  CHECK(tree.levels().size() == 7);
}

// rust-fil-proofs filecoin-hashers poseidon.rs test_poseidon_hasher: binary Poseidon tree
// over leaves [1, 0, 0, 1] (reference/proofs.md §6.6).
TEST_CASE("binary Poseidon tree root and proofs", "[merkle]") {
  Bytes leaves(32 * 4, 0);
  Fr::one().to_bytes(leaves.data());
  Fr::one().to_bytes(leaves.data() + 96);
  auto tree = MerkleTree::build(TreeHash::kPoseidon, 2, leaves.data(), 4);
  Fr root = Fr::from_bytes(tree.root().data());
  CHECK(root.to_hex_be() == "1effebb7b26ad9eb30eb6385ae6b74ae77cc72b8cb2b5ad2efbb8be3e291e671");
  for (std::uint64_t i = 0; i < 4; ++i) CHECK(InclusionProof::of(tree, i).verify(tree.root()));
}

TEST_CASE("arity-8 Poseidon inclusion proofs verify and detect tampering", "[merkle]") {
  Bytes leaves(32 * 64, 0);
  for (std::size_t i = 0; i < 64; ++i) Fr::from_uint(i * 7 + 1).to_bytes(leaves.data() + 32 * i);
  auto tree = MerkleTree::build(TreeHash::kPoseidon, 8, leaves.data(), 64);
  // The root is Poseidon-8 of the 8 roots of the level below.
  std::vector<Fr> children;
  for (std::size_t i = 0; i < 8; ++i) children.push_back(Fr::from_bytes(tree.levels()[1].data() + 32 * i));
  CHECK(poseidon_hash(children, 8).to_bytes() == tree.root());

  auto proof = InclusionProof::of(tree, 45);
  CHECK(proof.path.size() == 2);
  CHECK(proof.path[0].index == 45 % 8);
  CHECK(proof.verify(tree.root()));
  auto wrong_index = proof;
  wrong_index.leaf_index = 44;
  CHECK_FALSE(wrong_index.verify(tree.root()));
  auto wrong_leaf = proof;
  wrong_leaf.leaf[0] ^= 1;
  CHECK_FALSE(wrong_leaf.verify(tree.root()));
  CHECK_THROWS_AS(MerkleTree::build(TreeHash::kPoseidon, 8, leaves.data(), 48), InvalidInput);
  CHECK_THROWS_AS(InclusionProof::of(tree, 64), InvalidInput);
}
