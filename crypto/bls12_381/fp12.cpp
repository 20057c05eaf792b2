#include "crypto/bls12_381/fp12.hpp"

#include "crypto/bls12_381/frobenius_constants.hpp"

namespace tessera::bls12_381 {

Fp12 Fp12::operator*(const Fp12& o) const {
  const Fp6 t0 = c0 * o.c0;
  const Fp6 t1 = c1 * o.c1;
  return {t0 + t1.mul_by_nonresidue(), (c0 + c1) * (o.c0 + o.c1) - t0 - t1};
}

Fp12 Fp12::square() const {
  // Complex squaring: with t = a0a1, c0 = (a0 + a1)(a0 + v·a1) − t − v·t, c1 = 2t.
  const Fp6 t = c0 * c1;
  const Fp6 c = (c0 + c1) * (c0 + c1.mul_by_nonresidue()) - t - t.mul_by_nonresidue();
  return {c, t + t};
}

Fp12 Fp12::frobenius(int k) const {
  const Fp2& w = frobenius_constants().w;
  Fp12 r = *this;
  for (int i = 0; i < k; ++i) r = {r.c0.frobenius(), r.c1.frobenius().mul_by_fp2(w)};
  return r;
}

Fp12 Fp12::inverse() const {
  // (a0 + a1w)(a0 − a1w) = a0² − v·a1² ∈ Fp6.
  const Fp6 n = (c0.square() - c1.square().mul_by_nonresidue()).inverse();
  return {c0 * n, -(c1 * n)};
}

Fp12 Fp12::mul_by_014(const Fp2& o0, const Fp2& o1, const Fp2& o4) const {
  const Fp6 t0 = c0.mul_by_01(o0, o1);
  const Fp6 t1 = c1.mul_by_1(o4);
  return {t0 + t1.mul_by_nonresidue(), (c0 + c1).mul_by_01(o0, o1 + o4) - t0 - t1};
}

Fp12 Fp12::cyclotomic_square() const {
  // View Fp12 as Fp4[t]/(t³ − s) with s = w³, Fp4 = Fp2[s]/(s² − ξ), t = w. In our basis
  // f = A0 + A1·t + A2·t² with A0 = g0 + h1·s, A1 = h0 + g2·s, A2 = g1 + h2·s (g = c0, h = c1).
  // Granger–Scott (eprint 2009/565 §3.2): A0' = 3A0² − 2·conj(A0), A1' = 3s·A2² + 2·conj(A1),
  // A2' = 3A1² − 2·conj(A2), where conj(a + b·s) = a − b·s.
  const Fp2 &g0 = c0.c0, &g1 = c0.c1, &g2 = c0.c2, &h0 = c1.c0, &h1 = c1.c1, &h2 = c1.c2;
  // (a + b·s)² = (a² + ξb²) + 2ab·s.
  auto fp4_square = [](const Fp2& a, const Fp2& b, Fp2& x, Fp2& y) {
    const Fp2 a2 = a.square(), b2 = b.square();
    x = a2 + b2.mul_by_nonresidue();
    y = (a + b).square() - a2 - b2;
  };
  Fp2 x0, y0, x1, y1, x2, y2;
  fp4_square(g0, h1, x0, y0);
  fp4_square(h0, g2, x1, y1);
  fp4_square(g1, h2, x2, y2);
  auto three_minus_two = [](const Fp2& x, const Fp2& g) {  // 3x − 2g = 2(x − g) + x
    return (x - g).dbl() + x;
  };
  auto three_plus_two = [](const Fp2& y, const Fp2& h) {  // 3y + 2h = 2(y + h) + y
    return (y + h).dbl() + y;
  };
  Fp12 r;
  r.c0.c0 = three_minus_two(x0, g0);
  r.c1.c1 = three_plus_two(y0, h1);
  r.c1.c0 = three_plus_two(y2.mul_by_nonresidue(), h0);
  r.c0.c2 = three_minus_two(x2, g2);
  r.c0.c1 = three_minus_two(x1, g1);
  r.c1.c2 = three_plus_two(y1, h2);
  return r;
}

std::array<std::uint8_t, 576> Fp12::to_bytes() const {
  std::array<std::uint8_t, 576> out{};
  const Fp2* parts[6] = {&c0.c0, &c0.c1, &c0.c2, &c1.c0, &c1.c1, &c1.c2};
  for (int i = 0; i < 6; ++i) {
    parts[i]->c0.to_bytes_be(out.data() + 96 * i);
    parts[i]->c1.to_bytes_be(out.data() + 96 * i + 48);
  }
  return out;
}

}  // namespace tessera::bls12_381
