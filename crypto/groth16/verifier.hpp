// Groth16 verification as bellperson does it (src/groth16/verifier.rs, reference/snark.md §1.5):
// the single-proof check with one final exponentiation, and the randomized batch check.
#pragma once

#include <span>
#include <vector>

#include "crypto/bls12_381/fp12.hpp"
#include "crypto/fr.hpp"
#include "crypto/groth16/proof.hpp"
#include "crypto/groth16/verifying_key.hpp"

namespace tessera::groth16 {

struct PreparedVerifyingKey {
  VerifyingKey vk;
  bls12_381::Fp12 alpha_beta;  // e(alpha_g1, beta_g2)
  bls12_381::G2Affine neg_gamma_g2, neg_delta_g2;
};

// Caches e(α, β), −γ and −δ (one full pairing). Points are used as given (decode them checked).
PreparedVerifyingKey prepare_verifying_key(const VerifyingKey& vk);

// The Groth16 check e(A,B) = e(α,β)·e(acc,γ)·e(C,δ), acc = ic0 + Σ inputs_i·ic_{i+1} (three
// Miller loops, one final exponentiation). The proof's points must be on-curve subgroup points
// (read_proof guarantees it). InvalidInput when inputs.size() + 1 != ic.size().
bool verify_proof(const PreparedVerifyingKey& pvk, const Proof& proof,
                  std::span<const crypto::Fr> inputs);

// bellperson's batch check (snark.md §1.5, Zcash spec appendix B.2): with fresh random non-zero
// 128-bit z_j from std::random_device,
//   FE(Π_j ML(z_j·A_j, B_j) · ML(Σ_j z_j·acc_j, −γ) · ML(Σ_j z_j·C_j, −δ)) = e(α,β)^(Σ_j z_j).
// It accepts the same set as verifying each proof (up to a 2^-128 chance of accepting a bad one).
// One proof falls back to verify_proof; no proofs give true, as in bellperson, where the empty
// product reduces the equation to 1 = 1. InvalidInput when proofs and inputs differ in count or an
// input vector does not have ic.size() − 1 elements.
bool verify_proofs_batch(const PreparedVerifyingKey& pvk, std::span<const Proof> proofs,
                         std::span<const std::vector<crypto::Fr>> inputs);

}  // namespace tessera::groth16
