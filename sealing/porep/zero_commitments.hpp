// Commitments of all-zero data: Z[0] = 32 zero bytes, Z[i+1] = node(Z[i], Z[i]); Z[k] is the
// root of a zero tree over 32·2^k padded bytes (the CommP of a zero piece, the CommD of a CC
// sector).
#pragma once

#include <cstddef>

#include "crypto/sha256.hpp"

namespace tessera::porep {

inline constexpr std::size_t kMaxZeroLevel = 40;

// Z[level] for level <= kMaxZeroLevel; computed once on first use.
const crypto::Digest32& zero_commitment(std::size_t level);

}  // namespace tessera::porep
