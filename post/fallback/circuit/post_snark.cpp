#include "post/fallback/circuit/post_snark.hpp"

#include "sealing/porep/proof_types.hpp"

namespace tessera::post::circuit {

PostCircuitShape post_circuit_shape(params::Circuit circuit, std::uint64_t sector_size) {
  const params::PostCounts counts = params::post_counts(circuit, sector_size);
  const auto& info = porep::seal_proof_for_size(sector_size);
  PostCircuitShape shape;
  shape.sector_size = sector_size;
  shape.challenge_count = counts.challenge_count;
  shape.sector_count = counts.sector_count;
  shape.tree_r = {crypto::TreeHash::kPoseidon, 8, info.sub_arity, info.top_arity};
  return shape;
}

groth16::Synthesizer blank_post_synthesizer(params::Circuit circuit, std::uint64_t sector_size) {
  const PostCircuitShape shape = post_circuit_shape(circuit, sector_size);
  return [shape](crypto::r1cs::ConstraintSystem& cs) {
    synthesize_fallback_post(cs, blank_fallback_post_circuit(shape));
  };
}

}  // namespace tessera::post::circuit
