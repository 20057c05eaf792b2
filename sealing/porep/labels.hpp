// SDR labelling (PC1): label(ℓ, v) = SHA-256(replica_id || u32_be(ℓ) || u64_be(v) || 0^20 ||
// 37 parent labels), Fr-truncated; base parents come from layer ℓ, expander parents from ℓ−1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/encoding.hpp"
#include "crypto/sha256.hpp"
#include "sealing/porep/sdr_graph.hpp"

namespace tessera::porep {

inline constexpr std::size_t kLabelParentSlots = 37;

// Hash of one label. parent_labels points at 37 × 32 bytes (the parents repeated cyclically),
// or is null for node 0.
crypto::Digest32 label_hash(const crypto::Digest32& replica_id, std::uint32_t layer,
                            std::uint64_t node, const std::uint8_t* parent_labels);

// Labels of layers 1..layers for a sector small enough to hold in memory; result[ℓ-1] holds
// layer ℓ as nodes × 32 bytes.
std::vector<Bytes> label_layers_in_memory(const SdrGraph& graph, const crypto::Digest32& replica_id,
                                          std::size_t layers);

}  // namespace tessera::porep
