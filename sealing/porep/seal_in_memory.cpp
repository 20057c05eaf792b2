#include "sealing/porep/seal_in_memory.hpp"

#include <cstring>

#include "common/error.hpp"
#include "crypto/fr.hpp"
#include "crypto/poseidon.hpp"
#include "sealing/porep/labels.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/replica_id.hpp"
#include "sealing/porep/sdr_graph.hpp"

namespace tessera::porep {
namespace {

using crypto::Fr;

// TreeC leaves: Poseidon over each node's column of labels (arity = number of layers).
Bytes column_hashes(const std::vector<Bytes>& layers, std::uint64_t nodes) {
  Bytes leaves(nodes * 32);
  std::vector<Fr> column(layers.size());
  for (std::uint64_t node = 0; node < nodes; ++node) {
    for (std::size_t l = 0; l < layers.size(); ++l)
      column[l] = Fr::from_bytes(layers[l].data() + 32 * node);
    crypto::poseidon_hash(column, layers.size()).to_bytes(leaves.data() + 32 * node);
  }
  return leaves;
}

}  // namespace

SealOutput precommit1_in_memory(const SealInputs& inputs, const Bytes& padded_data) {
  const auto& info = seal_proof_info(inputs.registered_proof);
  if (padded_data.size() != info.sector_size) {
    throw InvalidInput("sector data is " + std::to_string(padded_data.size()) +
                       " bytes, expected " + std::to_string(info.sector_size));
  }
  if (info.sub_arity || info.top_arity) {
    throw InvalidInput(info.name + " is too large to seal in memory");
  }
  const std::uint64_t nodes = info.sector_size / 32;
  SealOutput out;
  out.tree_d = crypto::MerkleTree::build(crypto::TreeHash::kSha256, 2, padded_data.data(), nodes);
  out.comm_d = out.tree_d.root();
  out.replica_id = replica_id(prover_id_for(inputs.actor_id), inputs.sector_number, inputs.ticket,
                              out.comm_d, porep_id_for(static_cast<std::uint64_t>(info.id)));
  out.layers = label_layers_in_memory(sdr_graph_for(info), out.replica_id, info.layers);
  return out;
}

void precommit2_in_memory(SealOutput& out, const Bytes& padded_data) {
  const std::uint64_t nodes = padded_data.size() / 32;
  if (out.layers.empty() || out.layers.back().size() != padded_data.size()) {
    throw InvalidInput("PC2 needs the PC1 labels of this sector");
  }
  auto columns = column_hashes(out.layers, nodes);
  out.tree_c = crypto::MerkleTree::build(crypto::TreeHash::kPoseidon, 8, columns.data(), nodes);
  out.comm_c = out.tree_c.root();

  out.replica.resize(padded_data.size());
  const Bytes& key = out.layers.back();
  for (std::uint64_t node = 0; node < nodes; ++node) {
    Fr sum =
        Fr::from_bytes(key.data() + 32 * node) + Fr::from_bytes(padded_data.data() + 32 * node);
    sum.to_bytes(out.replica.data() + 32 * node);
  }
  out.tree_r = crypto::MerkleTree::build(crypto::TreeHash::kPoseidon, 8, out.replica.data(), nodes);
  out.comm_r_last = out.tree_r.root();
  crypto::poseidon_hash({Fr::from_bytes(out.comm_c.data()), Fr::from_bytes(out.comm_r_last.data())},
                        2)
      .to_bytes(out.comm_r.data());
}

SealOutput seal_in_memory(const SealInputs& inputs, const Bytes& padded_data) {
  auto out = precommit1_in_memory(inputs, padded_data);
  precommit2_in_memory(out, padded_data);
  return out;
}

Bytes unseal_in_memory(const Bytes& replica, const Bytes& last_layer) {
  if (replica.size() != last_layer.size() || replica.size() % 32) {
    throw InvalidInput("replica and key layer sizes differ");
  }
  Bytes data(replica.size());
  for (std::size_t i = 0; i < replica.size(); i += 32) {
    (Fr::from_bytes(replica.data() + i) - Fr::from_bytes(last_layer.data() + i))
        .to_bytes(data.data() + i);
  }
  return data;
}

}  // namespace tessera::porep
