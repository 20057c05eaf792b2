// C1 on disk: the vanilla PoRep proof of a sector from its sealed file and cache directory
// (label layers, tree-d, tree-c, tree-r-last, p_aux, t_aux), before finalize.
#pragma once

#include <cstdint>
#include <filesystem>

#include "sealing/porep/vanilla_proof.hpp"

namespace tessera::porep {

// Proves the interactive challenges of seed. Throws NotFound for missing files and
// InvalidInput for files of the wrong size or a p_aux/t_aux that does not match the trees.
PorepVanillaProof commit1(std::int64_t registered_proof, const std::filesystem::path& cache_dir,
                          const std::filesystem::path& sealed_path,
                          const crypto::Digest32& replica_id, const crypto::Digest32& seed);

}  // namespace tessera::porep
