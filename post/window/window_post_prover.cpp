#include "post/window/window_post_prover.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "chain/types/randomness.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
#include "crypto/groth16/mapped_parameters.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "post/fallback/vanilla_post_json.hpp"
#include "post/window/sector_check.hpp"
#include "sealing/params/groth16_parameters.hpp"
#include "sealing/params/verifying_keys.hpp"

namespace tessera::post::window {
namespace {

crypto::Digest32 digest_of(const Bytes& bytes, std::string_view what) {
  crypto::Digest32 d{};
  if (bytes.size() != d.size())
    throw InvalidInput(std::string(what) + " is " + std::to_string(bytes.size()) +
                       " bytes, expected 32");
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

// The partitions of the request, checked against the deadline's.
std::vector<chain::PartitionState> requested_partitions(const ProveRequest& request,
                                                        chain::FullNodeClient& node) {
  if (request.partitions.empty()) throw InvalidInput("no partitions to prove");
  const auto all = node.state_miner_partitions(request.miner, request.deadline.index, request.head);
  std::vector<chain::PartitionState> out;
  chain::BitField seen;
  for (std::uint64_t index : request.partitions) {
    if (index >= all.size())
      throw InvalidInput("deadline " + std::to_string(request.deadline.index) +
                         " has no partition " + std::to_string(index) + " (it has " +
                         std::to_string(all.size()) + ")");
    if (seen.contains(index))
      throw InvalidInput("partition " + std::to_string(index) + " is requested twice");
    seen.set(index);
    out.push_back(all[index]);
  }
  return out;
}

// lotus: (LiveSectors - FaultySectors) + RecoveringSectors.
chain::BitField sectors_to_prove(const chain::PartitionState& p) {
  return p.live_sectors.subtract(p.faulty_sectors).union_with(p.recovering_sectors);
}

// The vanilla proofs of the candidates that passed prove_sectors, in order.
std::vector<SectorPostProof> proofs_of(const std::vector<CheckedSector>& candidates) {
  std::vector<SectorPostProof> out;
  for (const auto& c : candidates)
    if (c.provable()) out.push_back(*c.proof);
  return out;
}

Bytes snark_proof(const PostChallengeParams& params, const std::vector<CheckedSector>& candidates,
                  const std::vector<SectorPostProof>& vanilla, StageContext& ctx) {
  std::vector<circuit::PostPublicSector> sectors;
  for (const auto& c : candidates)
    if (c.provable()) sectors.push_back({c.info.sector_number, c.comm_r});
  const auto files = params::find_parameter_files(params::Circuit::kWindowPoSt, params.sector_size);
  const groth16::MappedParameters mapped(files.params);
  Bytes proof = circuit::prove_window_post_snark(params, sectors, vanilla, mapped, ctx);
  const auto& vk = params::cached_verifying_key(params::Circuit::kWindowPoSt, params.sector_size);
  if (!circuit::verify_window_post_snark(params, sectors, proof, vk))
    throw Error("the Groth16 WindowPoSt does not verify under " + files.vk.string());
  return proof;
}

Bytes vanilla_json_proof(const std::vector<SectorPostProof>& vanilla) {
  const std::string text = post_proofs_to_json(vanilla).dump();
  return Bytes(text.begin(), text.end());
}

}  // namespace

std::vector<std::vector<std::uint64_t>> partition_chunks(std::uint64_t partitions,
                                                         const chain::BitField& skip,
                                                         std::uint64_t max) {
  std::vector<std::vector<std::uint64_t>> chunks;
  for (std::uint64_t p = 0; p < partitions; ++p) {
    if (skip.contains(p)) continue;
    if (chunks.empty() || (max > 0 && chunks.back().size() >= max)) chunks.emplace_back();
    chunks.back().push_back(p);
  }
  return chunks;
}

chain::SubmitWindowedPoStParams prove_partitions(const ProveRequest& request,
                                                 chain::FullNodeClient& node,
                                                 const SectorAccess& access, params::ProofMode mode,
                                                 StageContext& ctx) {
  const auto logger = log::get("wdpost");
  const auto partitions = requested_partitions(request, node);
  chain::BitField all_to_prove;
  for (const auto& p : partitions) all_to_prove = all_to_prove.union_with(sectors_to_prove(p));

  auto candidates = sectors_on_chain(request.miner, all_to_prove, request.head, node);
  const PostChallengeParams params{
      .randomness = digest_of(
          node.state_get_randomness_from_beacon(
              chain::DomainSeparationTag::kWindowedPoStChallengeSeed, request.deadline.challenge,
              chain::address_entropy(request.miner), request.head),
          "the WindowPoSt challenge randomness"),
      .api = PostApi::kV1_2,
      .challenge_count = kWindowPostChallenges,
      .sector_size = request.sector_size};
  // With API 1.2 a sector's challenges do not depend on its place in the proving set, so the
  // proofs of those left after skipping the others stay valid.
  prove_sectors(candidates, params, access);
  ctx.yield_point();
  const auto vanilla = proofs_of(candidates);

  chain::SubmitWindowedPoStParams out;
  out.deadline = request.deadline.index;
  chain::BitField skipped;
  for (const auto& c : candidates) {
    if (c.provable()) continue;
    skipped.set(c.info.sector_number);
    TLOG_WARN(logger, "WindowPoSt of deadline {} skips sector {}: {}", request.deadline.index,
              c.info.sector_number, c.failure);
  }
  for (std::size_t i = 0; i < partitions.size(); ++i)
    out.partitions.push_back(
        {request.partitions[i], sectors_to_prove(partitions[i]).intersect_with(skipped)});

  Bytes proof;
  if (!vanilla.empty())
    proof = mode == params::ProofMode::kSnark ? snark_proof(params, candidates, vanilla, ctx)
                                              : vanilla_json_proof(vanilla);
  out.proofs.push_back({request.post_proof, std::move(proof)});
  TLOG_INFO(logger, "WindowPoSt of deadline {}: {} sectors proven, {} skipped",
            request.deadline.index, vanilla.size(), skipped.count());

  out.chain_commit_epoch = request.deadline.challenge;
  out.chain_commit_rand = node.state_get_randomness_from_tickets(
      chain::DomainSeparationTag::kPoStChainCommit, out.chain_commit_epoch, {}, request.head);
  return out;
}

}  // namespace tessera::post::window
