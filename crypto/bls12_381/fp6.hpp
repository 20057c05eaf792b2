// Fp6 = Fp2[v]/(v³ − ξ), ξ = u + 1; elements c0 + c1·v + c2·v².
#pragma once

#include "crypto/bls12_381/fp2.hpp"

namespace tessera::bls12_381 {

struct Fp6 {
  Fp2 c0, c1, c2;

  static Fp6 zero() { return {}; }
  static Fp6 one() { return {Fp2::one(), Fp2::zero(), Fp2::zero()}; }

  Fp6 operator+(const Fp6& o) const { return {c0 + o.c0, c1 + o.c1, c2 + o.c2}; }
  Fp6 operator-(const Fp6& o) const { return {c0 - o.c0, c1 - o.c1, c2 - o.c2}; }
  Fp6 operator-() const { return {-c0, -c1, -c2}; }
  Fp6 operator*(const Fp6& o) const;
  Fp6& operator+=(const Fp6& o) { return *this = *this + o; }
  Fp6& operator-=(const Fp6& o) { return *this = *this - o; }
  Fp6& operator*=(const Fp6& o) { return *this = *this * o; }
  Fp6 square() const;
  // Product with an Fp2 scalar.
  Fp6 mul_by_fp2(const Fp2& s) const { return {c0 * s, c1 * s, c2 * s}; }
  // Product with v (the non-residue of Fp12): ξ·c2 + c0·v + c1·v².
  Fp6 mul_by_nonresidue() const { return {c2.mul_by_nonresidue(), c0, c1}; }
  // Product with the sparse element b0 + b1·v.
  Fp6 mul_by_01(const Fp2& b0, const Fp2& b1) const;
  // Product with the sparse element b1·v.
  Fp6 mul_by_1(const Fp2& b1) const;
  // The p-power Frobenius map.
  Fp6 frobenius() const;
  // Multiplicative inverse; the inverse of zero is zero.
  Fp6 inverse() const;

  bool is_zero() const { return c0.is_zero() && c1.is_zero() && c2.is_zero(); }
  bool operator==(const Fp6& o) const { return c0 == o.c0 && c1 == o.c1 && c2 == o.c2; }
  bool operator!=(const Fp6& o) const { return !(*this == o); }
};

}  // namespace tessera::bls12_381
