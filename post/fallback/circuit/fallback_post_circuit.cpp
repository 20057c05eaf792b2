#include "post/fallback/circuit/fallback_post_circuit.hpp"

#include <string>

#include "common/error.hpp"
#include "crypto/r1cs/poseidon_gadget.hpp"
#include "post/fallback/post_challenges.hpp"

namespace tessera::post::circuit {

using crypto::Fr;
using crypto::r1cs::AllocatedNum;
using crypto::r1cs::ConstraintSystem;
using crypto::r1cs::Namespace;
using crypto::r1cs::PorValue;

namespace {

Fr fr(const crypto::Digest32& d) {
  return Fr::from_bytes(d.data());
}

void synthesize_sector(ConstraintSystem& cs, const PostCircuitShape& shape,
                       const PostCircuitSector& sector) {
  if (sector.leaves.size() != sector.paths.size()) {
    throw InvalidInput("post circuit: leaves and paths differ in number");
  }
  auto alloc_named = [&](const char* name, const Fr& value) {
    Namespace ns(cs, name);
    return AllocatedNum::alloc(cs, value);
  };
  const AllocatedNum comm_r_last = alloc_named("comm_r_last", sector.comm_r_last);
  const AllocatedNum comm_c = alloc_named("comm_c", sector.comm_c);
  const AllocatedNum comm_r = alloc_named("comm_r", sector.comm_r);
  {
    Namespace ns(cs, "comm_r_input");
    comm_r.inputize(cs);
  }
  {
    AllocatedNum hash;
    {
      Namespace ns(cs, "H_comm_c_comm_r_last");
      hash = crypto::r1cs::poseidon_hash_circuit(cs, {comm_c, comm_r_last});
    }
    Namespace ns(cs, "enforce_comm_c_comm_r_last_hash_comm_r");
    crypto::r1cs::enforce_equal(cs, comm_r, hash);
  }
  for (std::size_t i = 0; i < sector.leaves.size(); ++i) {
    Namespace ns(cs, [i] { return "challenge_inclusion_" + std::to_string(i); });
    crypto::r1cs::por_circuit(cs, shape.tree_r, PorValue::of(sector.leaves[i]), sector.paths[i],
                              PorValue::of(comm_r_last), true);
  }
}

}  // namespace

FallbackPostCircuit blank_fallback_post_circuit(const PostCircuitShape& shape) {
  FallbackPostCircuit circuit;
  circuit.shape = shape;
  PostCircuitSector blank;
  blank.leaves.assign(shape.challenge_count, Fr());
  blank.paths.assign(shape.challenge_count,
                     crypto::r1cs::blank_auth_path(shape.tree_r, shape.sector_size / 32));
  circuit.sectors.assign(shape.sector_count, blank);
  return circuit;
}

FallbackPostCircuit fallback_post_circuit(const PostCircuitShape& shape,
                                          const std::vector<crypto::Digest32>& comm_rs,
                                          const std::vector<SectorPostProof>& proofs) {
  if (proofs.empty() || proofs.size() != comm_rs.size() || proofs.size() > shape.sector_count) {
    throw InvalidInput("post circuit: need 1..sector_count proofs, one comm_r each");
  }
  FallbackPostCircuit circuit;
  circuit.shape = shape;
  for (std::size_t i = 0; i < shape.sector_count; ++i) {
    const std::size_t source = std::min(i, proofs.size() - 1);
    const SectorPostProof& proof = proofs[source];
    if (proof.inclusion_proofs.size() != shape.challenge_count) {
      throw InvalidInput("post circuit: a sector proof has the wrong number of openings");
    }
    PostCircuitSector sector;
    sector.comm_r = fr(comm_rs[source]);
    sector.comm_c = fr(proof.comm_c);
    sector.comm_r_last = fr(proof.comm_r_last);
    for (const auto& opening : proof.inclusion_proofs) {
      sector.leaves.push_back(fr(opening.leaf));
      sector.paths.push_back(crypto::r1cs::auth_path_from_proof(shape.tree_r, opening));
    }
    circuit.sectors.push_back(std::move(sector));
  }
  return circuit;
}

FallbackPostCircuit winning_post_circuit(const PostCircuitShape& shape,
                                         const crypto::Digest32& comm_r,
                                         const SectorPostProof& proof) {
  if (shape.challenge_count != 1 || proof.inclusion_proofs.size() != shape.sector_count) {
    throw InvalidInput("winning circuit: need one opening per circuit sector, 1 challenge each");
  }
  FallbackPostCircuit circuit;
  circuit.shape = shape;
  for (const auto& opening : proof.inclusion_proofs) {
    PostCircuitSector sector;
    sector.comm_r = fr(comm_r);
    sector.comm_c = fr(proof.comm_c);
    sector.comm_r_last = fr(proof.comm_r_last);
    sector.leaves.push_back(fr(opening.leaf));
    sector.paths.push_back(crypto::r1cs::auth_path_from_proof(shape.tree_r, opening));
    circuit.sectors.push_back(std::move(sector));
  }
  return circuit;
}

void synthesize_fallback_post(ConstraintSystem& cs, const FallbackPostCircuit& circuit) {
  Namespace outer(cs, "outer namespace");
  for (std::size_t i = 0; i < circuit.sectors.size(); ++i) {
    Namespace ns(cs, [i] { return "sector_" + std::to_string(i); });
    synthesize_sector(cs, circuit.shape, circuit.sectors[i]);
  }
}

std::vector<Fr> fallback_post_public_inputs(const PostCircuitShape& shape,
                                            const crypto::Digest32& randomness, PostApi api,
                                            const std::vector<PostPublicSector>& sectors,
                                            std::size_t partition) {
  if (shape.sector_count == 0) throw InvalidInput("post inputs: sector_count is 0");
  const std::size_t first = partition * shape.sector_count;
  if (first >= sectors.size()) throw InvalidInput("post inputs: no sectors in this partition");
  const std::size_t count = std::min<std::size_t>(shape.sector_count, sectors.size() - first);
  const crypto::Digest32 safe_randomness = fr_safe_randomness(randomness);
  std::vector<Fr> inputs;
  for (std::size_t i = 0; i < count; ++i) {
    const PostPublicSector& sector = sectors[first + i];
    inputs.push_back(fr(sector.comm_r));
    for (std::uint64_t n = 0; n < shape.challenge_count; ++n) {
      const std::uint64_t index = challenge_index(api, first + i, shape.challenge_count, n);
      inputs.push_back(Fr::from_uint(
          leaf_challenge(safe_randomness, sector.sector_number, index, shape.sector_size)));
    }
  }
  const std::size_t per_sector = 1 + shape.challenge_count;
  while (inputs.size() / per_sector < shape.sector_count) {
    const std::vector<Fr> last(inputs.end() - static_cast<std::ptrdiff_t>(per_sector),
                               inputs.end());
    inputs.insert(inputs.end(), last.begin(), last.end());
  }
  return inputs;
}

}  // namespace tessera::post::circuit
