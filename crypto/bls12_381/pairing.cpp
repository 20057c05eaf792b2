#include "crypto/bls12_381/pairing.hpp"

#include <vector>

namespace tessera::bls12_381 {
namespace {

// A point of E'(Fp2) in homogeneous projective coordinates (x = X/Z, y = Y/Z).
struct G2Proj {
  Fp2 x, y, z;
};

// A line ℓ = c0 + (c1·x_P)·v + (c4·y_P)·v·w before evaluation at P. With the M-type twist
// ψ(x', y') = (x'/w², y'/w³), the line through ψ(T) with slope λ'/w, multiplied by w³ (killed by
// the final exponentiation), is (λ'x_T − y_T) − λ'x_P·v + y_P·v·w.
struct Line {
  Fp2 c0, c1, c4;
};

// 3b' = 12(u + 1) times a.
Fp2 mul_by_3b(const Fp2& a) {
  const Fp2 t = a.mul_by_nonresidue().dbl().dbl();
  return t + t + t;
}

// T ← 2T and the tangent at T. With B = Y², C = Z², E = 3b'C, F = 3E (on the curve
// 3X³ = 3Y²Z − 3b'Z³), scaled by 4: X' = 2XY(B − F), Y' = (B + F)² − 12E², Z' = 8B·YZ; the tangent
// scaled by 2YZ: c0 = B − E, c1 = −3X², c4 = 2YZ.
Line doubling_step(G2Proj& t) {
  const Fp2 xx = t.x.square();
  const Fp2 b = t.y.square();
  const Fp2 c = t.z.square();
  const Fp2 e = mul_by_3b(c);
  const Fp2 f = e.dbl() + e;
  const Fp2 yz = t.y * t.z;
  const Fp2 xy = t.x * t.y;
  const Fp2 e2 = e.square();
  const Fp2 e2_12 = (e2.dbl() + e2).dbl().dbl();
  Line l{b - e, -(xx.dbl() + xx), yz.dbl()};
  t.x = (xy * (b - f)).dbl();
  t.y = (b + f).square() - e2_12;
  t.z = (b * yz).dbl().dbl().dbl();
  return l;
}

// T ← T + Q and the line through T and Q. With θ = Y − y_Q·Z, λ = X − x_Q·Z (slope θ/λ):
// D = λ², E = λ·D, G = X·D, H = E + Z·θ² − 2G, T' = (λH, θ(G − H) − Y·E, Z·E); the line scaled by
// λ: c0 = θ·x_Q − λ·y_Q, c1 = −θ, c4 = λ.
Line addition_step(G2Proj& t, const G2Affine& q) {
  const Fp2 theta = t.y - q.y * t.z;
  const Fp2 lambda = t.x - q.x * t.z;
  const Fp2 d = lambda.square();
  const Fp2 e = lambda * d;
  const Fp2 g = t.x * d;
  const Fp2 h = e + t.z * theta.square() - g.dbl();
  Line l{theta * q.x - lambda * q.y, -theta, lambda};
  t.y = theta * (g - h) - t.y * e;
  t.x = lambda * h;
  t.z = t.z * e;
  return l;
}

Fp12 apply_line(const Fp12& f, const Line& l, const G1Affine& p) {
  return f.mul_by_014(l.c0, l.c1.mul_by_fp(p.x), l.c4.mul_by_fp(p.y));
}

// g^x for g in the cyclotomic subgroup (x < 0: the conjugate of g^|x|).
Fp12 cyclotomic_exp_by_x(const Fp12& g) {
  Fp12 r = g;
  for (int bit = 62; bit >= 0; --bit) {
    r = r.cyclotomic_square();
    if ((kAbsX >> bit) & 1) r *= g;
  }
  return r.conjugate();
}

}  // namespace

Fp12 multi_miller_loop(std::span<const PairingInput> pairs) {
  std::vector<const PairingInput*> live;
  std::vector<G2Proj> ts;
  for (const auto& pair : pairs) {
    if (pair.first.infinity || pair.second.infinity) continue;
    live.push_back(&pair);
    ts.push_back({pair.second.x, pair.second.y, Fp2::one()});
  }
  Fp12 f = Fp12::one();
  if (live.empty()) return f;
  // The top bit of |x| is the starting point T = Q; walk the remaining 63 bits.
  for (int bit = 62; bit >= 0; --bit) {
    if (bit != 62) f = f.square();
    for (std::size_t i = 0; i < live.size(); ++i) {
      f = apply_line(f, doubling_step(ts[i]), live[i]->first);
    }
    if ((kAbsX >> bit) & 1) {
      for (std::size_t i = 0; i < live.size(); ++i) {
        f = apply_line(f, addition_step(ts[i], live[i]->second), live[i]->first);
      }
    }
  }
  // x < 0: f_{x,Q} = 1/f_{|x|,Q} up to factors the final exponentiation removes, and after it
  // the inverse is the conjugate.
  return f.conjugate();
}

Fp12 miller_loop(const G1Affine& p, const G2Affine& q) {
  const PairingInput pair{p, q};
  return multi_miller_loop(std::span<const PairingInput>(&pair, 1));
}

Fp12 final_exponentiation(const Fp12& f) {
  // Easy part: f^(p⁶ − 1) = conj(f)/f, then ·^(p² + 1). The result is in the cyclotomic subgroup.
  const Fp12 t = f.conjugate() * f.inverse();
  const Fp12 m = t.frobenius(2) * t;
  // Hard part: m^((x − 1)²(x + p)(x² + p² − 1) + 3) = m^(3(p⁴ − p² + 1)/r).
  const Fp12 m_x_minus_1 = cyclotomic_exp_by_x(m) * m.conjugate();
  const Fp12 a = cyclotomic_exp_by_x(m_x_minus_1) * m_x_minus_1.conjugate();  // m^((x−1)²)
  const Fp12 b = cyclotomic_exp_by_x(a) * a.frobenius(1);                     // a^(x + p)
  const Fp12 c = cyclotomic_exp_by_x(cyclotomic_exp_by_x(b)) * b.frobenius(2) *
                 b.conjugate();  // b^(x² + p² − 1)
  return c * m.cyclotomic_square() * m;
}

Fp12 pairing(const G1Affine& p, const G2Affine& q) {
  return final_exponentiation(miller_loop(p, q));
}

bool pairing_product_is_one(std::span<const PairingInput> pairs) {
  return final_exponentiation(multi_miller_loop(pairs)).is_one();
}

}  // namespace tessera::bls12_381
