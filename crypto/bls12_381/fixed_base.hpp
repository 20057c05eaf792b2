// Many multiples k_i·P of one fixed base P (parameter generation: every SRS point is a scalar
// times a generator), with a table of window multiples built once: each product then costs one
// mixed addition per window and no doubling.
#pragma once

#include <span>
#include <vector>

#include "common/executor/stage_context.hpp"
#include "crypto/bls12_381/g1.hpp"
#include "crypto/bls12_381/g2.hpp"
#include "crypto/bls12_381/scalar.hpp"

namespace tessera::bls12_381 {

// out[i] = scalars[i]·base as affine points, for scalars of up to 256 bits, on up to
// ctx.cores() threads. out.size() must equal scalars.size() (InvalidInput otherwise).
void fixed_base_mul(const G1Affine& base, std::span<const Scalar> scalars, std::span<G1Affine> out,
                    StageContext& ctx);
void fixed_base_mul(const G2Affine& base, std::span<const Scalar> scalars, std::span<G2Affine> out,
                    StageContext& ctx);

}  // namespace tessera::bls12_381
