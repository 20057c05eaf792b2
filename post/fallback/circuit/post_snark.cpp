#include "post/fallback/circuit/post_snark.hpp"

#include <algorithm>
#include <string>

#include "common/error.hpp"
#include "crypto/groth16/proof.hpp"
#include "crypto/groth16/prover.hpp"
#include "sealing/porep/proof_types.hpp"

namespace tessera::post::circuit {

namespace {

// The Window circuit's shape, checking that params challenge as it does.
PostCircuitShape window_shape(const PostChallengeParams& params) {
  const PostCircuitShape shape =
      post_circuit_shape(params::Circuit::kWindowPoSt, params.sector_size);
  if (params.challenge_count != shape.challenge_count) {
    throw InvalidInput("window post snark: " + std::to_string(params.challenge_count) +
                       " challenges per sector; the circuit has " +
                       std::to_string(shape.challenge_count));
  }
  return shape;
}

// The Winning circuit's shape, checking that params challenge as it does.
PostCircuitShape winning_shape(const PostChallengeParams& params) {
  const PostCircuitShape shape =
      post_circuit_shape(params::Circuit::kWinningPoSt, params.sector_size);
  if (params.api != PostApi::kV1_0) {
    throw InvalidInput("winning post snark: WinningPoSt challenges with API 1.0 (kV1_0)");
  }
  if (params.challenge_count != shape.sector_count * shape.challenge_count) {
    throw InvalidInput("winning post snark: " + std::to_string(params.challenge_count) +
                       " challenges; the circuit has " +
                       std::to_string(shape.sector_count * shape.challenge_count));
  }
  return shape;
}

// The proving set the Winning circuit sees: the elected sector once per circuit sector.
std::vector<PostPublicSector> winning_sectors(const PostCircuitShape& shape,
                                              const PostPublicSector& sector) {
  return std::vector<PostPublicSector>(shape.sector_count, sector);
}

groth16::Proof prove_circuit(const groth16::ParameterSource& groth_params,
                             const FallbackPostCircuit& circuit, StageContext& ctx) {
  return groth16::create_random_proof(
      groth_params,
      [&](crypto::r1cs::ConstraintSystem& cs) { synthesize_fallback_post(cs, circuit); }, ctx);
}

}  // namespace

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

std::size_t window_post_partitions(std::uint64_t sector_size, std::size_t sector_count) {
  if (sector_count == 0) throw InvalidInput("window post: the proving set is empty");
  const std::uint64_t per_partition =
      post_circuit_shape(params::Circuit::kWindowPoSt, sector_size).sector_count;
  return static_cast<std::size_t>((sector_count + per_partition - 1) / per_partition);
}

Bytes prove_window_post_snark(const PostChallengeParams& params,
                              const std::vector<PostPublicSector>& sectors,
                              const std::vector<SectorPostProof>& vanilla,
                              const groth16::ParameterSource& groth_params, StageContext& ctx) {
  const PostCircuitShape shape = window_shape(params);
  if (sectors.size() != vanilla.size()) {
    throw InvalidInput("window post snark: " + std::to_string(sectors.size()) + " sectors but " +
                       std::to_string(vanilla.size()) + " vanilla proofs");
  }
  const std::size_t partitions = window_post_partitions(params.sector_size, sectors.size());
  for (std::size_t i = 0; i < sectors.size(); ++i) {
    if (vanilla[i].sector_number != sectors[i].sector_number) {
      throw InvalidInput("window post snark: vanilla proof " + std::to_string(i) +
                         " is of sector " + std::to_string(vanilla[i].sector_number) +
                         ", the proving set has sector " +
                         std::to_string(sectors[i].sector_number) + " there");
    }
  }
  std::vector<groth16::Proof> proofs;
  for (std::size_t k = 0; k < partitions; ++k) {
    const std::size_t first = k * shape.sector_count;
    const std::size_t end = std::min<std::size_t>(first + shape.sector_count, sectors.size());
    std::vector<crypto::Digest32> comm_rs;
    for (std::size_t i = first; i < end; ++i) comm_rs.push_back(sectors[i].comm_r);
    const std::vector<SectorPostProof> chunk(vanilla.begin() + static_cast<std::ptrdiff_t>(first),
                                             vanilla.begin() + static_cast<std::ptrdiff_t>(end));
    proofs.push_back(
        prove_circuit(groth_params, fallback_post_circuit(shape, comm_rs, chunk), ctx));
    ctx.report(k + 1, partitions);
  }
  return groth16::write_proofs(proofs);
}

bool verify_window_post_snark(const PostChallengeParams& params,
                              const std::vector<PostPublicSector>& sectors,
                              std::span<const std::uint8_t> proof,
                              const groth16::PreparedVerifyingKey& vk) {
  const PostCircuitShape shape = window_shape(params);
  const std::size_t partitions = window_post_partitions(params.sector_size, sectors.size());
  const auto proofs = groth16::read_proofs(proof, partitions);
  std::vector<std::vector<crypto::Fr>> inputs;
  for (std::size_t k = 0; k < partitions; ++k) {
    inputs.push_back(fallback_post_public_inputs(shape, params.randomness, params.api, sectors, k));
  }
  return groth16::verify_proofs_batch(vk, proofs, inputs);
}

Bytes prove_winning_post_snark(const PostChallengeParams& params, const PostPublicSector& sector,
                               const SectorPostProof& vanilla,
                               const groth16::ParameterSource& groth_params, StageContext& ctx) {
  const PostCircuitShape shape = winning_shape(params);
  if (vanilla.sector_number != sector.sector_number) {
    throw InvalidInput("winning post snark: the vanilla proof is of sector " +
                       std::to_string(vanilla.sector_number) + ", not " +
                       std::to_string(sector.sector_number));
  }
  const groth16::Proof proof =
      prove_circuit(groth_params, winning_post_circuit(shape, sector.comm_r, vanilla), ctx);
  ctx.report(1, 1);
  return groth16::write_proofs(std::span<const groth16::Proof>(&proof, 1));
}

bool verify_winning_post_snark(const PostChallengeParams& params, const PostPublicSector& sector,
                               std::span<const std::uint8_t> proof,
                               const groth16::PreparedVerifyingKey& vk) {
  const PostCircuitShape shape = winning_shape(params);
  const groth16::Proof decoded = groth16::read_proofs(proof, 1).front();
  return groth16::verify_proof(vk, decoded,
                               fallback_post_public_inputs(shape, params.randomness, params.api,
                                                           winning_sectors(shape, sector), 0));
}

}  // namespace tessera::post::circuit
