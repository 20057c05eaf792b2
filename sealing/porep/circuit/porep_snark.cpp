#include "sealing/porep/circuit/porep_snark.hpp"

#include "crypto/groth16/proof.hpp"
#include "crypto/groth16/prover.hpp"
#include "sealing/porep/circuit/stacked_circuit.hpp"
#include "sealing/porep/circuit/stacked_public_inputs.hpp"
#include "sealing/porep/proof_types.hpp"

namespace tessera::porep::circuit {

groth16::Synthesizer blank_porep_synthesizer(std::int64_t registered_proof) {
  const auto shape = StackedCircuitShape::for_proof(seal_proof_info(registered_proof));
  return [shape](crypto::r1cs::ConstraintSystem& cs) {
    synthesize_stacked_circuit(cs, blank_stacked_circuit(shape));
  };
}

Bytes prove_porep_snark(const PorepPublicInputs& inputs, const PorepVanillaProof& proof,
                        const groth16::ParameterSource& params, StageContext& ctx) {
  const std::uint32_t partitions = seal_proof_info(inputs.registered_proof).partitions;
  std::vector<groth16::Proof> proofs;
  for (std::uint32_t k = 0; k < partitions; ++k) {
    const StackedCircuit circuit = stacked_circuit(inputs, proof, k);
    proofs.push_back(groth16::create_random_proof(
        params,
        [&](crypto::r1cs::ConstraintSystem& cs) { synthesize_stacked_circuit(cs, circuit); }, ctx));
    ctx.report(k + 1, partitions);
  }
  return groth16::write_proofs(proofs);
}

bool verify_porep_snark(const PorepPublicInputs& inputs, std::span<const std::uint8_t> proof,
                        const groth16::PreparedVerifyingKey& vk) {
  const std::uint32_t partitions = seal_proof_info(inputs.registered_proof).partitions;
  const auto proofs = groth16::read_proofs(proof, partitions);
  std::vector<std::vector<crypto::Fr>> public_inputs;
  for (std::uint32_t k = 0; k < partitions; ++k) {
    public_inputs.push_back(stacked_public_inputs(inputs, k));
  }
  return groth16::verify_proofs_batch(vk, proofs, public_inputs);
}

}  // namespace tessera::porep::circuit
