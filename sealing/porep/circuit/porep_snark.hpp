// C2's SNARK: the Groth16 proofs of a vanilla PoRep proof, one 192-byte proof per partition
// concatenated in partition order (rust-fil-proofs seal_commit_phase2), and their verification
// with the public inputs rebuilt from the sector's commitments (reference/snark.md §1.4, §2.2).
#pragma once

#include <span>

#include "common/executor/stage_context.hpp"
#include "crypto/groth16/local_setup.hpp"
#include "crypto/groth16/parameters.hpp"
#include "crypto/groth16/verifier.hpp"
#include "sealing/porep/vanilla_proof.hpp"

namespace tessera::porep::circuit {

// The blank circuit of a registered seal proof's partition, for parameter generation.
groth16::Synthesizer blank_porep_synthesizer(std::int64_t registered_proof);

// Proves every partition of `proof` under `params` (the PoRep parameters of the proof's sector
// size) on ctx's cores, reporting (partitions done, partitions) on ctx. InvalidInput when the
// vanilla proof does not fit its registered proof or the parameters do not fit the circuit.
Bytes prove_porep_snark(const PorepPublicInputs& inputs, const PorepVanillaProof& proof,
                        const groth16::ParameterSource& params, StageContext& ctx);

// True when `proof` holds one valid Groth16 proof per partition for these public inputs.
// InvalidInput when its length is not 192 × partitions or a proof point does not decode.
bool verify_porep_snark(const PorepPublicInputs& inputs, std::span<const std::uint8_t> proof,
                        const groth16::PreparedVerifyingKey& vk);

}  // namespace tessera::porep::circuit
