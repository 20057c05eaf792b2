// Merkle trees over 32-byte nodes as rust-fil-proofs builds them: binary SHA-256-trunc254
// (TreeD) and arity-8 Poseidon (TreeC, TreeR). Levels are stored leaves first; leaves are not
// hashed. Inclusion proofs carry, per level, the siblings and the node's position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/encoding.hpp"
#include "crypto/sha256.hpp"

namespace tessera {
class StageContext;
}  // namespace tessera

namespace tessera::crypto {

enum class TreeHash { kSha256, kPoseidon };

// Read access to a tree's rows, wherever they are kept (memory, tree files, recomputed from a
// replica). Row 0 holds the leaves, the last row the root; the arity between two rows is the
// ratio of their widths, so compound trees (8-8-0, 8-8-2) are sources too.
class TreeSource {
 public:
  virtual ~TreeSource() = default;
  virtual TreeHash hash() const = 0;
  virtual std::size_t rows() const = 0;
  // Number of nodes in a row.
  virtual std::uint64_t row_width(std::size_t row) const = 0;
  // Copies count nodes of row, starting at node first, to out (count × 32 bytes). Throws
  // InvalidInput when out of range and IoError when backing files cannot be read.
  virtual void read(std::size_t row, std::uint64_t first, std::size_t count,
                    std::uint8_t* out) const = 0;

  Digest32 root() const;
  std::uint64_t leaf_count() const { return row_width(0); }
};

class MerkleTree final : public TreeSource {
 public:
  // Builds the whole tree over `leaves` (count × 32 bytes; count a power of arity). Throws
  // InvalidInput for an unsupported arity or leaf count.
  static MerkleTree build(TreeHash hash, std::size_t arity, const std::uint8_t* leaves,
                          std::size_t count);

  std::size_t arity() const { return arity_; }
  // Level 0 = leaves; each level is count × 32 bytes.
  const std::vector<Bytes>& levels() const { return levels_; }

  TreeHash hash() const override { return hash_; }
  std::size_t rows() const override { return levels_.size(); }
  std::uint64_t row_width(std::size_t row) const override { return levels_.at(row).size() / 32; }
  void read(std::size_t row, std::uint64_t first, std::size_t count,
            std::uint8_t* out) const override;

 private:
  TreeHash hash_ = TreeHash::kSha256;
  std::size_t arity_ = 2;
  std::vector<Bytes> levels_;
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
  static InclusionProof of(const TreeSource& tree, std::uint64_t index);
  // Root obtained by hashing the leaf up the path.
  Digest32 computed_root() const;
  // True when the path hashes to root and its positions encode leaf_index.
  bool verify(const Digest32& root) const;
};

// The node hash of an arity-sized group of 32-byte children.
Digest32 hash_children(TreeHash hash, const std::uint8_t* children, std::size_t arity);

// The row above `below` (a whole number of arity-sized groups of 32-byte nodes): one node per
// group, hashed on the cores of ctx for long rows. InvalidInput for a SHA-256 row of arity other
// than 2.
Bytes hash_row(TreeHash hash, std::size_t arity, const Bytes& below, StageContext& ctx);
// The same on the process core budget's cores that are free (StageContext::best_effort).
Bytes hash_row(TreeHash hash, std::size_t arity, const Bytes& below);

}  // namespace tessera::crypto
