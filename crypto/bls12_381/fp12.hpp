// Fp12 = Fp6[w]/(w² − v); elements c0 + c1·w. The pairing's target group GT lives here.
#pragma once

#include <array>
#include <cstdint>

#include "crypto/bls12_381/fp6.hpp"

namespace tessera::bls12_381 {

struct Fp12 {
  Fp6 c0, c1;

  static Fp12 zero() { return {}; }
  static Fp12 one() { return {Fp6::one(), Fp6::zero()}; }

  Fp12 operator+(const Fp12& o) const { return {c0 + o.c0, c1 + o.c1}; }
  Fp12 operator-(const Fp12& o) const { return {c0 - o.c0, c1 - o.c1}; }
  Fp12 operator*(const Fp12& o) const;
  Fp12& operator*=(const Fp12& o) { return *this = *this * o; }
  Fp12 square() const;
  // c0 − c1·w: the p⁶-power Frobenius, and the inverse of an element of the cyclotomic subgroup.
  Fp12 conjugate() const { return {c0, -c1}; }
  // The p^k-power Frobenius map (k ≥ 0).
  Fp12 frobenius(int k = 1) const;
  // Multiplicative inverse; the inverse of zero is zero.
  Fp12 inverse() const;
  // Product with the sparse element (o0 + o1·v) + (o4·v)·w, the shape of a Miller-loop line.
  Fp12 mul_by_014(const Fp2& o0, const Fp2& o1, const Fp2& o4) const;
  // Square of an element of the cyclotomic subgroup (order divides p⁴ − p² + 1), by Granger and
  // Scott's formula; wrong for other elements.
  Fp12 cyclotomic_square() const;

  // The 12 Fp coefficients as 48-byte big-endian integers in nesting order c0.c0.c0, c0.c0.c1,
  // c0.c1.c0, …, c1.c2.c1 (the order @noble/curves' Fp12.toBytes uses).
  std::array<std::uint8_t, 576> to_bytes() const;

  bool is_one() const { return *this == one(); }
  bool operator==(const Fp12& o) const { return c0 == o.c0 && c1 == o.c1; }
  bool operator!=(const Fp12& o) const { return !(*this == o); }
};

}  // namespace tessera::bls12_381
