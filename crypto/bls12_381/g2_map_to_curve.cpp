// map_to_curve for G2 (RFC 9380 §6.6.2 and §6.6.3): the simplified SWU map onto the curve
// E2': y² = x³ + A'·x + B' that is 3-isogenous to E2, then the isogeny map of Appendix E.3.
// The isogeny's denominators are kept in the Jacobian Z coordinate, so no inversion is needed
// after the SWU step.
#include <array>
#include <optional>
#include <string_view>

#include "crypto/bls12_381/hash_to_curve.hpp"

namespace tessera::bls12_381 {
namespace {

Fp2 fp2_from_hex(std::string_view c0, std::string_view c1) {
  return Fp2{Fp::from_hex(c0), Fp::from_hex(c1)};
}

// The coefficients k_(i,j) of RFC 9380 Appendix E.3, lowest degree first. The denominators are
// monic; their leading 1 is left out.
struct IsogenyConstants {
  std::array<Fp2, 4> x_num;
  std::array<Fp2, 2> x_den;
  std::array<Fp2, 4> y_num;
  std::array<Fp2, 3> y_den;
};

const IsogenyConstants& isogeny() {
  static const IsogenyConstants k = {
      {fp2_from_hex(
           "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6"
           "238aaaaaaaa97d6",
           "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6"
           "238aaaaaaaa97d6"),
       fp2_from_hex(
           "0",
           "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d5555"
           "26a9ffffffffc71a"),
       fp2_from_hex(
           "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d5555"
           "26a9ffffffffc71e",
           "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9"
           "354ffffffffe38d"),
       fp2_from_hex(
           "171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b85757098e38d0f671c71"
           "88e2aaaaaaaa5ed1",
           "0")},
      {fp2_from_hex(
           "0",
           "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffff"
           "b9feffffffffaa63"),
       fp2_from_hex(
           "c",
           "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffff"
           "b9feffffffffaa9f")},
      {fp2_from_hex(
           "1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f68"
           "12cfc71c71c6d706",
           "1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f68"
           "12cfc71c71c6d706"),
       fp2_from_hex(
           "0",
           "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6"
           "238aaaaaaaa97be"),
       fp2_from_hex(
           "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d5555"
           "26a9ffffffffc71c",
           "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9"
           "354ffffffffe38f"),
       fp2_from_hex(
           "124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa274524e79097a56dc4bd9"
           "e1b371c71c718b10",
           "0")},
      {fp2_from_hex(
           "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffff"
           "b9feffffffffa8fb",
           "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffff"
           "b9feffffffffa8fb"),
       fp2_from_hex(
           "0",
           "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffff"
           "b9feffffffffa9d3"),
       fp2_from_hex(
           "12",
           "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffff"
           "b9feffffffffaa99")}};
  return k;
}

// The SWU constants for E2': A' = 240·u, B' = 1012·(1 + u), Z = −(2 + u) (RFC 9380 §8.8.2),
// and the two quotients the map uses.
struct SwuConstants {
  Fp2 a, b, z;
  Fp2 minus_b_over_a;  // −B'/A'
  Fp2 b_over_za;       // B'/(Z·A'), the exceptional x1
};

const SwuConstants& swu() {
  static const SwuConstants c = [] {
    SwuConstants s;
    s.a = Fp2{Fp::zero(), Fp::from_uint(240)};
    s.b = Fp2{Fp::from_uint(1012), Fp::from_uint(1012)};
    s.z = -Fp2{Fp::from_uint(2), Fp::one()};
    s.minus_b_over_a = -(s.b * s.a.inverse());
    s.b_over_za = s.b * (s.z * s.a).inverse();
    return s;
  }();
  return c;
}

// sgn0 for Fp2 (RFC 9380 §4.1): the parity of c0, or of c1 when c0 = 0.
bool sgn0(const Fp2& a) {
  const bool sign0 = (a.c0.to_limbs()[0] & 1) != 0;
  const bool sign1 = (a.c1.to_limbs()[0] & 1) != 0;
  return sign0 || (a.c0.is_zero() && sign1);
}

// Σ coeffs[i]·x^i plus, for a monic polynomial, the leading x^N.
template <std::size_t N>
Fp2 horner(const std::array<Fp2, N>& coeffs, const Fp2& x, bool monic) {
  Fp2 acc = monic ? Fp2::one() : coeffs[N - 1];
  for (std::size_t i = monic ? N : N - 1; i-- > 0;) acc = acc * x + coeffs[i];
  return acc;
}

}  // namespace

G2 map_to_curve_g2(const Fp2& u) {
  const SwuConstants& c = swu();
  // Simplified SWU (§6.6.2), the straightforward non-constant-time form.
  const Fp2 z_u2 = c.z * u.square();
  const Fp2 tv1 = (z_u2.square() + z_u2).inverse();  // inv0: zero maps to zero
  const Fp2 x1 = tv1.is_zero() ? c.b_over_za : c.minus_b_over_a * (Fp2::one() + tv1);
  const Fp2 gx1 = (x1.square() + c.a) * x1 + c.b;
  Fp2 x = x1;
  std::optional<Fp2> y = gx1.sqrt();
  if (!y) {
    x = z_u2 * x1;
    y = ((x.square() + c.a) * x + c.b).sqrt();  // gx1·gx2 is a non-square times a square
  }
  const Fp2 root = y.value();
  const Fp2 y_signed = sgn0(u) == sgn0(root) ? root : -root;

  // The 3-isogeny E2' → E2 (Appendix E.3): x = x_num/x_den, y = y'·y_num/y_den, written as the
  // Jacobian point (x_num·x_den·y_den², y'·y_num·x_den³·y_den², x_den·y_den). A zero denominator
  // gives Z = 0, the identity, as the RFC requires.
  const IsogenyConstants& k = isogeny();
  const Fp2 x_num = horner(k.x_num, x, false);
  const Fp2 x_den = horner(k.x_den, x, true);
  const Fp2 y_num = horner(k.y_num, x, false);
  const Fp2 y_den = horner(k.y_den, x, true);
  const Fp2 y_den2 = y_den.square();
  const Fp2 x_den_y_den2 = x_den * y_den2;
  return G2{x_num * x_den_y_den2, y_signed * y_num * x_den.square() * x_den_y_den2, x_den * y_den};
}

}  // namespace tessera::bls12_381
