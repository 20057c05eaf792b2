// PoRep challenge derivation (reference/proofs.md §7.1-7.3): interactive challenges from the
// chain seed, synthetic challenges (generated from CommR, selected by the seed) and
// non-interactive challenges. A challenge is a node index in [1, nodes).
#pragma once

#include <cstdint>
#include <vector>

#include "crypto/sha256.hpp"

namespace tessera::porep {

// Interactive challenges of partition k: c per partition, from SHA-256(replica_id||seed||u32_le(j)).
std::vector<std::uint64_t> interactive_challenges(const crypto::Digest32& replica_id,
                                                  const crypto::Digest32& seed, std::uint64_t nodes,
                                                  std::uint32_t partition, std::uint32_t per_partition);

// All min(nodes, 2^18) synthetic challenges of a sealed sector.
std::vector<std::uint64_t> synthetic_challenges(const crypto::Digest32& replica_id,
                                                const crypto::Digest32& comm_r, std::uint64_t nodes);

// The synthetic challenges the seed selects for partition k (indices into the synthetic list).
std::vector<std::uint64_t> select_synthetic_challenges(const std::vector<std::uint64_t>& synthetic,
                                                       const crypto::Digest32& replica_id,
                                                       const crypto::Digest32& seed,
                                                       std::uint32_t partition,
                                                       std::uint32_t per_partition);

// Non-interactive challenges of partition k (no seed; bound to CommR).
std::vector<std::uint64_t> non_interactive_challenges(const crypto::Digest32& replica_id,
                                                      const crypto::Digest32& comm_r,
                                                      std::uint64_t nodes, std::uint32_t partition,
                                                      std::uint32_t per_partition);

// (256-bit little-endian value mod (nodes - 1)) + 1.
std::uint64_t challenge_from_le256(const std::uint8_t* le32, std::uint64_t nodes);

}  // namespace tessera::porep
