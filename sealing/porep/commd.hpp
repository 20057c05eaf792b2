// CommD from a sector's pieces (rust-fil-proofs compute_comm_d): pieces laid out in order, each
// aligned to its own padded size, gaps and the tail filled with zero pieces.
#pragma once

#include <cstdint>
#include <vector>

#include "sealing/porep/commp.hpp"

namespace tessera::porep {

// CommD of a sector of sector_size bytes holding pieces in order. Throws InvalidInput if a
// piece size is not a power of two >= 128 or the pieces do not fit the sector.
crypto::Digest32 compute_commd(std::uint64_t sector_size, const std::vector<PieceCommitment>& pieces);

}  // namespace tessera::porep
