// SDR labelling (PC1): label(ℓ, v) = SHA-256(replica_id || u32_be(ℓ) || u64_be(v) || 0^20 ||
// 37 parent labels), Fr-truncated; base parents come from layer ℓ, expander parents from ℓ−1.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/encoding.hpp"
#include "crypto/sha256.hpp"
#include "sealing/porep/sdr_graph.hpp"

namespace tessera::porep {

inline constexpr std::size_t kLabelParentSlots = 37;

// The whole SHA-256 input of a label with parents, padding included, laid out once per layer:
// 64 bytes of replica_id, layer and node, then the 37 parent slots, then 0x80 and the bit length
// (20 blocks in all). Labelling a node rewrites only its number and its slots, and the hash is one
// run of the compression function over all 20 blocks.
class LabelMessage {
 public:
  static constexpr std::size_t kBlocks = 20;

  LabelMessage(const crypto::Digest32& replica_id, std::uint32_t layer);
  // Sets the node number (bytes 36..43).
  void set_node(std::uint64_t node);
  // The 32 bytes of parent slot s < kLabelParentSlots.
  std::uint8_t* slot(std::size_t s) { return bytes_.data() + 64 + 32 * s; }
  // The label: SHA-256 of the message, Fr-truncated.
  crypto::Digest32 hash() const;

 private:
  alignas(64) std::array<std::uint8_t, 64 * kBlocks> bytes_{};
};

// Hash of one label. parent_labels points at 37 × 32 bytes (the parents repeated cyclically),
// or is null for node 0.
crypto::Digest32 label_hash(const crypto::Digest32& replica_id, std::uint32_t layer,
                            std::uint64_t node, const std::uint8_t* parent_labels);

// Labels of layers 1..layers for a sector small enough to hold in memory; result[ℓ-1] holds
// layer ℓ as nodes × 32 bytes.
std::vector<Bytes> label_layers_in_memory(const SdrGraph& graph, const crypto::Digest32& replica_id,
                                          std::size_t layers);

}  // namespace tessera::porep
