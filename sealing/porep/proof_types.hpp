// Registered seal proofs and their parameters (reference/proofs.md §1): sector size, SDR layers,
// PoRep partitions and challenges, tree shape.
#pragma once

#include <cstdint>
#include <string>

namespace tessera::porep {

struct SealProofInfo {
  std::int64_t id;             // on-chain RegisteredSealProof
  std::string name;            // e.g. "StackedDrg2KiBV1_1"
  std::uint64_t sector_size;   // bytes
  std::uint32_t layers;        // SDR layers
  std::uint32_t partitions;    // interactive PoRep partitions
  std::uint32_t challenges_per_partition;
  std::uint32_t sub_arity;     // 0 when the tree has no sub level (8-0-0)
  std::uint32_t top_arity;     // 0 when the tree has no top level
};

// Parameters of a V1 (0-4) or V1_1 (5-9) seal proof; throws InvalidInput for other ids.
const SealProofInfo& seal_proof_info(std::int64_t registered_seal_proof);
// The V1_1 seal proof for a sector size; throws InvalidInput for unsupported sizes.
const SealProofInfo& seal_proof_for_size(std::uint64_t sector_size);

}  // namespace tessera::porep
