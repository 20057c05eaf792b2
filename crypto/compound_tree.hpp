// rust-fil-proofs' compound Poseidon trees (merkletree "sub" and "top" trees): equal base trees
// side by side, their roots hashed together by a sub level of arity = base count / top arity,
// and for the 8-8-2 shape a binary top level. Seen as one TreeSource, so inclusion proofs come
// out with the base levels first, then the sub and top levels, as rust-fil-proofs orders them.
#pragma once

#include <memory>
#include <vector>

#include "crypto/merkle.hpp"

namespace tessera::crypto {

class CompoundTree final : public TreeSource {
 public:
  // bases: 1, 8 or 16 trees of equal shape; top_arity: 0 (no top level) or 2. With one base the
  // compound tree is that base tree. Throws InvalidInput for other combinations.
  CompoundTree(std::vector<std::unique_ptr<TreeSource>> bases, std::size_t top_arity);

  TreeHash hash() const override { return bases_.front()->hash(); }
  std::size_t rows() const override { return base_rows_ + upper_.size(); }
  std::uint64_t row_width(std::size_t row) const override;
  void read(std::size_t row, std::uint64_t first, std::size_t count,
            std::uint8_t* out) const override;

 private:
  std::vector<std::unique_ptr<TreeSource>> bases_;
  std::size_t base_rows_;
  std::vector<Bytes> upper_;  // rows above the base roots: sub roots (8-8-2 only), then the root
};

// The root of a compound tree from its base roots (Poseidon of arity base count, or for a top
// arity of 2, Poseidon-2 over two Poseidon-8 sub roots).
Digest32 compound_root(const std::vector<Digest32>& base_roots, std::size_t top_arity);

}  // namespace tessera::crypto
