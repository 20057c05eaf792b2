#include "crypto/bls12_381/fp6.hpp"

#include "crypto/bls12_381/frobenius_constants.hpp"

namespace tessera::bls12_381 {

Fp6 Fp6::operator*(const Fp6& o) const {
  // Karatsuba over v³ = ξ (Devegili et al., "Multiplication and squaring on pairing-friendly
  // fields", §4).
  const Fp2 t0 = c0 * o.c0;
  const Fp2 t1 = c1 * o.c1;
  const Fp2 t2 = c2 * o.c2;
  return {t0 + ((c1 + c2) * (o.c1 + o.c2) - t1 - t2).mul_by_nonresidue(),
          (c0 + c1) * (o.c0 + o.c1) - t0 - t1 + t2.mul_by_nonresidue(),
          (c0 + c2) * (o.c0 + o.c2) - t0 - t2 + t1};
}

Fp6 Fp6::square() const {
  // Chung–Hasan SQR2: s0 = a0², s1 = 2a0a1, s2 = (a0 − a1 + a2)², s3 = 2a1a2, s4 = a2².
  const Fp2 s0 = c0.square();
  const Fp2 s1 = (c0 * c1).dbl();
  const Fp2 s2 = (c0 - c1 + c2).square();
  const Fp2 s3 = (c1 * c2).dbl();
  const Fp2 s4 = c2.square();
  return {s0 + s3.mul_by_nonresidue(), s1 + s4.mul_by_nonresidue(), s1 + s2 + s3 - s0 - s4};
}

Fp6 Fp6::mul_by_01(const Fp2& b0, const Fp2& b1) const {
  // (a0 + a1v + a2v²)(b0 + b1v) = a0b0 + ξa2b1 + (a0b1 + a1b0)v + (a1b1 + a2b0)v².
  const Fp2 t0 = c0 * b0;
  const Fp2 t1 = c1 * b1;
  return {t0 + (c2 * b1).mul_by_nonresidue(), (c0 + c1) * (b0 + b1) - t0 - t1, c2 * b0 + t1};
}

Fp6 Fp6::mul_by_1(const Fp2& b1) const {
  return {(c2 * b1).mul_by_nonresidue(), c0 * b1, c1 * b1};
}

Fp6 Fp6::frobenius() const {
  const auto& k = frobenius_constants();
  return {c0.conjugate(), c1.conjugate() * k.v, c2.conjugate() * k.v2};
}

Fp6 Fp6::inverse() const {
  // With A = a0² − ξa1a2, B = ξa2² − a0a1, C = a1² − a0a2 the norm is a0A + ξ(a2B + a1C),
  // and (A + Bv + Cv²)/norm is the inverse.
  const Fp2 a = c0.square() - (c1 * c2).mul_by_nonresidue();
  const Fp2 b = c2.square().mul_by_nonresidue() - c0 * c1;
  const Fp2 c = c1.square() - c0 * c2;
  const Fp2 n = (c0 * a + (c2 * b + c1 * c).mul_by_nonresidue()).inverse();
  return {a * n, b * n, c * n};
}

}  // namespace tessera::bls12_381
