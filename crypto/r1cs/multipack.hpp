// Packing Booleans into field elements, constraint-exact with bellperson's multipack.rs:
// little-endian bits, 254 (Fr::CAPACITY) per element, one constraint per packed element.
#pragma once

#include <cstdint>
#include <vector>

#include "crypto/r1cs/num.hpp"

namespace tessera::crypto::r1cs {

inline constexpr std::size_t kFrCapacity = 254;

// One new input per 254-bit chunk, each with Σ 2^i·bit_i · ONE = input.
void pack_into_inputs(ConstraintSystem& cs, const std::vector<Boolean>& bits);
// The first 254 bits packed into a new aux variable (one constraint).
AllocatedNum pack_bits(ConstraintSystem& cs, const std::vector<Boolean>& bits);
// The values pack_into_inputs produces for the given bits.
std::vector<Fr> compute_multipacking(const std::vector<bool>& bits);

}  // namespace tessera::crypto::r1cs
