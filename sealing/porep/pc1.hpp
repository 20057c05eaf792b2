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

// How labelling uses the cores. kPrefetch is rust-fil-proofs' multicore SDR idea on two
// threads: one gathers each node's 37 parent labels into a ring ahead of time, the other only
// hashes (and fills the few parents that were not labelled yet when gathered). It measured
// slower than one thread on the machines tried (the gathered labels cross cores), so kAuto is
// kSingle; bench_sdr keeps measuring both.
enum class LabelThreads { kSingle, kPrefetch, kAuto };

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
