// Generic arithmetic on a short Weierstrass curve y² = x³ + b (a = 0) over a field F: affine
// points and Jacobian points (X/Z², Y/Z³). G1 (F = Fp) and G2 (F = Fp2) instantiate it; a curve
// is a traits type with `using Field` and `static Field b()`.
#pragma once

#include <array>
#include <cstdint>

namespace tessera::bls12_381 {

// A scalar as 256-bit little-endian limbs (any value; reduced modulo nothing).
using Scalar = std::array<std::uint64_t, 4>;

template <class Curve>
struct Affine {
  using F = typename Curve::Field;
  using CurveType = Curve;
  F x, y;
  bool infinity = true;

  static Affine identity() { return {}; }
  // True for the point at infinity and for points with y² = x³ + b.
  bool is_on_curve() const { return infinity || y.square() == x.square() * x + Curve::b(); }
  Affine operator-() const { return infinity ? *this : Affine{x, -y, false}; }
  bool operator==(const Affine& o) const {
    return infinity == o.infinity && (infinity || (x == o.x && y == o.y));
  }
  bool operator!=(const Affine& o) const { return !(*this == o); }
};

template <class Curve>
struct Jacobian {
  using F = typename Curve::Field;
  using AffinePoint = Affine<Curve>;
  F x, y, z;  // z = 0: the point at infinity

  static Jacobian identity() { return {F::one(), F::one(), F::zero()}; }
  static Jacobian from_affine(const AffinePoint& p) {
    return p.infinity ? identity() : Jacobian{p.x, p.y, F::one()};
  }
  bool is_identity() const { return z.is_zero(); }
  // The affine form (one field inversion).
  AffinePoint to_affine() const;
  Jacobian operator-() const { return {x, -y, z}; }
  // 2·this (dbl-2009-l, a = 0).
  Jacobian dbl() const;
  // this + o (add-2007-bl), with the doubling and inverse cases handled.
  Jacobian operator+(const Jacobian& o) const;
  // this + o for an affine o (madd-2007-bl).
  Jacobian operator+(const AffinePoint& o) const;
  Jacobian operator-(const Jacobian& o) const { return *this + (-o); }
  Jacobian& operator+=(const Jacobian& o) { return *this = *this + o; }
  // k·this with a fixed 4-bit window (variable time in k).
  Jacobian mul(const Scalar& k) const;
  Jacobian mul(std::uint64_t k) const { return mul(Scalar{k, 0, 0, 0}); }
  // Equality of the points represented (not of the coordinates).
  bool operator==(const Jacobian& o) const;
  bool operator!=(const Jacobian& o) const { return !(*this == o); }
};

template <class Curve>
Affine<Curve> Jacobian<Curve>::to_affine() const {
  if (is_identity()) return AffinePoint::identity();
  const F zi = z.inverse();
  const F zi2 = zi.square();
  return {x * zi2, y * zi2 * zi, false};
}

template <class Curve>
Jacobian<Curve> Jacobian<Curve>::dbl() const {
  if (is_identity()) return *this;
  const F a = x.square();
  const F b = y.square();
  const F c = b.square();
  const F d = ((x + b).square() - a - c).dbl();
  const F e = a.dbl() + a;
  const F f = e.square();
  const F x3 = f - d.dbl();
  const F c8 = c.dbl().dbl().dbl();
  return {x3, e * (d - x3) - c8, (y * z).dbl()};
}

template <class Curve>
Jacobian<Curve> Jacobian<Curve>::operator+(const Jacobian& o) const {
  if (is_identity()) return o;
  if (o.is_identity()) return *this;
  const F z1z1 = z.square();
  const F z2z2 = o.z.square();
  const F u1 = x * z2z2;
  const F u2 = o.x * z1z1;
  const F s1 = y * o.z * z2z2;
  const F s2 = o.y * z * z1z1;
  const F h = u2 - u1;
  const F r = (s2 - s1).dbl();
  if (h.is_zero()) return r.is_zero() ? dbl() : identity();
  const F i = h.dbl().square();
  const F j = h * i;
  const F v = u1 * i;
  const F x3 = r.square() - j - v.dbl();
  const F y3 = r * (v - x3) - (s1 * j).dbl();
  const F z3 = ((z + o.z).square() - z1z1 - z2z2) * h;
  return {x3, y3, z3};
}

template <class Curve>
Jacobian<Curve> Jacobian<Curve>::operator+(const AffinePoint& o) const {
  if (o.infinity) return *this;
  if (is_identity()) return from_affine(o);
  const F z1z1 = z.square();
  const F u2 = o.x * z1z1;
  const F s2 = o.y * z * z1z1;
  const F h = u2 - x;
  const F r = (s2 - y).dbl();
  if (h.is_zero()) return r.is_zero() ? dbl() : identity();
  const F hh = h.square();
  const F i = hh.dbl().dbl();
  const F j = h * i;
  const F v = x * i;
  const F x3 = r.square() - j - v.dbl();
  const F y3 = r * (v - x3) - (y * j).dbl();
  const F z3 = (z + h).square() - z1z1 - hh;
  return {x3, y3, z3};
}

template <class Curve>
Jacobian<Curve> Jacobian<Curve>::mul(const Scalar& k) const {
  std::array<Jacobian, 16> table;
  table[0] = identity();
  table[1] = *this;
  for (int i = 2; i < 16; ++i) table[i] = (i % 2 == 0) ? table[i / 2].dbl() : table[i - 1] + *this;
  Jacobian acc = identity();
  bool started = false;
  for (int nibble = 63; nibble >= 0; --nibble) {
    const unsigned d = static_cast<unsigned>(k[nibble / 16] >> (4 * (nibble % 16))) & 15;
    if (started) acc = acc.dbl().dbl().dbl().dbl();
    if (d) {
      acc = started ? acc + table[d] : table[d];
      started = true;
    }
  }
  return acc;
}

template <class Curve>
bool Jacobian<Curve>::operator==(const Jacobian& o) const {
  if (is_identity() || o.is_identity()) return is_identity() && o.is_identity();
  const F z1z1 = z.square();
  const F z2z2 = o.z.square();
  return x * z2z2 == o.x * z1z1 && y * z2z2 * o.z == o.y * z1z1 * z;
}

}  // namespace tessera::bls12_381
