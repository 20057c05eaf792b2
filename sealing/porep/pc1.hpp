// PC1 for any sector size: SDR labelling of every layer into the cache directory
// (sc-02-data-layer-<ℓ>.dat, nodes × 32 bytes each), reading parents from the parent cache.
// Memory: two layers (current + previous) plus small buffers, whatever the number of layers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include "crypto/sha256.hpp"
#include "sealing/porep/sdr_graph.hpp"

namespace tessera::porep {

// How labelling uses the cores. kTouchAhead adds a second thread that reads the parents of the
// nodes a little ahead of the hashing thread, so their labels come from a cache rather than
// DRAM; the hashing thread does the same work as kSingle. kAuto picks kTouchAhead on 2+ cores.
enum class LabelThreads { kSingle, kTouchAhead, kAuto };

// Name of layer ℓ's label file in a sector's cache directory.
std::string layer_file_name(std::uint32_t layer);

// Labels layers 1..layers into cache_dir. progress(layer, fraction of that layer) is called
// now and then. Throws IoError on file errors and InvalidInput when the parent cache does not
// match the graph's size.
void label_layers_to_files(const SdrGraph& graph, const crypto::Digest32& replica_id,
                           std::uint32_t layers, const std::filesystem::path& parent_cache,
                           const std::filesystem::path& cache_dir,
                           const std::function<void(std::uint32_t, double)>& progress = {},
                           LabelThreads threads = LabelThreads::kAuto);

}  // namespace tessera::porep
