#include "crypto/bls12_381/fp2.hpp"

namespace tessera::bls12_381 {
namespace {

// p ≡ 3 (mod 4), so (p − 3)/4 = p >> 2.
constexpr Limbs6 shr2(const Limbs6& a) {
  Limbs6 r{};
  for (int i = 0; i < 6; ++i) r[i] = (a[i] >> 2) | (i < 5 ? a[i + 1] << 62 : 0);
  return r;
}
constexpr Limbs6 kPMinus3Over4 = shr2(kFpModulus);

}  // namespace

Fp2 Fp2::operator*(const Fp2& o) const {
  // Karatsuba: (a0 + a1u)(b0 + b1u) = a0b0 − a1b1 + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)u.
  const Fp t0 = c0 * o.c0;
  const Fp t1 = c1 * o.c1;
  return {t0 - t1, (c0 + c1) * (o.c0 + o.c1) - t0 - t1};
}

Fp2 Fp2::square() const {
  // (a0 + a1u)² = (a0 + a1)(a0 − a1) + 2a0a1·u.
  return {(c0 + c1) * (c0 - c1), (c0 * c1).dbl()};
}

Fp2 Fp2::inverse() const {
  const Fp n = norm().inverse();
  return {c0 * n, -(c1 * n)};
}

std::optional<Fp2> Fp2::sqrt() const {
  // The "complex method" for u² = −1 (Adj and Rodríguez-Henríquez, eprint 2012/685, algorithm
  // 8): for a = a0 + a1·u with a1 ≠ 0, s = √(a0² + a1²) and x = x0 + x1·u with x0² = δ,
  // x1 = a1/(2·x0), where δ = (a0 + s)/2 if that is a square, else δ' = (a0 − s)/2 (δ·δ' = −a1²/4,
  // so exactly one is). One exponentiation t = δ^((p−3)/4) serves both cases:
  //   δ square:     t² = 1/δ, x0 = δ·t, x1 = a1·t/2;
  //   δ non-square: t² = −1/δ, x0 = a1·t/2 (x0² = −a1²/(4δ) = δ'), x1 = 1/t = −δ·t.
  static const Fp half = Fp::from_uint(2).inverse();
  if (c1.is_zero()) {
    if (auto r = c0.sqrt()) return Fp2{*r, Fp::zero()};
    if (auto r = (-c0).sqrt()) return Fp2{Fp::zero(), *r};  // (r·u)² = −r²
    return std::nullopt;
  }
  const auto s = norm().sqrt();
  if (!s) return std::nullopt;  // a is a square iff its norm is
  const Fp delta = (c0 + *s) * half;
  const Fp t = delta.pow(kPMinus3Over4);
  const Fp dt = delta * t;
  const Fp a1t_half = c1 * t * half;
  const Fp2 x = dt.square() == delta ? Fp2{dt, a1t_half} : Fp2{a1t_half, -dt};
  if (x.square() != *this) return std::nullopt;
  return x;
}

}  // namespace tessera::bls12_381
