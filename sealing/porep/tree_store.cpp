#include "sealing/porep/tree_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <future>
#include <optional>
#include <vector>

#include "common/error.hpp"

namespace tessera::porep {
namespace {

constexpr std::uint64_t kChunkLeaves = 1 << 18;   // 8 MiB of leaves hashed at a time
constexpr std::size_t kDefaultRowsToDiscard = 2;  // rust-fil-proofs settings.rs

// Rows 1..levels above a block of leaves (arity^levels of them); returns the top node.
std::vector<Bytes> hash_up(crypto::TreeHash hash, std::size_t arity, Bytes leaves,
                           std::size_t levels, StageContext& ctx) {
  std::vector<Bytes> rows;
  rows.push_back(std::move(leaves));
  for (std::size_t r = 1; r <= levels; ++r) {
    rows.push_back(crypto::hash_row(hash, arity, rows.back(), ctx));
  }
  return rows;
}

}  // namespace

std::uint64_t tree_node_count(std::uint64_t leaves, std::size_t arity) {
  std::uint64_t total = 0;
  for (std::uint64_t width = leaves; width >= 1; width /= arity) {
    total += width;
    if (width == 1) break;
  }
  return total;
}

std::size_t tree_row_count(std::uint64_t leaves, std::size_t arity) {
  std::size_t rows = 1;
  for (std::uint64_t width = leaves; width > 1; width /= arity) ++rows;
  return rows;
}

std::size_t default_rows_to_discard(std::uint64_t leaves, std::size_t arity) {
  const std::size_t rows = tree_row_count(leaves, arity);
  if (rows <= 2) return 0;
  if (rows == 3) return 1;
  return std::min(rows - 2, kDefaultRowsToDiscard);
}

std::filesystem::path store_data_path(const std::filesystem::path& dir, std::string_view id) {
  return dir / ("sc-02-data-" + std::string(id) + ".dat");
}

std::uint64_t TreeLayout::row_width(std::size_t row) const {
  std::uint64_t width = leaves;
  for (std::size_t r = 0; r < row; ++r) width /= arity;
  return width;
}

bool TreeLayout::row_stored(std::size_t row) const {
  if (row == 0) return leaves_stored;
  return leaves_stored || row > rows_to_discard;
}

std::uint64_t TreeLayout::row_offset(std::size_t row) const {
  std::uint64_t offset = 0;
  for (std::size_t r = 0; r < row; ++r) {
    if (row_stored(r)) offset += row_width(r);
  }
  return offset;
}

std::uint64_t TreeLayout::stored_nodes() const {
  return row_offset(rows());
}

crypto::Digest32 write_tree_file(const TreeLayout& layout, const LeafReader& read_leaves,
                                 const std::filesystem::path& path,
                                 const std::function<void(double)>& progress, StageContext* ctx,
                                 gpu::PoseidonDevice* device, TreeFileWriter* writer) {
  std::uint64_t n = layout.leaves;
  while (n > 1 && n % layout.arity == 0) n /= layout.arity;
  if (layout.leaves == 0 || n != 1) {
    throw InvalidInput("a tree of arity " + std::to_string(layout.arity) + " cannot have " +
                       std::to_string(layout.leaves) + " leaves");
  }
  if (!layout.leaves_stored && layout.rows_to_discard + 1 >= layout.rows()) {
    throw InvalidInput("cannot discard all rows except for the base");
  }
  std::size_t chunk_levels = 0;
  std::uint64_t chunk = 1;
  while (chunk * layout.arity <= std::min(layout.leaves, kChunkLeaves)) {
    chunk *= layout.arity;
    ++chunk_levels;
  }
  std::optional<StageContext> free_cores;  // without ctx: the free cores, retaken each chunk
  StageContext& cores = ctx ? *ctx : free_cores.emplace(StageContext::best_effort());
  std::optional<TreeFileWriter> own;  // without a writer: one of its own, waited for below
  TreeFileWriter& files = writer ? *writer : own.emplace();
  const auto file = files.create(path, layout.stored_nodes() * 32);
  crypto::Digest32 root;
  try {
    auto store = [&](std::size_t row, std::uint64_t first, Bytes nodes) {
      if (layout.row_stored(row))
        files.write(file, (layout.row_offset(row) + first) * 32, std::move(nodes));
    };
    const bool on_device =
        device && layout.hash == crypto::TreeHash::kPoseidon && layout.arity == 8;
    auto read_chunk = [&](std::uint64_t c) {
      Bytes leaves(chunk * 32);
      read_leaves(c * chunk, chunk, leaves.data());
      return leaves;
    };
    auto hash_chunk = [&](Bytes leaves) {
      if (!on_device)
        return hash_up(layout.hash, layout.arity, std::move(leaves), chunk_levels, cores);
      auto rows = device->hash_rows(leaves.data(), chunk, chunk_levels);
      rows.insert(rows.begin(), std::move(leaves));
      return rows;
    };
    Bytes roots;
    const std::uint64_t chunks = layout.leaves / chunk;
    std::future<Bytes> next;  // on the device: the next chunk's leaves, read meanwhile
    for (std::uint64_t c = 0; c < chunks; ++c) {
      Bytes leaves = next.valid() ? next.get() : read_chunk(c);
      if (on_device && c + 1 < chunks) next = std::async(std::launch::async, read_chunk, c + 1);
      auto rows = hash_chunk(std::move(leaves));
      roots.insert(roots.end(), rows.back().begin(), rows.back().end());
      for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::uint64_t first = c * (rows[r].size() / 32);
        store(r, first, std::move(rows[r]));
      }
      if (progress) progress(static_cast<double>(c + 1) / static_cast<double>(chunks));
      cores.yield_point();
    }
    auto upper = hash_up(layout.hash, layout.arity, std::move(roots),
                         layout.rows() - 1 - chunk_levels, cores);
    std::memcpy(root.data(), upper.back().data(), 32);
    for (std::size_t r = 1; r < upper.size(); ++r) store(chunk_levels + r, 0, std::move(upper[r]));
    files.finish(file);
  } catch (...) {
    files.abandon(file);
    throw;
  }
  if (own) own->wait();
  return root;
}

StoredTree::StoredTree(const TreeLayout& layout, const std::filesystem::path& path,
                       LeafReader leaves)
    : layout_(layout), file_(path, O_RDONLY), leaves_(std::move(leaves)) {
  const std::uint64_t expected = layout.stored_nodes() * 32;
  if (file_.size() != expected) {
    throw InvalidInput(path.string() + " is " + std::to_string(file_.size()) +
                       " bytes, but a tree over " + std::to_string(layout.leaves) +
                       " leaves with rows_to_discard " + std::to_string(layout.rows_to_discard) +
                       " takes " + std::to_string(expected) +
                       " (truncated, or another sector size)");
  }
  if (!layout.leaves_stored && !leaves_) throw InvalidInput("a level-cache tree needs its replica");
}

void StoredTree::read(std::size_t row, std::uint64_t first, std::size_t count,
                      std::uint8_t* out) const {
  if (row >= rows() || first + count > row_width(row)) throw InvalidInput("tree read out of range");
  if (layout_.row_stored(row)) {
    file_.read_at((layout_.row_offset(row) + first) * 32, out, 32 * count);
    return;
  }
  const std::uint64_t span = layout_.leaves / row_width(row);  // leaves under one node of row
  Bytes leaves(count * span * 32);
  leaves_(first * span, count * span, leaves.data());
  auto ctx = StageContext::best_effort();
  auto rows = hash_up(layout_.hash, layout_.arity, std::move(leaves), row, ctx);
  std::memcpy(out, rows.back().data(), 32 * count);
}

}  // namespace tessera::porep
