#include "post/window/window_post_prover.hpp"

#include <algorithm>
#include <future>
#include <optional>
#include <string>

#include "chain/types/randomness.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "post/post_worker.hpp"
#include "post/window/sector_check.hpp"
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

// The provable candidates as the circuit's public sectors, in order.
std::vector<circuit::PostPublicSector> public_sectors(
    const std::vector<CheckedSector>& candidates) {
  std::vector<circuit::PostPublicSector> sectors;
  for (const auto& c : candidates)
    if (c.provable()) sectors.push_back({c.info.sector_number, c.comm_r});
  return sectors;
}

// How often the partitions go to the PoSt workers again when they skip sectors (lotus's
// runPoStCycle retries with the skipped sectors left out).
constexpr int kWorkerRounds = 3;

// The proving set's partitions as GenerateWindowPoSt tasks (lotus Manager.generateWindowPoSt):
// the provable candidates in order, sectors-per-partition at a time, with their leaves.
std::vector<PostTask> partition_tasks(const ProveRequest& request,
                                      const PostChallengeParams& params, const Bytes& randomness,
                                      const std::vector<CheckedSector>& candidates) {
  const auto per_partition =
      circuit::post_circuit_shape(params::Circuit::kWindowPoSt, params.sector_size).sector_count;
  std::vector<PostTask> tasks;
  for (const auto& c : candidates) {
    if (!c.provable()) continue;
    if (tasks.empty() || tasks.back().sectors.size() == per_partition)
      tasks.push_back(PostTask{.post_proof = request.post_proof,
                               .miner_id = request.miner.id(),
                               .randomness = randomness,
                               .partition_index = tasks.size()});
    auto& sectors = tasks.back().sectors;
    sectors.push_back({.seal_proof = c.info.seal_proof,
                       .sector_number = c.info.sector_number,
                       .comm_r = c.comm_r,
                       .leaves = challenged_leaves(params, sectors.size(), c.info.sector_number),
                       .post_proof = request.post_proof});
  }
  return tasks;
}

// True when `proof` proves the provable candidates: the Groth16 proof under the verifying key
// (kSnark), each vanilla proof against its CommR (kVanilla).
bool verifies(const PostChallengeParams& params, const std::vector<CheckedSector>& candidates,
              const Bytes& proof, params::ProofMode mode) {
  const auto sectors = public_sectors(candidates);
  if (mode == params::ProofMode::kSnark)
    return circuit::verify_window_post_snark(
        params, sectors, proof,
        params::cached_verifying_key(params::Circuit::kWindowPoSt, params.sector_size));
  return verify_vanilla_proof_bytes(params, sectors, proof);
}

// The proof of the provable candidates from `prover` (PoSt workers), partitions in parallel.
// Sectors a worker skips are marked failed and the partitions sent again (kWorkerRounds in
// all). Throws what the prover throws, Error when the merged proof does not verify.
Bytes prove_on_workers(const ProveRequest& request, const PostChallengeParams& params,
                       const Bytes& randomness, std::vector<CheckedSector>& candidates,
                       const WindowPartitionProver& prover, params::ProofMode mode) {
  for (int round = 0; round < kWorkerRounds; ++round) {
    const auto tasks = partition_tasks(request, params, randomness, candidates);
    if (tasks.empty()) return {};
    std::vector<std::future<WindowPartitionResult>> running;
    for (const auto& task : tasks)
      running.push_back(std::async(std::launch::async, [&prover, &task] { return prover(task); }));
    std::vector<WindowPartitionResult> results;
    for (auto& r : running) results.push_back(r.get());
    chain::BitField skipped;
    std::vector<Bytes> proofs;
    for (auto& r : results) {
      for (std::uint64_t number : r.skipped) skipped.set(number);
      proofs.push_back(std::move(r.proof));
    }
    if (skipped.empty()) {
      Bytes proof = merge_partition_proofs(proofs, mode);
      if (!verifies(params, candidates, proof, mode))
        throw Error("the WindowPoSt the PoSt workers made does not verify");
      return proof;
    }
    for (auto& c : candidates)
      if (c.provable() && skipped.contains(c.info.sector_number))
        c.failure = "the PoSt worker could not prove it";
  }
  throw Error("the PoSt workers skipped sectors " + std::to_string(kWorkerRounds) + " times");
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
                                                 StageContext& ctx,
                                                 const WindowPartitionProver& workers) {
  const auto logger = log::get("wdpost");
  const auto partitions = requested_partitions(request, node);
  chain::BitField all_to_prove;
  for (const auto& p : partitions) all_to_prove = all_to_prove.union_with(sectors_to_prove(p));

  auto candidates = sectors_on_chain(request.miner, all_to_prove, request.head, node);
  const Bytes randomness = node.state_get_randomness_from_beacon(
      chain::DomainSeparationTag::kWindowedPoStChallengeSeed, request.deadline.challenge,
      chain::address_entropy(request.miner), request.head);
  const PostChallengeParams params{
      .randomness = digest_of(randomness, "the WindowPoSt challenge randomness"),
      .api = PostApi::kV1_2,
      .challenge_count = kWindowPostChallenges,
      .sector_size = request.sector_size};
  // With API 1.2 a sector's challenges do not depend on its place in the proving set, so the
  // proofs of those left after skipping the others stay valid.
  prove_sectors(candidates, params, access);
  ctx.yield_point();
  Bytes proof;
  if (workers) proof = prove_on_workers(request, params, randomness, candidates, workers, mode);
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

  if (!vanilla.empty() && !workers)
    proof = mode == params::ProofMode::kSnark
                ? checked_window_post_snark(params, public_sectors(candidates), vanilla, ctx)
                : vanilla_proof_bytes(vanilla);
  out.proofs.push_back({request.post_proof, std::move(proof)});
  TLOG_INFO(logger, "WindowPoSt of deadline {}: {} sectors proven, {} skipped",
            request.deadline.index, vanilla.size(), skipped.count());

  out.chain_commit_epoch = request.deadline.challenge;
  out.chain_commit_rand = node.state_get_randomness_from_tickets(
      chain::DomainSeparationTag::kPoStChainCommit, out.chain_commit_epoch, {}, request.head);
  return out;
}

}  // namespace tessera::post::window
