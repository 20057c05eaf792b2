// Groth16 parameter generation for one circuit from a seed: a single-party, deterministic setup
// (bellperson's generate_random_parameters with a seeded RNG). Its keys are for tessera's devnet
// and tests only — whoever knows the seed can forge proofs — so their files are never named like
// the official ones.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include "common/executor/stage_context.hpp"
#include "crypto/groth16/parameters.hpp"
#include "crypto/r1cs/constraint_system.hpp"

namespace tessera::groth16 {

// Synthesizes a circuit into a constraint system (blank values for setup, a witness for proving).
using Synthesizer = std::function<void(crypto::r1cs::ConstraintSystem&)>;

// The setup's secrets τ, α, β, γ, δ.
struct ToxicWaste {
  crypto::Fr tau, alpha, beta, gamma, delta;
  // Derived from a 32-byte seed with ChaCha20 (one keystream block per value, reduced mod r).
  static ToxicWaste from_seed(const std::array<std::uint8_t, 32>& seed);
};

// The proving parameters of the circuit `synthesize` builds, for the given secrets, on up to
// ctx.cores() threads. Progress is reported on ctx as points computed out of all points.
// InvalidInput when a variable is unconstrained (bellperson's UnconstrainedVariable) or a secret
// is zero or hits a domain point.
Parameters generate_parameters(const Synthesizer& synthesize, const ToxicWaste& secrets,
                               StageContext& ctx);

}  // namespace tessera::groth16
