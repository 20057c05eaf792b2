// Affine forms of many Jacobian points for the price of one field inversion (Montgomery's
// trick), as parameter generation and table building need them.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "crypto/bls12_381/curve.hpp"

namespace tessera::bls12_381 {

// out[i] = points[i] as an affine point (identities stay identities). out.size() must equal
// points.size(). One inversion for the whole span.
template <class Curve>
void batch_to_affine(std::span<const Jacobian<Curve>> points, std::span<Affine<Curve>> out) {
  using F = typename Curve::Field;
  std::vector<F> prefix(points.size());
  F acc = F::one();
  for (std::size_t i = 0; i < points.size(); ++i) {
    prefix[i] = acc;
    if (!points[i].is_identity()) acc = acc * points[i].z;
  }
  F inv = acc.inverse();
  for (std::size_t i = points.size(); i-- > 0;) {
    const auto& p = points[i];
    if (p.is_identity()) {
      out[i] = Affine<Curve>::identity();
      continue;
    }
    const F zi = inv * prefix[i];
    inv = inv * p.z;
    const F zi2 = zi.square();
    out[i] = Affine<Curve>{p.x * zi2, p.y * zi2 * zi, false};
  }
}

}  // namespace tessera::bls12_381
