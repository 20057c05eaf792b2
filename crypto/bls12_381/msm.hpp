// Multi-scalar multiplication Σ scalars[i]·bases[i] on G1 and G2 with Pippenger's bucket method,
// spread over the cores of a StageContext (the core budget), as Groth16 proving and batch
// verification need it.
#pragma once

#include <span>

#include "common/executor/stage_context.hpp"
#include "crypto/bls12_381/g1.hpp"
#include "crypto/bls12_381/g2.hpp"
#include "crypto/bls12_381/scalar.hpp"

namespace tessera::bls12_381 {

// Σ scalars[i]·bases[i]. Scalars are any 256-bit integers (not reduced modulo r); identity bases
// and zero scalars contribute nothing; empty input gives the identity. Runs on up to ctx.cores()
// threads. Throws InvalidInput when the spans differ in length.
G1 msm(std::span<const G1Affine> bases, std::span<const Scalar> scalars, StageContext& ctx);
G2 msm(std::span<const G2Affine> bases, std::span<const Scalar> scalars, StageContext& ctx);

}  // namespace tessera::bls12_381
