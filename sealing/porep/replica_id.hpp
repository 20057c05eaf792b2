// Replica ID and prover ID (reference/proofs.md §3).
#pragma once

#include <cstdint>

#include "crypto/sha256.hpp"
#include "sealing/porep/sdr_graph.hpp"

namespace tessera::porep {

// prover_id: the ID address payload (uvarint actor id) zero-padded to 32 bytes.
crypto::Digest32 prover_id_for(std::uint64_t actor_id);

// SHA-256(prover_id || u64_be(sector) || ticket || comm_d || porep_id), Fr-truncated.
crypto::Digest32 replica_id(const crypto::Digest32& prover_id, std::uint64_t sector_number,
                            const crypto::Digest32& ticket, const crypto::Digest32& comm_d,
                            const PorepId& porep_id);

}  // namespace tessera::porep
