// clear_cofactor for G2 (RFC 9380 Appendix G.3, after Budroni–Pintore): [h_eff]P with two
// multiplications by the curve parameter x and three applications of ψ, all on Jacobian points.
#include "crypto/bls12_381/hash_to_curve.hpp"
#include "crypto/bls12_381/scalar.hpp"

namespace tessera::bls12_381 {
namespace {

// (p − 1)/d for a small divisor d of p − 1, little-endian limbs.
constexpr Limbs6 p_minus_one_over(std::uint64_t d) {
  Limbs6 n = kFpModulus;
  n[0] -= 1;  // p ends in …aaab, no borrow
  Limbs6 q{};
  unsigned __int128 rem = 0;
  for (int i = 5; i >= 0; --i) {
    const unsigned __int128 cur = (rem << 64) | n[i];
    q[i] = static_cast<std::uint64_t>(cur / d);
    rem = cur % d;
  }
  return q;
}

// ψ's constants 1/ξ^((p−1)/3) and 1/ξ^((p−1)/2) for ξ = 1 + u (RFC 9380 Appendix G.3).
struct PsiConstants {
  Fp2 x, y;
};

const PsiConstants& psi_constants() {
  static const PsiConstants c = [] {
    const Fp2 xi{Fp::one(), Fp::one()};
    return PsiConstants{xi.pow(p_minus_one_over(3)).inverse(),
                        xi.pow(p_minus_one_over(2)).inverse()};
  }();
  return c;
}

// ψ(P) = (x̄·c_x, ȳ·c_y) in Jacobian form: conjugation is a field automorphism, so it commutes
// with the division by Z² and Z³.
G2 psi(const G2& p) {
  const PsiConstants& c = psi_constants();
  return G2{p.x.conjugate() * c.x, p.y.conjugate() * c.y, p.z.conjugate()};
}

// [x]P for the (negative) curve parameter x = −|x|, by double-and-add over the bits of |x|.
G2 mul_by_x(const G2& p) {
  G2 acc = p;  // the top bit of |x|
  for (int bit = 62; bit >= 0; --bit) {
    acc = acc.dbl();
    if ((kAbsX >> bit) & 1) acc = acc + p;
  }
  return -acc;
}

}  // namespace

G2 clear_cofactor_g2(const G2& p) {
  const G2 t1 = mul_by_x(p);          // [x]P
  const G2 psi_p = psi(p);            // ψ(P)
  G2 t3 = psi(psi(p.dbl())) - psi_p;  // ψ²(2P) − ψ(P)
  t3 = t3 + mul_by_x(t1 + psi_p);     // + [x²]P + [x]ψ(P)
  return t3 - t1 - p;                 // − [x]P − P
}

}  // namespace tessera::bls12_381
