#include "sealing/porep/circuit/stacked_circuit.hpp"

#include <string>

#include "common/error.hpp"
#include "crypto/r1cs/poseidon_gadget.hpp"
#include "sealing/porep/circuit/label_gadgets.hpp"
#include "sealing/porep/sdr_graph.hpp"

namespace tessera::porep::circuit {

using crypto::Fr;
using crypto::r1cs::AllocatedNum;
using crypto::r1cs::AuthPath;
using crypto::r1cs::Boolean;
using crypto::r1cs::ConstraintSystem;
using crypto::r1cs::Namespace;
using crypto::r1cs::PorValue;

namespace {

Fr fr(const crypto::Digest32& d) {
  return Fr::from_bytes(d.data());
}

std::string numbered(const char* prefix, std::size_t i, const char* suffix = "") {
  return prefix + std::to_string(i) + suffix;
}

// rust-fil-proofs enforce_inclusion: a private-root PoR of an allocated leaf under an allocated
// root.
void enforce_inclusion(ConstraintSystem& cs, const crypto::r1cs::TreeShape& shape,
                       const AuthPath& path, const AllocatedNum& root, const AllocatedNum& leaf) {
  crypto::r1cs::por_circuit(cs, shape, PorValue::of(leaf), path, PorValue::of(root), true);
}

struct AllocatedColumn {
  std::vector<AllocatedNum> rows;
};

AllocatedColumn alloc_column(ConstraintSystem& cs, const StackedColumn& column) {
  Namespace ns(cs, "column");
  AllocatedColumn out;
  for (const Fr& row : column.rows) out.rows.push_back(AllocatedNum::alloc(cs, row));
  return out;
}

std::vector<Boolean> label_bits(ConstraintSystem& cs, const AllocatedNum& label) {
  return crypto::r1cs::reverse_bit_numbering(label.to_bits_le(cs));
}

void check_shape(const StackedCircuitShape& shape, const StackedChallenge& c) {
  if (c.drg_parents.size() != kBaseDegree || c.exp_parents.size() != kExpansionDegree) {
    throw InvalidInput("stacked circuit: a challenge needs 6 DRG and 8 expander parents");
  }
  for (const auto* list : {&c.drg_parents, &c.exp_parents}) {
    for (const auto& col : *list) {
      if (col.rows.size() != shape.layers) throw InvalidInput("stacked circuit: column size");
    }
  }
}

void synthesize_challenge(ConstraintSystem& cs, const StackedCircuitShape& shape,
                          const StackedChallenge& c, const AllocatedNum& comm_d,
                          const AllocatedNum& comm_c, const AllocatedNum& comm_r_last,
                          const std::vector<Boolean>& replica_id_bits) {
  check_shape(shape, c);
  const auto& tree_r = shape.tree_r;
  AllocatedNum data_leaf;
  {
    Namespace ns(cs, "data_leaf");
    data_leaf = AllocatedNum::alloc(cs, c.data_leaf);
  }
  {
    Namespace ns(cs, "comm_d_inclusion");
    enforce_inclusion(cs, tree_d_shape(), c.comm_d_path, comm_d, data_leaf);
  }
  auto parent_columns = [&](const std::vector<StackedColumn>& list, const char* kind) {
    std::vector<AllocatedColumn> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
      AllocatedColumn col;
      {
        Namespace ns(cs, [&] { return std::string(kind) + numbered("_parent_", i, "_num"); });
        col = alloc_column(cs, list[i]);
      }
      AllocatedNum value;
      {
        Namespace ns(cs,
                     [&] { return std::string(kind) + numbered("_parent_", i, "_constraint"); });
        value = hash_single_column(cs, col.rows);
      }
      {
        Namespace ns(cs, [&] { return std::string(kind) + numbered("_parent_", i, "_inclusion"); });
        enforce_inclusion(cs, tree_r, list[i].path, comm_c, value);
      }
      out.push_back(std::move(col));
    }
    return out;
  };
  const auto drg = parent_columns(c.drg_parents, "drg");
  const auto exp = parent_columns(c.exp_parents, "exp");

  crypto::r1cs::UInt64 challenge_num;
  {
    Namespace ns(cs, "challenge");
    challenge_num = crypto::r1cs::UInt64::alloc(cs, c.challenge);
  }
  {
    Namespace ns(cs, "challenge input");
    challenge_num.pack_into_input(cs);
  }

  std::vector<AllocatedNum> column_labels;
  for (std::uint32_t layer = 1; layer <= shape.layers; ++layer) {
    Namespace ns(cs, [layer] { return numbered("labeling_", layer); });
    std::vector<std::vector<Boolean>> parents;
    for (const auto& col : drg) parents.push_back(label_bits(cs, col.rows[layer - 1]));
    if (layer > 1) {
      for (const auto& col : exp) parents.push_back(label_bits(cs, col.rows[layer - 2]));
    }
    // The parents repeated cyclically up to 37 slots.
    std::vector<std::vector<Boolean>> expanded;
    for (std::size_t slot = 0; slot < kLabelParents; ++slot) {
      expanded.push_back(parents[slot % parents.size()]);
    }
    Namespace label_ns(cs, "create_label");
    column_labels.push_back(create_label_circuit(
        cs, replica_id_bits, expanded, crypto::r1cs::UInt32::constant(layer), challenge_num));
  }
  {
    AllocatedNum encoded;
    {
      Namespace ns(cs, "encode_node");
      encoded = crypto::r1cs::add_nums(cs, column_labels.back(), data_leaf);
    }
    Namespace ns(cs, "comm_r_last_data_inclusion");
    enforce_inclusion(cs, tree_r, c.comm_r_last_path, comm_r_last, encoded);
  }
  {
    AllocatedNum column_hash;
    {
      Namespace ns(cs, "c_x_column_hash");
      column_hash = hash_single_column(cs, column_labels);
    }
    Namespace ns(cs, "c_x_inclusion");
    enforce_inclusion(cs, tree_r, c.comm_c_path, comm_c, column_hash);
  }
}

StackedColumn column_from(const crypto::r1cs::TreeShape& shape, const ColumnProof& proof) {
  StackedColumn col;
  for (const auto& label : proof.labels) col.rows.push_back(fr(label));
  col.path = crypto::r1cs::auth_path_from_proof(shape, proof.tree_c);
  return col;
}

}  // namespace

StackedCircuitShape StackedCircuitShape::for_proof(const SealProofInfo& info) {
  StackedCircuitShape shape;
  shape.nodes = info.sector_size / 32;
  shape.layers = info.layers;
  shape.challenges = info.challenges_per_partition;
  shape.tree_r = {crypto::TreeHash::kPoseidon, 8, info.sub_arity, info.top_arity};
  return shape;
}

crypto::r1cs::TreeShape tree_d_shape() {
  return {crypto::TreeHash::kSha256, 2, 0, 0};
}

StackedCircuit blank_stacked_circuit(const StackedCircuitShape& shape) {
  StackedCircuit circuit;
  circuit.shape = shape;
  StackedColumn blank_column{std::vector<Fr>(shape.layers),
                             crypto::r1cs::blank_auth_path(shape.tree_r, shape.nodes)};
  StackedChallenge blank;
  blank.comm_d_path = crypto::r1cs::blank_auth_path(tree_d_shape(), shape.nodes);
  blank.comm_r_last_path = blank_column.path;
  blank.comm_c_path = blank_column.path;
  blank.drg_parents.assign(kBaseDegree, blank_column);
  blank.exp_parents.assign(kExpansionDegree, blank_column);
  circuit.challenges.assign(shape.challenges, blank);
  return circuit;
}

StackedCircuit stacked_circuit(const PorepPublicInputs& inputs, const PorepVanillaProof& proof,
                               std::uint32_t partition) {
  const SealProofInfo& info = seal_proof_info(inputs.registered_proof);
  if (proof.registered_proof != inputs.registered_proof) {
    throw InvalidInput("stacked circuit: proof and inputs are for different seal proofs");
  }
  if (partition >= proof.partitions.size())
    throw InvalidInput("stacked circuit: no such partition");
  const auto& challenges = proof.partitions[partition];
  if (challenges.empty()) throw InvalidInput("stacked circuit: a partition without challenges");
  StackedCircuit circuit;
  circuit.shape = StackedCircuitShape::for_proof(info);
  circuit.shape.challenges = static_cast<std::uint32_t>(challenges.size());
  circuit.replica_id = fr(inputs.replica_id);
  circuit.comm_d = fr(inputs.comm_d);
  circuit.comm_r = fr(inputs.comm_r);
  circuit.comm_r_last = fr(proof.comm_r_last);
  circuit.comm_c = fr(proof.comm_c);
  const auto& tree_r = circuit.shape.tree_r;
  for (const ChallengeProof& c : challenges) {
    StackedChallenge sc;
    sc.challenge = c.challenge;
    sc.data_leaf = fr(c.comm_d_proof.leaf);
    sc.comm_d_path = crypto::r1cs::auth_path_from_proof(tree_d_shape(), c.comm_d_proof);
    sc.comm_r_last_path = crypto::r1cs::auth_path_from_proof(tree_r, c.comm_r_last_proof);
    sc.comm_c_path = crypto::r1cs::auth_path_from_proof(tree_r, c.column.tree_c);
    for (const auto& p : c.drg_parents) sc.drg_parents.push_back(column_from(tree_r, p));
    for (const auto& p : c.exp_parents) sc.exp_parents.push_back(column_from(tree_r, p));
    circuit.challenges.push_back(std::move(sc));
  }
  return circuit;
}

void synthesize_stacked_circuit(ConstraintSystem& cs, const StackedCircuit& circuit) {
  if (circuit.shape.layers != 2 && circuit.shape.layers != 11) {
    throw InvalidInput("stacked circuit: layers must be 2 or 11");
  }
  AllocatedNum replica_id;
  {
    Namespace ns(cs, "replica_id");
    replica_id = AllocatedNum::alloc(cs, circuit.replica_id);
  }
  {
    Namespace ns(cs, "replica_id_input");
    replica_id.inputize(cs);
  }
  std::vector<Boolean> replica_id_bits;
  {
    Namespace ns(cs, "replica_id_bits");
    replica_id_bits = crypto::r1cs::reverse_bit_numbering(replica_id.to_bits_le(cs));
  }
  auto alloc_named = [&](const char* name, const Fr& value) {
    Namespace ns(cs, name);
    return AllocatedNum::alloc(cs, value);
  };
  const AllocatedNum comm_d = alloc_named("comm_d", circuit.comm_d);
  {
    Namespace ns(cs, "comm_d_input");
    comm_d.inputize(cs);
  }
  const AllocatedNum comm_r = alloc_named("comm_r", circuit.comm_r);
  {
    Namespace ns(cs, "comm_r_input");
    comm_r.inputize(cs);
  }
  const AllocatedNum comm_r_last = alloc_named("comm_r_last", circuit.comm_r_last);
  const AllocatedNum comm_c = alloc_named("comm_c", circuit.comm_c);
  {
    AllocatedNum hash;
    {
      Namespace ns(cs, "H_comm_c_comm_r_last");
      hash = crypto::r1cs::poseidon_hash_circuit(cs, {comm_c, comm_r_last});
    }
    Namespace ns(cs, "enforce comm_r = H(comm_c || comm_r_last)");
    crypto::r1cs::enforce_equal(cs, comm_r, hash);
  }
  for (std::size_t i = 0; i < circuit.challenges.size(); ++i) {
    Namespace ns(cs, [i] { return numbered("challenge_", i); });
    synthesize_challenge(cs, circuit.shape, circuit.challenges[i], comm_d, comm_c, comm_r_last,
                         replica_id_bits);
  }
}

}  // namespace tessera::porep::circuit
