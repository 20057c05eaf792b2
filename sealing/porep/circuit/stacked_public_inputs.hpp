// The public inputs of the stacked PoRep circuit of one partition, in the order the circuit
// allocates them (rust-fil-proofs StackedCompound::generate_public_inputs, reference/snark.md
// §2.2): replica_id, comm_d, comm_r as field elements, then per challenge c: c (TreeD path), the 6
// DRG parents, the 8 expander parents, c (the labelling challenge number), c (TreeRLast path),
// c (TreeC path) — 3 + 18 per challenge.
#pragma once

#include <cstdint>
#include <vector>

#include "crypto/fr.hpp"
#include "sealing/porep/sdr_graph.hpp"
#include "sealing/porep/vanilla_proof.hpp"

namespace tessera::porep::circuit {

// The inputs for the given challenges of one partition (pure: no I/O). InvalidInput when a
// commitment is not a canonical field element or a challenge is not a node of the graph.
std::vector<crypto::Fr> stacked_public_inputs(const SdrGraph& graph,
                                              const crypto::Digest32& replica_id,
                                              const crypto::Digest32& comm_d,
                                              const crypto::Digest32& comm_r,
                                              const std::vector<std::uint64_t>& challenges);
// The inputs of partition k of a registered seal proof, its challenges derived from the seed as
// the vanilla prover derives them.
std::vector<crypto::Fr> stacked_public_inputs(const PorepPublicInputs& inputs,
                                              std::uint32_t partition);

}  // namespace tessera::porep::circuit
