#include "crypto/bls12_381/frobenius_constants.hpp"

namespace tessera::bls12_381 {
namespace {

// (p − 1)/6 by long division on the limbs (p ≡ 1 mod 6).
Limbs6 p_minus_1_over_6() {
  Limbs6 a = kFpModulus;
  a[0] -= 1;
  Limbs6 q{};
  unsigned __int128 rem = 0;
  for (int i = 5; i >= 0; --i) {
    const unsigned __int128 cur = (rem << 64) | a[i];
    q[i] = static_cast<std::uint64_t>(cur / 6);
    rem = cur % 6;
  }
  return q;
}

FrobeniusConstants compute() {
  const Fp2 xi{Fp::one(), Fp::one()};
  FrobeniusConstants c;
  c.w = xi.pow(p_minus_1_over_6());
  c.v = c.w.square();
  c.v2 = c.v.square();
  return c;
}

}  // namespace

const FrobeniusConstants& frobenius_constants() {
  static const FrobeniusConstants constants = compute();
  return constants;
}

}  // namespace tessera::bls12_381
