#include "sealing/porep/sector_files.hpp"

#include <fcntl.h>

#include "common/error.hpp"
#include "crypto/compound_tree.hpp"

namespace tessera::porep {

std::size_t base_tree_count(const SealProofInfo& info) {
  return (info.sub_arity ? info.sub_arity : 1) * (info.top_arity ? info.top_arity : 1);
}

std::string base_tree_id(std::string_view tree, std::size_t index, std::size_t count) {
  return count == 1 ? std::string(tree) : std::string(tree) + "-" + std::to_string(index);
}

LeafReader node_file_reader(std::shared_ptr<File> file, std::uint64_t offset) {
  return
      [file = std::move(file), offset](std::uint64_t first, std::size_t count, std::uint8_t* out) {
        file->read_at((offset + first) * 32, out, 32 * count);
      };
}

LeafReader base_tree_leaves(const LeafReader& leaves, std::size_t index,
                            std::uint64_t base_leaves) {
  if (!leaves) return {};
  return
      [leaves, offset = index * base_leaves](std::uint64_t first, std::size_t n,
                                             std::uint8_t* out) { leaves(offset + first, n, out); };
}

void check_sector_file_size(const std::filesystem::path& file, std::uint64_t sector_size,
                            std::string_view what) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (ec) throw NotFound(std::string(what) + " " + file.string() + ": " + ec.message());
  if (size != sector_size) {
    throw InvalidInput(std::string(what) + " " + file.string() + " is " + std::to_string(size) +
                       " bytes, but the sector size is " + std::to_string(sector_size) +
                       (size < sector_size ? " (truncated?)" : " (wrong sector size?)"));
  }
}

std::unique_ptr<crypto::TreeSource> open_compound_tree(const SealProofInfo& info,
                                                       const StoreConfig& config,
                                                       bool leaves_stored,
                                                       const LeafReader& leaves) {
  const std::size_t count = base_tree_count(info);
  const std::uint64_t base_leaves = info.sector_size / 32 / count;
  std::vector<std::unique_ptr<crypto::TreeSource>> bases;
  for (std::size_t j = 0; j < count; ++j) {
    TreeLayout layout{crypto::TreeHash::kPoseidon, 8, base_leaves, leaves_stored,
                      static_cast<std::size_t>(config.rows_to_discard)};
    bases.push_back(std::make_unique<StoredTree>(
        layout, store_data_path(config.path, base_tree_id(config.id, j, count)),
        base_tree_leaves(leaves, j, base_leaves)));
  }
  if (count == 1) return std::move(bases.front());
  return std::make_unique<crypto::CompoundTree>(std::move(bases), info.top_arity);
}

SealedReplica::SealedReplica(std::int64_t registered_proof, const std::filesystem::path& cache_dir,
                             const std::filesystem::path& sealed_path) {
  const auto& info = seal_proof_info(registered_proof);
  check_sector_file_size(sealed_path, info.sector_size, "sealed file");
  aux_ = read_p_aux(cache_dir);
  auto t_aux = read_t_aux(cache_dir);
  auto replica = std::make_shared<File>(sealed_path, O_RDONLY);
  tree_r_ = open_compound_tree(info, t_aux.tree_r_last, false, node_file_reader(replica));
  if (tree_r_->root() != aux_.comm_r_last) {
    throw InvalidInput("tree-r-last in " + cache_dir.string() +
                       " does not match comm_r_last in p_aux");
  }
}

}  // namespace tessera::porep
