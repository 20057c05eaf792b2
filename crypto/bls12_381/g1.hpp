// G1: the order-r subgroup of E(Fp): y² = x³ + 4.
#pragma once

#include "crypto/bls12_381/curve.hpp"
#include "crypto/bls12_381/fp.hpp"
#include "crypto/bls12_381/scalar.hpp"

namespace tessera::bls12_381 {

struct G1Curve {
  using Field = Fp;
  static const Fp& b();  // 4
};

using G1Affine = Affine<G1Curve>;
using G1 = Jacobian<G1Curve>;
extern template struct Jacobian<G1Curve>;

// The standard generator (zcash/IETF).
const G1Affine& g1_generator();

// True when p is the identity or a point of order r: Scott's test φ(p) = [−x²]p with
// φ(x, y) = (βx, y), β a cube root of unity (eprint 2021/1130 §6). p must be on the curve.
bool g1_in_subgroup(const G1Affine& p);

// The same question answered by [r]p = O (slow reference for tests).
bool g1_in_subgroup_by_order(const G1Affine& p);

}  // namespace tessera::bls12_381
