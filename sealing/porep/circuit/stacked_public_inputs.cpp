#include "sealing/porep/circuit/stacked_public_inputs.hpp"

#include "common/error.hpp"
#include "sealing/porep/challenges.hpp"
#include "sealing/porep/proof_types.hpp"

namespace tessera::porep::circuit {

using crypto::Fr;

std::vector<Fr> stacked_public_inputs(const SdrGraph& graph, const crypto::Digest32& replica_id,
                                      const crypto::Digest32& comm_d,
                                      const crypto::Digest32& comm_r,
                                      const std::vector<std::uint64_t>& challenges) {
  std::vector<Fr> inputs;
  inputs.reserve(3 + 18 * challenges.size());
  inputs.push_back(Fr::from_bytes(replica_id.data()));
  inputs.push_back(Fr::from_bytes(comm_d.data()));
  inputs.push_back(Fr::from_bytes(comm_r.data()));
  std::uint32_t base[kBaseDegree];
  std::uint32_t exp[kExpansionDegree];
  for (std::uint64_t c : challenges) {
    if (c >= graph.nodes()) throw InvalidInput("stacked inputs: challenge out of range");
    const Fr challenge = Fr::from_uint(c);
    inputs.push_back(challenge);  // TreeD path
    graph.base_parents(c, base);
    for (std::uint32_t p : base) inputs.push_back(Fr::from_uint(p));
    graph.expander_parents(c, exp);
    for (std::uint32_t p : exp) inputs.push_back(Fr::from_uint(p));
    inputs.push_back(challenge);  // challenge number of the labelling
    inputs.push_back(challenge);  // TreeRLast path
    inputs.push_back(challenge);  // TreeC path of the challenged column
  }
  return inputs;
}

std::vector<Fr> stacked_public_inputs(const PorepPublicInputs& inputs, std::uint32_t partition) {
  const SealProofInfo& info = seal_proof_info(inputs.registered_proof);
  if (partition >= info.partitions) throw InvalidInput("stacked inputs: no such partition");
  const SdrGraph graph = sdr_graph_for(info);
  const auto challenges = interactive_challenges(inputs.replica_id, inputs.seed, graph.nodes(),
                                                 partition, info.challenges_per_partition);
  return stacked_public_inputs(graph, inputs.replica_id, inputs.comm_d, inputs.comm_r, challenges);
}

}  // namespace tessera::porep::circuit
