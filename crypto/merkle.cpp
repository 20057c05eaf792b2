#include "crypto/merkle.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "common/error.hpp"
#include "common/executor/stage_context.hpp"
#include "crypto/fr.hpp"
#include "crypto/poseidon.hpp"
#include "crypto/sha256_trunc254.hpp"

namespace tessera::crypto {

Digest32 hash_children(TreeHash hash, const std::uint8_t* children, std::size_t arity) {
  if (hash == TreeHash::kSha256) {
    if (arity != 2) throw InvalidInput("SHA-256 trees are binary");
    return sha256_trunc254_node(children, children + 32);
  }
  constexpr std::size_t kMaxArity = 16;
  if (arity > kMaxArity)
    throw InvalidInput("unsupported Poseidon tree arity " + std::to_string(arity));
  std::array<Fr, kMaxArity> inputs;
  for (std::size_t i = 0; i < arity; ++i) inputs[i] = Fr::from_bytes(children + 32 * i);
  Digest32 out;
  poseidon_hash(inputs.data(), arity, arity).to_bytes(out.data());
  return out;
}

Bytes hash_row(TreeHash hash, std::size_t arity, const Bytes& below, StageContext& ctx) {
  if (hash == TreeHash::kSha256 && arity != 2) throw InvalidInput("SHA-256 trees are binary");
  const std::uint64_t parents = below.size() / 32 / arity;
  Bytes row(parents * 32);
  parallel_for(
      ctx, parents,
      [&](std::uint64_t begin, std::uint64_t end) {
        if (hash == TreeHash::kSha256) {
          sha256_trunc254_level(below.data() + 64 * begin, row.data() + 32 * begin, end - begin);
          return;
        }
        for (std::uint64_t i = begin; i < end; ++i) {
          auto h = hash_children(hash, below.data() + 32 * arity * i, arity);
          std::memcpy(row.data() + 32 * i, h.data(), 32);
        }
      },
      hash == TreeHash::kSha256 ? 4096 : 64);
  return row;
}

Bytes hash_row(TreeHash hash, std::size_t arity, const Bytes& below) {
  auto ctx = StageContext::best_effort();
  return hash_row(hash, arity, below, ctx);
}

MerkleTree MerkleTree::build(TreeHash hash, std::size_t arity, const std::uint8_t* leaves,
                             std::size_t count) {
  if (arity < 2) throw InvalidInput("tree arity must be at least 2");
  std::size_t n = count;
  while (n > 1 && n % arity == 0) n /= arity;
  if (count == 0 || n != 1) {
    throw InvalidInput("leaf count " + std::to_string(count) + " is not a power of " +
                       std::to_string(arity));
  }
  MerkleTree tree;
  tree.hash_ = hash;
  tree.arity_ = arity;
  tree.levels_.emplace_back(leaves, leaves + 32 * count);
  while (tree.levels_.back().size() > 32)
    tree.levels_.push_back(hash_row(hash, arity, tree.levels_.back()));
  return tree;
}

Digest32 TreeSource::root() const {
  Digest32 out;
  read(rows() - 1, 0, 1, out.data());
  return out;
}

void MerkleTree::read(std::size_t row, std::uint64_t first, std::size_t count,
                      std::uint8_t* out) const {
  if (row >= levels_.size() || first + count > row_width(row))
    throw InvalidInput("tree read out of range");
  std::memcpy(out, levels_[row].data() + 32 * first, 32 * count);
}

InclusionProof InclusionProof::of(const TreeSource& tree, std::uint64_t index) {
  if (index >= tree.leaf_count()) throw InvalidInput("leaf index out of range");
  InclusionProof proof;
  proof.hash = tree.hash();
  proof.leaf_index = index;
  tree.read(0, index, 1, proof.leaf.data());
  std::vector<std::uint8_t> group;
  for (std::size_t row = 0; row + 1 < tree.rows(); ++row) {
    const std::uint64_t arity = tree.row_width(row) / tree.row_width(row + 1);
    ProofLevel step;
    step.index = index % arity;
    group.resize(32 * arity);
    tree.read(row, index - step.index, arity, group.data());
    for (std::size_t i = 0; i < arity; ++i) {
      if (i == step.index) continue;
      Digest32 sibling;
      std::memcpy(sibling.data(), group.data() + 32 * i, 32);
      step.siblings.push_back(sibling);
    }
    proof.path.push_back(std::move(step));
    index /= arity;
  }
  return proof;
}

Digest32 InclusionProof::computed_root() const {
  Digest32 current = leaf;
  for (const auto& step : path) {
    const std::size_t arity = step.siblings.size() + 1;
    if (step.index >= arity) throw InvalidInput("inclusion proof: position out of range");
    std::vector<std::uint8_t> children(32 * arity);
    std::size_t s = 0;
    for (std::size_t i = 0; i < arity; ++i) {
      const Digest32& child = i == step.index ? current : step.siblings[s++];
      std::memcpy(children.data() + 32 * i, child.data(), 32);
    }
    current = hash_children(hash, children.data(), arity);
  }
  return current;
}

bool InclusionProof::verify(const Digest32& root) const {
  std::uint64_t index = 0, scale = 1;
  for (const auto& step : path) {
    index += step.index * scale;
    scale *= step.siblings.size() + 1;
  }
  if (index != leaf_index) return false;
  try {
    return computed_root() == root;
  } catch (const InvalidInput&) {
    return false;
  }
}

}  // namespace tessera::crypto
