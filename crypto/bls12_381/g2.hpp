// G2: the order-r subgroup of the M-type sextic twist E'(Fp2): y² = x³ + 4(u + 1).
#pragma once

#include "crypto/bls12_381/curve.hpp"
#include "crypto/bls12_381/fp2.hpp"
#include "crypto/bls12_381/scalar.hpp"

namespace tessera::bls12_381 {

struct G2Curve {
  using Field = Fp2;
  static const Fp2& b();  // 4(u + 1)
};

using G2Affine = Affine<G2Curve>;
using G2 = Jacobian<G2Curve>;
extern template struct Jacobian<G2Curve>;

// The standard generator (zcash/IETF).
const G2Affine& g2_generator();

// The untwist-Frobenius-twist endomorphism ψ(x, y) = (x̄·ξ^−(p−1)/3, ȳ·ξ^−(p−1)/2).
G2Affine g2_psi(const G2Affine& p);

// True when p is the identity or a point of order r: Scott's test ψ(p) = [x]p
// (eprint 2021/1130 §4). p must be on the curve.
bool g2_in_subgroup(const G2Affine& p);

// The same question answered by [r]p = O (slow reference for tests).
bool g2_in_subgroup_by_order(const G2Affine& p);

}  // namespace tessera::bls12_381
