// A sealed sector as rust-fil-proofs leaves it on disk: the sealed replica file and the cache
// directory (label layers, tree-d, tree-c[-i], tree-r-last[-i], p_aux, t_aux). Opens the trees
// for proving, whatever the tree shape (8-0-0, 8-8-0, 8-8-2).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "crypto/merkle.hpp"
#include "sealing/porep/aux_files.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/tree_store.hpp"

namespace tessera::porep {

// Base trees of a TreeC/TreeRLast: 1 (8-0-0), 8 (8-8-0) or 16 (8-8-2).
std::size_t base_tree_count(const SealProofInfo& info);
// File id of base tree i of a tree ("tree-c" alone, or "tree-c-<i>" when split).
std::string base_tree_id(std::string_view tree, std::size_t index, std::size_t count);
// The leaves of a file of 32-byte nodes, starting at node `offset` (a replica, a layer).
LeafReader node_file_reader(std::shared_ptr<File> file, std::uint64_t offset = 0);
// The leaves of base tree `index` (each base_leaves long) out of the whole sector's
// leaves; empty when leaves is empty.
LeafReader base_tree_leaves(const LeafReader& leaves, std::size_t index, std::uint64_t base_leaves);
// Throws InvalidInput unless file holds exactly the sector's bytes.
void check_sector_file_size(const std::filesystem::path& file, std::uint64_t sector_size,
                            std::string_view what);

// The trees needed to prove PoSt (TreeRLast, from p_aux/t_aux and the replica).
class SealedReplica {
 public:
  // Throws NotFound for missing files, InvalidInput for a wrong-size replica, a corrupt p_aux or
  // t_aux, or tree files that do not match the sector size.
  SealedReplica(std::int64_t registered_proof, const std::filesystem::path& cache_dir,
                const std::filesystem::path& sealed_path);

  const PersistentAux& aux() const { return aux_; }
  const crypto::TreeSource& tree_r_last() const { return *tree_r_; }

 private:
  PersistentAux aux_;
  std::unique_ptr<crypto::TreeSource> tree_r_;
};

// Opens the tree files named in t_aux (base trees side by side) as one TreeSource.
std::unique_ptr<crypto::TreeSource> open_compound_tree(const SealProofInfo& info,
                                                       const StoreConfig& config,
                                                       bool leaves_stored,
                                                       const LeafReader& leaves);

}  // namespace tessera::porep
