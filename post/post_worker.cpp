#include "post/post_worker.hpp"

#include <algorithm>
#include <array>
#include <string>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/log.hpp"
#include "crypto/groth16/mapped_parameters.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "post/fallback/vanilla_post_json.hpp"
#include "sealing/params/groth16_parameters.hpp"
#include "sealing/params/verifying_keys.hpp"
#include "sealing/porep/proof_types.hpp"

namespace tessera::post {
namespace {

using Clock = std::chrono::steady_clock;

// RegisteredPoStProof sector sizes in go-state-types order (Winning 0-4, Window V1_1 10-14).
constexpr std::array<std::uint64_t, 5> kPostSectorSizes{2048, 8ull << 20, 512ull << 20, 32ull << 30,
                                                        64ull << 30};
constexpr std::int64_t kFirstWindowV1_1 = 10;
// rust-fil-proofs WINDOW_POST_CHALLENGE_COUNT and WINNING_POST_CHALLENGE_COUNT.
constexpr std::uint64_t kWindowChallenges = 10;
constexpr std::uint64_t kWinningChallenges = 66;

bool is_winning(std::int64_t post_proof) {
  return post_proof >= 0 && post_proof < static_cast<std::int64_t>(kPostSectorSizes.size());
}

// Checks the task's sectors against params: each of the proof's size, with the leaves the
// randomness challenges at its place in the list.
void check_sectors(const PostTask& task, const PostChallengeParams& params) {
  if (task.sectors.empty()) throw InvalidInput("the PoSt task has no sectors");
  for (std::size_t i = 0; i < task.sectors.size(); ++i) {
    const auto& s = task.sectors[i];
    if (porep::seal_proof_info(s.seal_proof).sector_size != params.sector_size)
      throw InvalidInput("sector " + std::to_string(s.sector_number) +
                         " is not of the PoSt proof's sector size");
    if (s.leaves != challenged_leaves(params, i, s.sector_number))
      throw InvalidInput("the challenges of sector " + std::to_string(s.sector_number) +
                         " are not those the randomness draws");
  }
}

// The sector's challenge as the source takes it (with the task's proof type).
PostSectorChallenge with_proof(PostSectorChallenge challenge, std::int64_t post_proof) {
  challenge.post_proof = post_proof;
  return challenge;
}

std::vector<circuit::PostPublicSector> public_sectors(const PostTask& task) {
  std::vector<circuit::PostPublicSector> out;
  for (const auto& s : task.sectors) out.push_back({s.sector_number, s.comm_r});
  return out;
}

}  // namespace

Bytes checked_window_post_snark(const PostChallengeParams& params,
                                const std::vector<circuit::PostPublicSector>& sectors,
                                const std::vector<SectorPostProof>& vanilla, StageContext& ctx) {
  const auto files = params::find_parameter_files(params::Circuit::kWindowPoSt, params.sector_size);
  const groth16::MappedParameters mapped(files.params);
  Bytes proof = circuit::prove_window_post_snark(params, sectors, vanilla, mapped, ctx);
  const auto& vk = params::cached_verifying_key(params::Circuit::kWindowPoSt, params.sector_size);
  if (!circuit::verify_window_post_snark(params, sectors, proof, vk))
    throw Error("the Groth16 WindowPoSt does not verify under " + files.vk.string());
  return proof;
}

Bytes vanilla_proof_bytes(const std::vector<SectorPostProof>& vanilla) {
  const std::string text = post_proofs_to_json(vanilla).dump();
  return Bytes(text.begin(), text.end());
}

PostChallengeParams post_challenge_params(std::int64_t post_proof, const Bytes& randomness) {
  PostChallengeParams params;
  if (randomness.size() != params.randomness.size())
    throw InvalidInput("the PoSt randomness is " + std::to_string(randomness.size()) +
                       " bytes, not 32");
  std::copy(randomness.begin(), randomness.end(), params.randomness.begin());
  if (is_winning(post_proof)) {
    params.api = PostApi::kV1_0;  // every StackedDrgWinning*V1 is ApiVersion V1_0_0
    params.challenge_count = kWinningChallenges;
    params.sector_size = kPostSectorSizes[static_cast<std::size_t>(post_proof)];
  } else if (is_winning(post_proof - kFirstWindowV1_1)) {
    params.api = PostApi::kV1_2;
    params.challenge_count = kWindowChallenges;
    params.sector_size = kPostSectorSizes[static_cast<std::size_t>(post_proof - kFirstWindowV1_1)];
  } else {
    throw InvalidInput("RegisteredPoStProof " + std::to_string(post_proof) +
                       " is not supported (Winning 0-4 and Window V1_1 10-14 are)");
  }
  return params;
}

WindowPartitionResult generate_window_partition(const PostTask& task,
                                                const SectorProofSource& source,
                                                const CheckLimits& limits, params::ProofMode mode,
                                                StageContext& ctx) {
  const auto params = post_challenge_params(task.post_proof, task.randomness);
  if (params.api != PostApi::kV1_2)
    throw InvalidInput("GenerateWindowPoSt needs a WindowPoSt proof type, got " +
                       std::to_string(task.post_proof));
  const auto per_partition =
      circuit::post_circuit_shape(params::Circuit::kWindowPoSt, params.sector_size).sector_count;
  if (task.sectors.size() > per_partition)
    throw InvalidInput("a WindowPoSt partition holds at most " + std::to_string(per_partition) +
                       " sectors, the task has " + std::to_string(task.sectors.size()));
  check_sectors(task, params);

  std::vector<SectorPostProof> vanilla(task.sectors.size());
  const auto failures = run_bounded(task.sectors.size(), limits, [&](std::size_t i, auto by) {
    const auto& s = task.sectors[i];
    auto proof = source(with_proof(s, task.post_proof), by);
    if (!verify_sector(params, i, s.comm_r, proof))
      throw Error("its vanilla proof does not verify against the CommR");
    vanilla[i] = std::move(proof);
  });
  WindowPartitionResult out;
  for (std::size_t i = 0; i < failures.size(); ++i) {
    if (failures[i].empty()) continue;
    out.skipped.push_back(task.sectors[i].sector_number);
    TLOG_WARN(log::get("wdpost"), "WindowPoSt partition {} skips sector {}: {}",
              task.partition_index, task.sectors[i].sector_number, failures[i]);
  }
  if (!out.skipped.empty()) return out;
  ctx.yield_point();
  out.proof = mode == params::ProofMode::kSnark
                  ? checked_window_post_snark(params, public_sectors(task), vanilla, ctx)
                  : vanilla_proof_bytes(vanilla);
  return out;
}

Bytes generate_winning_post(const PostTask& task, const SectorProofSource& source,
                            std::chrono::milliseconds within, params::ProofMode mode,
                            StageContext& ctx) {
  const auto params = post_challenge_params(task.post_proof, task.randomness);
  if (params.api != PostApi::kV1_0)
    throw InvalidInput("GenerateWinningPoSt needs a WinningPoSt proof type, got " +
                       std::to_string(task.post_proof));
  check_sectors(task, params);
  if (mode == params::ProofMode::kSnark && task.sectors.size() != 1)
    throw InvalidInput("WinningPoSt: " + std::to_string(task.sectors.size()) +
                       " sectors challenged; the SNARK proves exactly one");
  const auto deadline = Clock::now() + within;
  std::vector<SectorPostProof> vanilla;
  for (std::size_t i = 0; i < task.sectors.size(); ++i) {
    const auto& s = task.sectors[i];
    vanilla.push_back(source(with_proof(s, task.post_proof), deadline));
    if (!verify_sector(params, i, s.comm_r, vanilla.back()))
      throw Error("the vanilla proof of sector " + std::to_string(s.sector_number) +
                  " does not verify against its CommR");
  }
  if (mode == params::ProofMode::kVanilla) return vanilla_proof_bytes(vanilla);
  const auto files =
      params::find_parameter_files(params::Circuit::kWinningPoSt, params.sector_size);
  const groth16::MappedParameters mapped(files.params);
  return circuit::prove_winning_post_snark(params, public_sectors(task)[0], vanilla[0], mapped,
                                           ctx);
}

bool verify_vanilla_proof_bytes(const PostChallengeParams& params,
                                const std::vector<circuit::PostPublicSector>& sectors,
                                const Bytes& proof) {
  const auto json = nlohmann::json::parse(proof.begin(), proof.end(), nullptr, false);
  if (json.is_discarded()) return false;
  const auto vanilla = post_proofs_from_json(json);
  if (vanilla.size() != sectors.size()) return false;
  for (std::size_t i = 0; i < sectors.size(); ++i)
    if (vanilla[i].sector_number != sectors[i].sector_number ||
        !verify_sector(params, i, sectors[i].comm_r, vanilla[i]))
      return false;
  return true;
}

Bytes merge_partition_proofs(const std::vector<Bytes>& partitions, params::ProofMode mode) {
  if (mode == params::ProofMode::kSnark) {
    Bytes out;
    for (const auto& p : partitions) out.insert(out.end(), p.begin(), p.end());
    return out;
  }
  std::vector<SectorPostProof> all;
  for (const auto& p : partitions) {
    const auto json = nlohmann::json::parse(p.begin(), p.end(), nullptr, false);
    if (json.is_discarded()) throw InvalidInput("a partition's vanilla proofs are not JSON");
    for (auto& proof : post_proofs_from_json(json)) all.push_back(std::move(proof));
  }
  return vanilla_proof_bytes(all);
}

}  // namespace tessera::post
