// Fp2 = Fp[u]/(u² + 1), elements c0 + c1·u. The tower's non-residue for Fp6 is ξ = u + 1.
#pragma once

#include <optional>

#include "crypto/bls12_381/fp.hpp"

namespace tessera::bls12_381 {

struct Fp2 {
  Fp c0, c1;

  static Fp2 zero() { return {}; }
  static Fp2 one() { return {Fp::one(), Fp::zero()}; }

  Fp2 operator+(const Fp2& o) const { return {c0 + o.c0, c1 + o.c1}; }
  Fp2 operator-(const Fp2& o) const { return {c0 - o.c0, c1 - o.c1}; }
  Fp2 operator-() const { return {-c0, -c1}; }
  Fp2 operator*(const Fp2& o) const;
  Fp2& operator+=(const Fp2& o) { return *this = *this + o; }
  Fp2& operator-=(const Fp2& o) { return *this = *this - o; }
  Fp2& operator*=(const Fp2& o) { return *this = *this * o; }
  Fp2 dbl() const { return {c0.dbl(), c1.dbl()}; }
  Fp2 square() const;
  // Product with an Fp scalar.
  Fp2 mul_by_fp(const Fp& s) const { return {c0 * s, c1 * s}; }
  // Product with ξ = u + 1: (c0 − c1) + (c0 + c1)·u.
  Fp2 mul_by_nonresidue() const { return {c0 - c1, c0 + c1}; }
  // c0 − c1·u, which is also the p-power Frobenius map.
  Fp2 conjugate() const { return {c0, -c1}; }
  // c0² + c1², the norm to Fp.
  Fp norm() const { return c0.square() + c1.square(); }
  // Multiplicative inverse; the inverse of zero is zero.
  Fp2 inverse() const;
  // A square root when one exists (either of the two), else nullopt.
  std::optional<Fp2> sqrt() const;
  // this^e for an exponent given as little-endian limbs (variable time in e).
  template <std::size_t N>
  Fp2 pow(const std::array<std::uint64_t, N>& e) const {
    return window_pow(*this, e);
  }
  // The zcash sign: c1 > (p−1)/2, or c1 = 0 and c0 > (p−1)/2.
  bool lexicographically_largest() const {
    return c1.is_zero() ? c0.lexicographically_largest() : c1.lexicographically_largest();
  }

  bool is_zero() const { return c0.is_zero() && c1.is_zero(); }
  bool operator==(const Fp2& o) const { return c0 == o.c0 && c1 == o.c1; }
  bool operator!=(const Fp2& o) const { return !(*this == o); }
};

}  // namespace tessera::bls12_381
