// SHA-256 over Booleans, constraint-exact with bellperson's sha256.rs: 25,840 constraints per
// compression of an allocated block (reference/snark.md §3.1). Message bits are big-endian within
// each byte; digests come back as 256 bits, most significant bit of each byte first.
#pragma once

#include <vector>

#include "crypto/r1cs/uint32.hpp"

namespace tessera::crypto::r1cs {

// One compression of a 512-bit block into the state (8 words).
std::vector<UInt32> sha256_compression(ConstraintSystem& cs, const std::vector<Boolean>& block,
                                       const std::vector<UInt32>& state);
// SHA-256 of a message of whole bytes (InvalidInput otherwise), padding added as constants.
std::vector<Boolean> sha256(ConstraintSystem& cs, const std::vector<Boolean>& message);
// One compression of exactly 512 bits from the initial state, without padding.
std::vector<Boolean> sha256_block_no_padding(ConstraintSystem& cs,
                                             const std::vector<Boolean>& block);

}  // namespace tessera::crypto::r1cs
