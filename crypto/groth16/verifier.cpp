#include "crypto/groth16/verifier.hpp"

#include <array>
#include <random>
#include <string>

#include "common/error.hpp"
#include "crypto/bls12_381/msm.hpp"
#include "crypto/bls12_381/pairing.hpp"
#include "crypto/bls12_381/scalar.hpp"

namespace tessera::groth16 {
namespace {

using bls12_381::G1;
using bls12_381::G1Affine;
using bls12_381::PairingInput;
using bls12_381::scalar_from_fr;
using crypto::Fr;

void check_input_count(const VerifyingKey& vk, std::size_t inputs, const std::string& what) {
  if (inputs + 1 != vk.ic.size()) {
    throw InvalidInput("groth16 verify: " + what + " has " + std::to_string(inputs) +
                       " public inputs but the verifying key has " + std::to_string(vk.ic.size()) +
                       " ic points (inputs + 1 expected)");
  }
}

// Σ scalars_i·bases_i with a multi-scalar multiplication on the cores free now (a Window PoSt
// partition of 32 GiB sectors has 25,839 inputs).
G1 linear_combination(std::span<const G1Affine> bases, std::span<const Fr> scalars) {
  std::vector<bls12_381::Scalar> s(scalars.size());
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = scalar_from_fr(scalars[i]);
  StageContext ctx = StageContext::best_effort();
  return bls12_381::msm(bases, s, ctx);
}

// A uniformly random non-zero 128-bit integer as an Fr.
Fr random_128_bit_scalar(std::random_device& rng) {
  for (;;) {
    std::array<std::uint8_t, 32> le{};
    for (int word = 0; word < 4; ++word) {
      const std::uint32_t r = rng();
      for (int b = 0; b < 4; ++b) le[4 * word + b] = static_cast<std::uint8_t>(r >> (8 * b));
    }
    const Fr z = Fr::from_bytes(le.data());
    if (!z.is_zero()) return z;
  }
}

}  // namespace

PreparedVerifyingKey prepare_verifying_key(const VerifyingKey& vk) {
  return {vk, bls12_381::pairing(vk.alpha_g1, vk.beta_g2), -vk.gamma_g2, -vk.delta_g2};
}

bool verify_proof(const PreparedVerifyingKey& pvk, const Proof& proof, std::span<const Fr> inputs) {
  const VerifyingKey& vk = pvk.vk;
  check_input_count(vk, inputs.size(), "the proof");
  const G1 acc =
      G1::from_affine(vk.ic[0]) + linear_combination(std::span(vk.ic).subspan(1), inputs);
  const PairingInput pairs[] = {
      {proof.a, proof.b}, {acc.to_affine(), pvk.neg_gamma_g2}, {proof.c, pvk.neg_delta_g2}};
  return bls12_381::final_exponentiation(bls12_381::multi_miller_loop(pairs)) == pvk.alpha_beta;
}

bool verify_proofs_batch(const PreparedVerifyingKey& pvk, std::span<const Proof> proofs,
                         std::span<const std::vector<Fr>> inputs) {
  const VerifyingKey& vk = pvk.vk;
  if (proofs.size() != inputs.size()) {
    throw InvalidInput("groth16 batch verify: " + std::to_string(proofs.size()) + " proofs but " +
                       std::to_string(inputs.size()) + " public input vectors");
  }
  for (std::size_t j = 0; j < inputs.size(); ++j) {
    check_input_count(vk, inputs[j].size(), "proof " + std::to_string(j));
  }
  if (proofs.size() == 1) return verify_proof(pvk, proofs[0], inputs[0]);

  std::random_device rng;
  std::vector<Fr> ic_scalars(vk.ic.size());  // [Σ z_j, Σ_j z_j·x_{j,0}, …]
  G1 c_acc = G1::identity();
  std::vector<PairingInput> pairs;
  pairs.reserve(proofs.size() + 2);
  for (std::size_t j = 0; j < proofs.size(); ++j) {
    const Fr z = random_128_bit_scalar(rng);
    const auto z_scalar = scalar_from_fr(z);
    ic_scalars[0] += z;
    for (std::size_t i = 0; i < inputs[j].size(); ++i) ic_scalars[i + 1] += z * inputs[j][i];
    c_acc += G1::from_affine(proofs[j].c).mul(z_scalar);
    pairs.push_back({G1::from_affine(proofs[j].a).mul(z_scalar).to_affine(), proofs[j].b});
  }
  pairs.push_back({linear_combination(vk.ic, ic_scalars).to_affine(), pvk.neg_gamma_g2});
  pairs.push_back({c_acc.to_affine(), pvk.neg_delta_g2});
  const bls12_381::Fp12 alpha_beta_power =
      bls12_381::window_pow(pvk.alpha_beta, scalar_from_fr(ic_scalars[0]));
  return bls12_381::final_exponentiation(bls12_381::multi_miller_loop(pairs)) == alpha_beta_power;
}

}  // namespace tessera::groth16
