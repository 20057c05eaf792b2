#include "crypto/bls12_381/g2.hpp"

#include "crypto/bls12_381/frobenius_constants.hpp"

namespace tessera::bls12_381 {

template struct Jacobian<G2Curve>;

const Fp2& G2Curve::b() {
  static const Fp2 b{Fp::from_uint(4), Fp::from_uint(4)};
  return b;
}

const G2Affine& g2_generator() {
  static const G2Affine g{
      {Fp::from_hex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a80"
                    "5bbefd48056c8c121bdb8"),
       Fp::from_hex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf112139"
                    "45d57e5ac7d055d042b7e")},
      {Fp::from_hex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3ba"
                    "ca289e193548608b82801"),
       Fp::from_hex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275ce"
                    "c1da1aaa9075ff05f79be")},
      false};
  return g;
}

G2Affine g2_psi(const G2Affine& p) {
  if (p.infinity) return p;
  struct Coeffs {
    Fp2 x, y;
  };
  static const Coeffs c = [] {
    const auto& k = frobenius_constants();
    return Coeffs{k.v.inverse(), (k.v * k.w).inverse()};
  }();
  return {p.x.conjugate() * c.x, p.y.conjugate() * c.y, false};
}

bool g2_in_subgroup(const G2Affine& p) {
  if (p.infinity) return true;
  // x < 0: [x]p = −[|x|]p.
  return G2::from_affine(g2_psi(p)) == -G2::from_affine(p).mul(kAbsX);
}

bool g2_in_subgroup_by_order(const G2Affine& p) {
  return G2::from_affine(p).mul(kGroupOrder).is_identity();
}

}  // namespace tessera::bls12_381
