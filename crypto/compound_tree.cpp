#include "crypto/compound_tree.hpp"

#include <algorithm>
#include <cstring>

#include "common/error.hpp"

namespace tessera::crypto {
namespace {

std::vector<Bytes> upper_rows(TreeHash hash, const Bytes& roots, std::size_t base_count,
                              std::size_t top_arity) {
  if (base_count == 1) {
    if (top_arity) throw InvalidInput("a top level needs several base trees");
    return {};
  }
  if (top_arity != 0 && top_arity != 2)
    throw InvalidInput("compound tree top arity must be 0 or 2");
  const std::size_t sub_arity = top_arity ? base_count / top_arity : base_count;
  if (sub_arity != 8 || (top_arity && base_count != 16)) {
    throw InvalidInput("unsupported compound tree shape: " + std::to_string(base_count) +
                       " base trees");
  }
  std::vector<Bytes> rows{hash_row(hash, sub_arity, roots)};
  if (top_arity) rows.push_back(hash_row(hash, top_arity, rows.back()));
  return rows;
}

}  // namespace

CompoundTree::CompoundTree(std::vector<std::unique_ptr<TreeSource>> bases, std::size_t top_arity)
    : bases_(std::move(bases)) {
  if (bases_.empty()) throw InvalidInput("compound tree without base trees");
  base_rows_ = bases_.front()->rows();
  Bytes roots(32 * bases_.size());
  for (std::size_t j = 0; j < bases_.size(); ++j) {
    const auto& base = *bases_[j];
    if (base.rows() != base_rows_ || base.leaf_count() != bases_.front()->leaf_count() ||
        base.hash() != bases_.front()->hash()) {
      throw InvalidInput("compound tree base trees differ in shape");
    }
    base.read(base_rows_ - 1, 0, 1, roots.data() + 32 * j);
  }
  upper_ = upper_rows(hash(), roots, bases_.size(), top_arity);
}

std::uint64_t CompoundTree::row_width(std::size_t row) const {
  if (row < base_rows_) return bases_.size() * bases_.front()->row_width(row);
  if (row >= rows()) throw InvalidInput("tree row out of range");
  return upper_[row - base_rows_].size() / 32;
}

void CompoundTree::read(std::size_t row, std::uint64_t first, std::size_t count,
                        std::uint8_t* out) const {
  if (row >= rows() || first + count > row_width(row)) throw InvalidInput("tree read out of range");
  if (row >= base_rows_) {
    std::memcpy(out, upper_[row - base_rows_].data() + 32 * first, 32 * count);
    return;
  }
  const std::uint64_t width = bases_.front()->row_width(row);
  while (count > 0) {
    const std::uint64_t base = first / width, local = first % width;
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(count, width - local));
    bases_[base]->read(row, local, n, out);
    out += 32 * n;
    first += n;
    count -= n;
  }
}

Digest32 compound_root(const std::vector<Digest32>& base_roots, std::size_t top_arity) {
  if (base_roots.empty()) throw InvalidInput("compound tree without base trees");
  Bytes roots(32 * base_roots.size());
  for (std::size_t j = 0; j < base_roots.size(); ++j)
    std::memcpy(roots.data() + 32 * j, base_roots[j].data(), 32);
  auto rows = upper_rows(TreeHash::kPoseidon, roots, base_roots.size(), top_arity);
  Digest32 root;
  std::memcpy(root.data(), rows.empty() ? roots.data() : rows.back().data(), 32);
  return root;
}

}  // namespace tessera::crypto
