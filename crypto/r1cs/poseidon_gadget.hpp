// neptune v11's legacy Poseidon circuit (src/circuit.rs poseidon_hash), constraint-exact: the
// domain tag is a constant, the first s-box on it is computed statically, every other s-box
// costs 3 constraints (square, square, mul_sum) and every s-box input or output that is still a
// linear combination is allocated with one constraint. Filecoin's Merkle trees, column hashes and
// CommR = Poseidon2(comm_c, comm_r_last) use it (reference/snark.md §3.2).
#pragma once

#include <vector>

#include "crypto/r1cs/num.hpp"

namespace tessera::crypto::r1cs {

// Poseidon of exactly `arity` preimage elements (arity 2, 4, 8, 11 or 16; InvalidInput
// otherwise); the result equals crypto::poseidon_hash of the values.
AllocatedNum poseidon_hash_circuit(ConstraintSystem& cs, const std::vector<AllocatedNum>& preimage);

}  // namespace tessera::crypto::r1cs
