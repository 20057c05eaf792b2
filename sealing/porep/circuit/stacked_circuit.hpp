// The stacked (SDR) PoRep circuit of one partition, constraint-exact with rust-fil-proofs'
// StackedCircuit (storage-proofs-porep/src/stacked/circuit/{proof,params}.rs): inputs replica_id,
// comm_d, comm_r; comm_r = Poseidon2(comm_c, comm_r_last); per challenge the TreeD opening of the
// data node, the 6 DRG and 8 expander parent columns opened in TreeC, the challenge number, every
// layer's label recomputed from the parents, the encoding replica = data + key opened in TreeRLast,
// and the challenged column's hash opened in TreeC. It synthesizes from a vanilla proof (witness)
// or blank (zeros) for counting and parameter generation.
#pragma once

#include <cstdint>
#include <vector>

#include "crypto/r1cs/constraint_system.hpp"
#include "crypto/r1cs/por_gadget.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/vanilla_proof.hpp"

namespace tessera::porep::circuit {

struct StackedCircuitShape {
  std::uint64_t nodes = 0;       // sector size / 32
  std::uint32_t layers = 0;      // 2 or 11 (the column hash arity)
  std::uint32_t challenges = 0;  // per partition
  crypto::r1cs::TreeShape tree_r{crypto::TreeHash::kPoseidon, 8, 0, 0};  // TreeC and TreeRLast

  // The official shape of a registered seal proof.
  static StackedCircuitShape for_proof(const SealProofInfo& info);
};

struct StackedColumn {
  std::vector<crypto::Fr> rows;  // labels of layers 1..L
  crypto::r1cs::AuthPath path;   // TreeC opening
};

struct StackedChallenge {
  std::uint64_t challenge = 0;
  crypto::Fr data_leaf;
  crypto::r1cs::AuthPath comm_d_path;
  crypto::r1cs::AuthPath comm_r_last_path;
  crypto::r1cs::AuthPath comm_c_path;
  std::vector<StackedColumn> drg_parents;  // 6
  std::vector<StackedColumn> exp_parents;  // 8
};

struct StackedCircuit {
  StackedCircuitShape shape;
  crypto::Fr replica_id, comm_d, comm_r, comm_r_last, comm_c;
  std::vector<StackedChallenge> challenges;
};

// The TreeD shape: binary SHA-256.
crypto::r1cs::TreeShape tree_d_shape();
// A circuit of the shape with all values zero.
StackedCircuit blank_stacked_circuit(const StackedCircuitShape& shape);
// The circuit of partition k of a vanilla proof. InvalidInput when the proof does not fit the
// registered proof's shape or a value is not a canonical field element.
StackedCircuit stacked_circuit(const PorepPublicInputs& inputs, const PorepVanillaProof& proof,
                               std::uint32_t partition);
// Synthesizes the circuit into cs (InvalidInput when it is malformed).
void synthesize_stacked_circuit(crypto::r1cs::ConstraintSystem& cs, const StackedCircuit& circuit);

}  // namespace tessera::porep::circuit
