#include "sealing/porep/vanilla_proof.hpp"

#include <cstring>

#include "common/error.hpp"
#include "crypto/fr.hpp"
#include "crypto/poseidon.hpp"
#include "sealing/porep/challenges.hpp"
#include "sealing/porep/labels.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/sdr_graph.hpp"

namespace tessera::porep {
namespace {

using crypto::Digest32;
using crypto::Fr;

ColumnProof column_proof(const SectorTrees& sector, std::uint32_t layers, std::uint64_t node) {
  ColumnProof proof;
  for (std::uint32_t layer = 1; layer <= layers; ++layer)
    proof.labels.push_back(sector.label(layer, node));
  proof.tree_c = crypto::InclusionProof::of(*sector.tree_c, node);
  return proof;
}

// The column hashes to the TreeC leaf it opens, at the expected node, under comm_c.
bool column_ok(const ColumnProof& column, std::uint64_t node, std::size_t layers,
               const Digest32& comm_c) {
  if (column.labels.size() != layers || column.tree_c.leaf_index != node) return false;
  std::vector<Fr> values;
  for (const auto& label : column.labels) values.push_back(Fr::from_bytes(label.data()));
  if (crypto::poseidon_hash(values, layers).to_bytes() != column.tree_c.leaf) return false;
  return column.tree_c.hash == crypto::TreeHash::kPoseidon && column.tree_c.verify(comm_c);
}

bool challenge_ok(const PorepPublicInputs& inputs, const PorepVanillaProof& proof,
                  const SealProofInfo& info, const SdrGraph& graph, const ChallengeProof& c) {
  const std::size_t layers = info.layers;
  if (c.drg_parents.size() != kBaseDegree || c.exp_parents.size() != kExpansionDegree) return false;
  if (c.comm_d_proof.hash != crypto::TreeHash::kSha256 ||
      c.comm_d_proof.leaf_index != c.challenge || !c.comm_d_proof.verify(inputs.comm_d)) {
    return false;
  }
  if (c.comm_r_last_proof.hash != crypto::TreeHash::kPoseidon ||
      c.comm_r_last_proof.leaf_index != c.challenge ||
      !c.comm_r_last_proof.verify(proof.comm_r_last)) {
    return false;
  }
  if (!column_ok(c.column, c.challenge, layers, proof.comm_c)) return false;
  std::uint32_t parents[kTotalParents];
  graph.parents(c.challenge, parents);
  for (std::size_t i = 0; i < kBaseDegree; ++i) {
    if (!column_ok(c.drg_parents[i], parents[i], layers, proof.comm_c)) return false;
  }
  for (std::size_t i = 0; i < kExpansionDegree; ++i) {
    if (!column_ok(c.exp_parents[i], parents[kBaseDegree + i], layers, proof.comm_c)) return false;
  }
  // Every layer's label of the challenged node recomputes from its parents' labels.
  std::uint8_t parent_data[kLabelParentSlots * 32];
  for (std::size_t layer = 1; layer <= layers; ++layer) {
    const std::size_t distinct = layer == 1 ? kBaseDegree : kTotalParents;
    for (std::size_t slot = 0; slot < kLabelParentSlots; ++slot) {
      std::size_t p = slot % distinct;
      const Digest32& label = p < kBaseDegree ? c.drg_parents[p].labels[layer - 1]
                                              : c.exp_parents[p - kBaseDegree].labels[layer - 2];
      std::memcpy(parent_data + 32 * slot, label.data(), 32);
    }
    auto expected = label_hash(inputs.replica_id, static_cast<std::uint32_t>(layer), c.challenge,
                               c.challenge == 0 ? nullptr : parent_data);
    if (expected != c.column.labels[layer - 1]) return false;
  }
  // Encoding: replica = data + key (last layer label).
  Fr data = Fr::from_bytes(c.comm_d_proof.leaf.data());
  Fr key = Fr::from_bytes(c.column.labels.back().data());
  return (data + key).to_bytes() == c.comm_r_last_proof.leaf;
}

}  // namespace

PorepVanillaProof prove_porep(std::int64_t registered_proof, const SectorTrees& sealed,
                              const crypto::Digest32& seed) {
  const auto& info = seal_proof_info(registered_proof);
  auto graph = sdr_graph_for(info);
  if (sealed.tree_r_last->leaf_count() != graph.nodes() ||
      sealed.tree_d->leaf_count() != graph.nodes()) {
    throw InvalidInput("sector trees do not match " + info.name);
  }
  PorepVanillaProof proof;
  proof.registered_proof = registered_proof;
  proof.comm_c = sealed.comm_c;
  proof.comm_r_last = sealed.comm_r_last;
  auto column = [&](std::uint64_t node) { return column_proof(sealed, info.layers, node); };
  std::uint32_t parents[kTotalParents];
  for (std::uint32_t k = 0; k < info.partitions; ++k) {
    std::vector<ChallengeProof> partition;
    for (auto challenge : interactive_challenges(sealed.replica_id, seed, graph.nodes(), k,
                                                 info.challenges_per_partition)) {
      ChallengeProof c;
      c.challenge = challenge;
      c.comm_d_proof = crypto::InclusionProof::of(*sealed.tree_d, challenge);
      c.comm_r_last_proof = crypto::InclusionProof::of(*sealed.tree_r_last, challenge);
      c.column = column(challenge);
      graph.parents(challenge, parents);
      for (std::size_t i = 0; i < kBaseDegree; ++i) c.drg_parents.push_back(column(parents[i]));
      for (std::size_t i = kBaseDegree; i < kTotalParents; ++i)
        c.exp_parents.push_back(column(parents[i]));
      partition.push_back(std::move(c));
    }
    proof.partitions.push_back(std::move(partition));
  }
  return proof;
}

PorepVanillaProof prove_porep(std::int64_t registered_proof, const SealOutput& sealed,
                              const crypto::Digest32& seed) {
  SectorTrees trees{sealed.replica_id,
                    sealed.comm_c,
                    sealed.comm_r_last,
                    &sealed.tree_d,
                    &sealed.tree_c,
                    &sealed.tree_r,
                    [&sealed](std::uint32_t layer, std::uint64_t node) {
                      Digest32 label;
                      std::memcpy(label.data(), sealed.layers.at(layer - 1).data() + 32 * node, 32);
                      return label;
                    }};
  return prove_porep(registered_proof, trees, seed);
}

bool verify_porep(const PorepPublicInputs& inputs, const PorepVanillaProof& proof) {
  try {
    if (proof.registered_proof != inputs.registered_proof) return false;
    const auto& info = seal_proof_info(inputs.registered_proof);
    auto comm_r = crypto::poseidon_hash(
        {Fr::from_bytes(proof.comm_c.data()), Fr::from_bytes(proof.comm_r_last.data())}, 2);
    if (comm_r.to_bytes() != inputs.comm_r) return false;
    if (proof.partitions.size() != info.partitions) return false;
    auto graph = sdr_graph_for(info);
    for (std::uint32_t k = 0; k < info.partitions; ++k) {
      auto expected = interactive_challenges(inputs.replica_id, inputs.seed, graph.nodes(), k,
                                             info.challenges_per_partition);
      const auto& partition = proof.partitions[k];
      if (partition.size() != expected.size()) return false;
      for (std::size_t i = 0; i < expected.size(); ++i) {
        if (partition[i].challenge != expected[i]) return false;
        if (!challenge_ok(inputs, proof, info, graph, partition[i])) return false;
      }
    }
    return true;
  } catch (const InvalidInput&) {
    return false;  // non-canonical field elements or malformed paths
  }
}

}  // namespace tessera::porep
