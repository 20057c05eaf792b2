// The SDR graph of a sector: 6 DRG ("base") parents in the same layer, sampled with ChaCha8
// (BucketGraph), and 8 expander parents in the previous layer from a Feistel permutation; both
// seeded from porep_id (reference/proofs.md §4.1-4.3).
#pragma once

#include <array>
#include <cstdint>

#include "crypto/sha256.hpp"
#include "sealing/porep/proof_types.hpp"

namespace tessera::porep {

using PorepId = std::array<std::uint8_t, 32>;

inline constexpr std::size_t kBaseDegree = 6;
inline constexpr std::size_t kExpansionDegree = 8;
inline constexpr std::size_t kTotalParents = kBaseDegree + kExpansionDegree;

// Graph variants: V1_0 (legacy proofs 0-4) puts the predecessor last among the base parents and
// truncates expander indices to 32 bits; V1_1 and later put the predecessor first.
enum class SdrApi { kV1_0, kV1_1 };

// porep_id of a registered seal proof: u64_le(id) || u64_le(nonce 0) || 16 zero bytes.
PorepId porep_id_for(std::uint64_t registered_seal_proof);
// V1_0 for legacy proof ids (first 8 bytes of porep_id <= 4), V1_1 otherwise.
SdrApi sdr_api_for(const PorepId& porep_id);

class SdrGraph {
 public:
  // nodes: sector size / 32 (a power of two >= 2).
  SdrGraph(std::uint64_t nodes, const PorepId& porep_id, SdrApi api);

  std::uint64_t nodes() const { return nodes_; }
  // The 6 base parents of node (may repeat; all 0 for nodes 0 and 1).
  void base_parents(std::uint64_t node, std::uint32_t out[kBaseDegree]) const;
  // The 8 expander parents of node.
  void expander_parents(std::uint64_t node, std::uint32_t out[kExpansionDegree]) const;
  // All 14 parents, base first: the order of the parent cache file.
  void parents(std::uint64_t node, std::uint32_t out[kTotalParents]) const;
  const std::array<std::uint64_t, 4>& feistel_keys() const { return feistel_keys_; }

 private:
  std::uint64_t feistel_encode(std::uint64_t x) const;

  std::uint64_t nodes_;
  SdrApi api_;
  std::array<std::uint8_t, 28> drg_seed_{};
  std::array<std::uint64_t, 4> feistel_keys_{};
  int half_bits_ = 0;
  std::uint64_t right_mask_ = 0;
  std::uint64_t left_mask_ = 0;
};

// The graph a registered seal proof labels with: sector size / 32 nodes, seeded from its porep_id.
SdrGraph sdr_graph_for(const SealProofInfo& info);

}  // namespace tessera::porep
