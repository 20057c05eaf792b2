// Merkle tree files in the layout of rust-fil-proofs' merkletree crate, so caches move between
// tessera and lotus workers: a DiskStore holds every row bottom-up (leaves first, root last);
// a level cache (TreeRLast) stores no leaves (they are the replica) and drops the
// rows_to_discard rows above them, which proofs rebuild from the replica
// (reference/proofs.md §5.3–5.4). Files are named sc-02-data-<id>.dat.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

#include "common/executor/stage_context.hpp"
#include "common/file_io.hpp"
#include "crypto/merkle.hpp"
#include "gpu/poseidon_device.hpp"
#include "sealing/porep/tree_file_writer.hpp"

namespace tessera::porep {

// merkletree's get_merkle_tree_len: nodes of a full tree over leaves (leaves included).
std::uint64_t tree_node_count(std::uint64_t leaves, std::size_t arity);
// merkletree's get_merkle_tree_row_count: rows including leaves and root.
std::size_t tree_row_count(std::uint64_t leaves, std::size_t arity);
// rust-fil-proofs' default_rows_to_discard with the default setting (2).
std::size_t default_rows_to_discard(std::uint64_t leaves, std::size_t arity);
// <dir>/sc-02-data-<id>.dat
std::filesystem::path store_data_path(const std::filesystem::path& dir, std::string_view id);

// Copies count leaves starting at leaf `first` into out (count × 32 bytes).
using LeafReader = std::function<void(std::uint64_t first, std::size_t count, std::uint8_t* out)>;

struct TreeLayout {
  crypto::TreeHash hash = crypto::TreeHash::kPoseidon;
  std::size_t arity = 8;
  std::uint64_t leaves = 0;
  bool leaves_stored = true;        // false: a level cache whose leaves live elsewhere
  std::size_t rows_to_discard = 0;  // rows above the leaves left out (level caches only)

  std::size_t rows() const { return tree_row_count(leaves, arity); }
  std::uint64_t row_width(std::size_t row) const;
  bool row_stored(std::size_t row) const;
  // Node offset of a stored row in the file.
  std::uint64_t row_offset(std::size_t row) const;
  // The file's size in nodes.
  std::uint64_t stored_nodes() const;
};

// Builds the tree over the leaves read_leaves supplies and writes its stored rows to path
// (through a temporary file, fsynced, renamed into place) through `writer`'s threads while it
// hashes: with a writer given, the file is at its path once writer->wait() returns; without, this
// call has a writer of its own and waits for it. Memory: about 9 MiB of leaves at a time plus
// the rows above them, and the writer's queue. Hashing runs on ctx's cores, yielding after each
// chunk of leaves (nullptr: on the process's free cores, taken again for each chunk). With a
// device, the rows of an arity-8 Poseidon tree are hashed there instead, and the next chunk's
// leaves are read (on another thread) while it works. Returns the root. Throws Cancelled when ctx
// is cancelled, DeviceError when the device fails and IoError when a write fails; in each case
// the file is not written.
crypto::Digest32 write_tree_file(const TreeLayout& layout, const LeafReader& read_leaves,
                                 const std::filesystem::path& path,
                                 const std::function<void(double)>& progress = {},
                                 StageContext* ctx = nullptr, gpu::PoseidonDevice* device = nullptr,
                                 TreeFileWriter* writer = nullptr);

// A tree read back from its file; rows the file does not hold come from leaves (row 0) or are
// rebuilt by hashing the leaves below them.
class StoredTree final : public crypto::TreeSource {
 public:
  // Throws NotFound when the file is missing and InvalidInput when its size does not match the
  // layout (truncated, other sector size or other rows_to_discard).
  StoredTree(const TreeLayout& layout, const std::filesystem::path& path, LeafReader leaves = {});

  crypto::TreeHash hash() const override { return layout_.hash; }
  std::size_t rows() const override { return layout_.rows(); }
  std::uint64_t row_width(std::size_t row) const override { return layout_.row_width(row); }
  void read(std::size_t row, std::uint64_t first, std::size_t count,
            std::uint8_t* out) const override;

 private:
  TreeLayout layout_;
  File file_;
  LeafReader leaves_;
};

}  // namespace tessera::porep
