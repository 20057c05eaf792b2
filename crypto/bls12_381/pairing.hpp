// The optimal ate pairing e: G1 × G2 → GT ⊂ Fp12 for x = −0xd201000000010000: Miller loop,
// final exponentiation to the power (p¹² − 1)/r·3 — the exponent blst, zkcrypto and noble use, so
// values agree byte for byte — and products of pairings with one final exponentiation.
#pragma once

#include <span>
#include <utility>

#include "crypto/bls12_381/fp12.hpp"
#include "crypto/bls12_381/g1.hpp"
#include "crypto/bls12_381/g2.hpp"

namespace tessera::bls12_381 {

using PairingInput = std::pair<G1Affine, G2Affine>;

// Π f_{x,Q_i}(P_i), the Miller loops of all pairs sharing one accumulator (pairs with an
// identity point contribute 1). Points are not checked; pass on-curve subgroup points.
Fp12 multi_miller_loop(std::span<const PairingInput> pairs);

// The Miller loop of one pair.
Fp12 miller_loop(const G1Affine& p, const G2Affine& q);

// f^(3(p¹² − 1)/r): easy part (p⁶ − 1)(p² + 1), then the hard part as
// (x − 1)²(x + p)(x² + p² − 1) + 3 with cyclotomic squarings.
Fp12 final_exponentiation(const Fp12& f);

// e(p, q).
Fp12 pairing(const G1Affine& p, const G2Affine& q);

// True when Π e(P_i, Q_i) = 1 (one final exponentiation).
bool pairing_product_is_one(std::span<const PairingInput> pairs);

}  // namespace tessera::bls12_381
