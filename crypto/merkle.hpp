// Merkle trees over 32-byte nodes as rust-fil-proofs builds them: binary SHA-256-trunc254
// (TreeD) and arity-8 Poseidon (TreeC, TreeR). Levels are stored leaves first; leaves are not
// hashed. Inclusion proofs carry, per level, the siblings and the node's position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/encoding.hpp"
#include "crypto/sha256.hpp"

namespace tessera::crypto {

enum class TreeHash { kSha256, kPoseidon };

class MerkleTree {
 public:
  // Builds the whole tree over `leaves` (count × 32 bytes; count a power of arity). Throws
  // InvalidInput for an unsupported arity or leaf count.
  static MerkleTree build(TreeHash hash, std::size_t arity, const std::uint8_t* leaves,
                          std::size_t count);

  Digest32 root() const;
  std::size_t arity() const { return arity_; }
  std::size_t leaf_count() const { return levels_.front().size() / 32; }
  // Level 0 = leaves; each level is count × 32 bytes.
  const std::vector<Bytes>& levels() const { return levels_; }

 private:
  TreeHash hash_ = TreeHash::kSha256;
  std::size_t arity_ = 2;
  std::vector<Bytes> levels_;
  friend struct InclusionProof;
};

struct ProofLevel {
  std::vector<Digest32> siblings;  // arity - 1 hashes
  std::size_t index = 0;           // position of the path node among its arity siblings
};

struct InclusionProof {
  TreeHash hash = TreeHash::kSha256;
  Digest32 leaf{};
  std::uint64_t leaf_index = 0;
  std::vector<ProofLevel> path;

  // The proof of leaf `index` in tree.
  static InclusionProof of(const MerkleTree& tree, std::uint64_t index);
  // Root obtained by hashing the leaf up the path.
  Digest32 computed_root() const;
  // True when the path hashes to root and its positions encode leaf_index.
  bool verify(const Digest32& root) const;
};

// The node hash of an arity-sized group of 32-byte children.
Digest32 hash_children(TreeHash hash, const std::uint8_t* children, std::size_t arity);

}  // namespace tessera::crypto
