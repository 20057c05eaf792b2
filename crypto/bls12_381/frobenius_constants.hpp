// The constants of the p-power Frobenius map on the Fp6/Fp12 tower (ξ = u + 1, v³ = ξ, w² = v):
// v^p = ξ^((p−1)/3)·v, (v²)^p = ξ^(2(p−1)/3)·v², w^p = ξ^((p−1)/6)·w.
#pragma once

#include "crypto/bls12_381/fp2.hpp"

namespace tessera::bls12_381 {

struct FrobeniusConstants {
  Fp2 w;   // ξ^((p−1)/6)
  Fp2 v;   // ξ^((p−1)/3)
  Fp2 v2;  // ξ^(2(p−1)/3)
};

// Computed once, on first use, from ξ and p.
const FrobeniusConstants& frobenius_constants();

}  // namespace tessera::bls12_381
