// Scalars for BLS12-381 group operations: 256-bit little-endian limbs, the group order r, the
// curve parameter |x|, and the conversion from the project's Fr.
#pragma once

#include "crypto/bls12_381/curve.hpp"
#include "crypto/fr.hpp"

namespace tessera::bls12_381 {

// r = 0x73eda753…00000001, the order of G1, G2 and GT.
inline constexpr Scalar kGroupOrder = {crypto::kFrModulus[0], crypto::kFrModulus[1],
                                       crypto::kFrModulus[2], crypto::kFrModulus[3]};

// |x| for the curve parameter x = −0xd201000000010000.
inline constexpr std::uint64_t kAbsX = 0xd201000000010000ULL;

// The canonical integer of an Fr element as a scalar.
inline Scalar scalar_from_fr(const crypto::Fr& f) {
  const auto le = f.to_bytes();
  Scalar s{};
  for (int i = 0; i < 32; ++i) s[i / 8] |= static_cast<std::uint64_t>(le[i]) << (8 * (i % 8));
  return s;
}

}  // namespace tessera::bls12_381
