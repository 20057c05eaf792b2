#include "sealing/porep/pc1.hpp"

#include <fcntl.h>

#include <cstring>
#include <vector>

#include "common/error.hpp"
#include "common/file_io.hpp"
#include "sealing/porep/labels.hpp"

namespace tessera::porep {
namespace {

constexpr std::uint64_t kChunkNodes = 1 << 14;  // parent cache read granularity
constexpr std::uint64_t kPrefetchDistance = 16; // nodes ahead whose parents are prefetched

std::uint32_t load_u32_le(const std::uint8_t* p) {
  return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) |
         (std::uint32_t(p[3]) << 24);
}

}  // namespace

std::string layer_file_name(std::uint32_t layer) {
  return "sc-02-data-layer-" + std::to_string(layer) + ".dat";
}

void label_layers_to_files(const SdrGraph& graph, const crypto::Digest32& replica_id,
                           std::uint32_t layers, const std::filesystem::path& parent_cache,
                           const std::filesystem::path& cache_dir,
                           const std::function<void(std::uint32_t, double)>& progress) {
  const std::uint64_t nodes = graph.nodes();
  const std::uint64_t record = kTotalParents * 4;
  std::error_code ec;
  if (std::filesystem::file_size(parent_cache, ec) != nodes * record || ec) {
    throw InvalidInput("parent cache " + parent_cache.string() + " does not match a graph of " +
                       std::to_string(nodes) + " nodes");
  }
  std::vector<std::uint8_t> current(nodes * 32), previous(nodes * 32);
  std::vector<std::uint8_t> parents_raw(kChunkNodes * record);
  std::vector<std::uint32_t> parents(kChunkNodes * kTotalParents);
  std::uint8_t parent_data[kLabelParentSlots * 32];

  for (std::uint32_t layer = 1; layer <= layers; ++layer) {
    File cache(parent_cache, O_RDONLY);
    const std::size_t distinct = layer == 1 ? kBaseDegree : kTotalParents;
    for (std::uint64_t start = 0; start < nodes; start += kChunkNodes) {
      const std::uint64_t count = std::min(kChunkNodes, nodes - start);
      cache.read_exact(parents_raw.data(), count * record);
      for (std::uint64_t i = 0; i < count * kTotalParents; ++i) parents[i] = load_u32_le(&parents_raw[4 * i]);
      for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint64_t node = start + i;
        if (i + kPrefetchDistance < count) {
          const std::uint32_t* ahead = &parents[(i + kPrefetchDistance) * kTotalParents];
          for (std::size_t p = 0; p < distinct; ++p) {
            const auto& source = p < kBaseDegree ? current : previous;
            __builtin_prefetch(source.data() + 32 * std::uint64_t{ahead[p]});
          }
        }
        crypto::Digest32 label;
        if (node == 0) {
          label = label_hash(replica_id, layer, 0, nullptr);
        } else {
          const std::uint32_t* node_parents = &parents[i * kTotalParents];
          for (std::size_t slot = 0; slot < kLabelParentSlots; ++slot) {
            const std::size_t p = slot % distinct;
            const auto& source = p < kBaseDegree ? current : previous;
            std::memcpy(parent_data + 32 * slot, source.data() + 32 * std::uint64_t{node_parents[p]}, 32);
          }
          label = label_hash(replica_id, layer, node, parent_data);
        }
        std::memcpy(current.data() + 32 * node, label.data(), 32);
      }
      if (progress) progress(layer, static_cast<double>(start + count) / static_cast<double>(nodes));
    }
    File out(cache_dir / layer_file_name(layer), O_WRONLY | O_CREAT | O_TRUNC);
    out.write_all(current.data(), current.size());
    out.sync();
    current.swap(previous);
  }
}

}  // namespace tessera::porep
