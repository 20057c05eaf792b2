#include "crypto/bls12_381/g1.hpp"

namespace tessera::bls12_381 {

template struct Jacobian<G1Curve>;

const Fp& G1Curve::b() {
  static const Fp b = Fp::from_uint(4);
  return b;
}

const G1Affine& g1_generator() {
  static const G1Affine g{
      Fp::from_hex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1"
                   "aeffb3af00adb22c6bb"),
      Fp::from_hex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888"
                   "ae40caa232946c5e7e1"),
      false};
  return g;
}

bool g1_in_subgroup(const G1Affine& p) {
  if (p.infinity) return true;
  // The primitive cube root of unity β whose endomorphism acts on G1 as [−x²] (checked on the
  // generator by test; source: @noble/curves 2.4.0, 2^((p−1)/3) squared or not, whichever fits).
  static const Fp beta = Fp::from_hex(
      "5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffe");
  // [x²]p = [|x|]([|x|]p); φ(p) = −[x²]p.
  const G1 xx = G1::from_affine(p).mul(kAbsX).mul(kAbsX);
  const G1 phi = G1::from_affine(G1Affine{p.x * beta, p.y, false});
  return phi == -xx;
}

bool g1_in_subgroup_by_order(const G1Affine& p) {
  return G1::from_affine(p).mul(kGroupOrder).is_identity();
}

}  // namespace tessera::bls12_381
