#include "sealing/porep/commit1.hpp"

#include <fcntl.h>

#include <memory>
#include <vector>

#include "common/error.hpp"
#include "sealing/porep/pc1.hpp"
#include "sealing/porep/sector_files.hpp"

namespace tessera::porep {

PorepVanillaProof commit1(std::int64_t registered_proof, const std::filesystem::path& cache_dir,
                          const std::filesystem::path& sealed_path,
                          const crypto::Digest32& replica_id, const crypto::Digest32& seed) {
  const auto& info = seal_proof_info(registered_proof);
  const std::uint64_t nodes = info.sector_size / 32;
  SealedReplica replica(registered_proof, cache_dir, sealed_path);
  auto t_aux = read_t_aux(cache_dir);

  std::vector<File> layers;
  for (std::uint32_t l = 1; l <= info.layers; ++l) {
    check_sector_file_size(cache_dir / layer_file_name(l), info.sector_size, "layer file");
    layers.emplace_back(cache_dir / layer_file_name(l), O_RDONLY);
  }
  StoredTree tree_d({crypto::TreeHash::kSha256, 2, nodes, true, 0},
                    store_data_path(cache_dir, "tree-d"));
  auto tree_c = open_compound_tree(info, t_aux.tree_c, true, {});
  if (tree_c->root() != replica.aux().comm_c) {
    throw InvalidInput("tree-c in " + cache_dir.string() + " does not match comm_c in p_aux");
  }
  SectorTrees trees{replica_id,
                    replica.aux().comm_c,
                    replica.aux().comm_r_last,
                    &tree_d,
                    tree_c.get(),
                    &replica.tree_r_last(),
                    [&layers](std::uint32_t layer, std::uint64_t node) {
                      crypto::Digest32 label;
                      layers.at(layer - 1).read_at(node * 32, label.data(), 32);
                      return label;
                    }};
  return prove_porep(registered_proof, trees, seed);
}

}  // namespace tessera::porep
