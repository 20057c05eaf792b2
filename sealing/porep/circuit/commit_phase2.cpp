#include "sealing/porep/circuit/commit_phase2.hpp"

#include "common/error.hpp"
#include "crypto/groth16/mapped_parameters.hpp"
#include "sealing/params/verifying_keys.hpp"
#include "sealing/porep/circuit/porep_snark.hpp"
#include "sealing/porep/proof_types.hpp"

namespace tessera::porep::circuit {

Commit2Result commit_phase2(const PorepPublicInputs& inputs, const PorepVanillaProof& proof,
                            StageContext& ctx) {
  const std::uint64_t size = seal_proof_info(inputs.registered_proof).sector_size;
  Commit2Result result{.proof = {},
                       .files = params::find_parameter_files(params::Circuit::kPoRep, size)};
  const groth16::MappedParameters mapped(result.files.params);
  result.proof = prove_porep_snark(inputs, proof, mapped, ctx);
  const auto& vk = params::cached_verifying_key(params::Circuit::kPoRep, size);
  if (!verify_porep_snark(inputs, result.proof, vk)) {
    throw Error("the Groth16 PoRep proof does not verify under " + result.files.vk.string());
  }
  return result;
}

}  // namespace tessera::porep::circuit
