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

// Two layer-sized label buffers (the layer being labelled and the one before it) in anonymous
// memory, in transparent huge pages where the kernel allows (parents are read at random over
// both, and 4 KiB pages would make most of those reads a TLB miss). Every page is faulted in at
// construction: on a VM, first-touching fresh memory inside the labelling loop cost 6% of a
// 512 MiB layer. A sealing worker keeps one across sectors of one size and pays that once.
class LayerBuffers {
 public:
  // Throws IoError when the memory cannot be mapped.
  explicit LayerBuffers(std::uint64_t layer_bytes);
  ~LayerBuffers();
  LayerBuffers(const LayerBuffers&) = delete;
  LayerBuffers& operator=(const LayerBuffers&) = delete;
  std::uint64_t layer_bytes() const { return layer_bytes_; }
  // Buffer 0 or 1.
  std::uint8_t* layer(int which) { return base_ + which * layer_bytes_; }

 private:
  std::uint64_t layer_bytes_;
  std::uint8_t* base_;
};

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
// Same, labelling in the caller's buffers (their layer size must be the graph's nodes × 32).
void label_layers_to_files(const SdrGraph& graph, const crypto::Digest32& replica_id,
                           std::uint32_t layers, const std::filesystem::path& parent_cache,
                           const std::filesystem::path& cache_dir, LayerBuffers& buffers,
                           const std::function<void(std::uint32_t, double)>& progress = {},
                           LabelThreads threads = LabelThreads::kAuto);

}  // namespace tessera::porep
