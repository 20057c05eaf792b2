// lotus miner.mineOne for one round; see mining_round.hpp.
#include "post/winning/mining_round.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "chain/types/election.hpp"
#include "chain/types/miner_params.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
#include "crypto/blake2b.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "post/post_worker.hpp"
#include "sealing/params/verifying_keys.hpp"
#include "sealing/porep/proof_types.hpp"

namespace tessera::post::winning {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kWinningPostChallenges =
    66;  // rust-fil-proofs WINNING_POST_CHALLENGE_COUNT

std::shared_ptr<spdlog::logger> logger() {
  return log::get("miner");
}

crypto::Digest32 digest32(const Bytes& bytes, const char* what) {
  if (bytes.size() != 32)
    throw InvalidInput(std::string(what) + " is " + std::to_string(bytes.size()) +
                       " bytes, not 32");
  crypto::Digest32 d{};
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

// The StackedDrgWinning<size>V1 proof of a seal proof's sector size; InvalidInput for an unknown
// seal proof.
std::int64_t winning_post_proof(std::int64_t seal_proof) {
  return chain::winning_post_proof_for_sector_size(porep::seal_proof_info(seal_proof).sector_size);
}

// The WinningPoSt task of the elected sectors: each with the leaves params challenge.
PostTask winning_task(const PostChallengeParams& params, const chain::Address& miner,
                      const std::vector<chain::SectorChallengeInfo>& sectors,
                      const Bytes& randomness) {
  PostTask task{.post_proof = winning_post_proof(sectors.at(0).seal_proof),
                .miner_id = miner.id(),
                .randomness = randomness};
  for (std::size_t i = 0; i < sectors.size(); ++i) {
    const auto& sector = sectors[i];
    task.sectors.push_back({.seal_proof = sector.seal_proof,
                            .sector_number = sector.sector_number,
                            .comm_r = digest32(sector.sealed_cid.digest, "the sealed CID's digest"),
                            .leaves = challenged_leaves(params, i, sector.sector_number),
                            .post_proof = task.post_proof});
  }
  return task;
}

// True when a PoSt worker's `proof` proves the task: the Groth16 proof under the verifying key
// (kSnark), each vanilla proof against its CommR (kVanilla).
bool verifies(const PostChallengeParams& params, const PostTask& task, const Bytes& proof,
              params::ProofMode mode) {
  std::vector<circuit::PostPublicSector> sectors;
  for (const auto& s : task.sectors) sectors.push_back({s.sector_number, s.comm_r});
  if (mode == params::ProofMode::kVanilla)
    return verify_vanilla_proof_bytes(params, sectors, proof);
  return sectors.size() == 1 &&
         circuit::verify_winning_post_snark(
             params, sectors[0], proof,
             params::cached_verifying_key(params::Circuit::kWinningPoSt, params.sector_size));
}

std::string seconds_text(std::chrono::nanoseconds d) {
  std::ostringstream out;
  out << std::chrono::duration<double>(d).count() << "s";
  return out.str();
}

}  // namespace

double ticket_quality(const Bytes& vrf_proof) {
  const Bytes hash = crypto::blake2b(vrf_proof, 32);
  double fraction = 0;
  for (std::size_t i = 0; i < hash.size(); ++i)
    fraction += std::ldexp(static_cast<double>(hash[i]), -8 * static_cast<int>(i + 1));
  return 1.0 - fraction;
}

const Bytes& min_ticket(const chain::TipSet& tipset) {
  if (tipset.blocks.empty()) throw InvalidInput("min_ticket: the tipset has no blocks");
  const Bytes* best = nullptr;
  Bytes best_hash;
  for (const auto& block : tipset.blocks) {
    if (!block.ticket)
      throw InvalidInput("min_ticket: block at height " + std::to_string(block.height) +
                         " has no ticket");
    Bytes hash = crypto::blake2b(*block.ticket, 32);
    if (!best || hash < best_hash) {
      best = &*block.ticket;
      best_hash = std::move(hash);
    }
  }
  return *best;
}

std::optional<chain::BlockMsg> mine_round(const RoundRequest& request, chain::FullNodeClient& node,
                                          const SectorProofSource& source, params::ProofMode mode,
                                          StageContext& ctx, RoundTimings* timings,
                                          const WinningProver& workers) {
  RoundTimings local;
  RoundTimings& t = timings ? *timings : local;
  t = RoundTimings{};
  const auto start = Clock::now();
  auto mark = start;
  const auto lap = [&](std::chrono::nanoseconds& stage) {
    const auto now = Clock::now();
    stage = now - mark;
    mark = now;
    t.total = now - start;
  };

  const chain::TipSet base = node.chain_head();
  const chain::TipSetKey base_key = base.key();
  const std::int64_t round = base.height() + 1;
  TLOG_DEBUG(logger(), "attempting to mine a block on height {} (round {})", base.height(), round);
  const auto info = node.miner_get_base_info(request.miner, round, base_key);
  lap(t.base_info);
  if (!info) {
    TLOG_INFO(logger(),
              "no mining base info for {} at round {}: no miner actor at the lookback "
              "or no sectors to prove",
              request.miner.to_string(chain::wire_network()), round);
    return std::nullopt;
  }
  if (!info->eligible_for_mining) {
    // lotus: "slashed or just have no power yet"
    TLOG_INFO(logger(),
              "miner {} not eligible to mine at round {}: slashed, below the minimum "
              "power, or no power yet",
              request.miner.to_string(chain::wire_network()), round);
    return std::nullopt;
  }

  const auto base_timestamp =
      std::min_element(base.blocks.begin(), base.blocks.end(), [](const auto& a, const auto& b) {
        return a.timestamp < b.timestamp;
      })->timestamp;
  const auto now_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  TLOG_INFO(logger(), "Time delta between now and our mining base: {}s (nulls: 0)",
            now_seconds - static_cast<std::int64_t>(base_timestamp));

  const chain::BeaconEntry beacon =
      info->beacon_entries.empty() ? info->prev_beacon_entry : info->beacon_entries.back();
  chain::BlockTemplate block;
  block.miner = request.miner;
  block.parents = base_key;
  block.epoch = round;
  block.beacon_values = info->beacon_entries;
  block.ticket =
      node.wallet_sign(info->worker_key,
                       chain::ticket_randomness(beacon, round, request.miner, min_ticket(base)))
          .data;
  lap(t.ticket);

  const Bytes vrf =
      node.wallet_sign(info->worker_key, chain::election_randomness(beacon, round, request.miner))
          .data;
  const auto wins = chain::compute_win_count(vrf, info->miner_power, info->network_power);
  lap(t.is_winner);
  if (wins < 1) {
    TLOG_DEBUG(logger(), "miner {} not elected in round {}",
               request.miner.to_string(chain::wire_network()), round);
    return std::nullopt;
  }
  block.election_proof = chain::ElectionProof{wins, vrf};

  if (info->sectors.empty())
    throw InvalidInput("WinningPoSt: the mining base info of round " + std::to_string(round) +
                       " challenges no sectors");
  const Bytes randomness = chain::winning_post_randomness(beacon, round, request.miner);
  const PostChallengeParams params{
      .randomness = digest32(randomness, "the WinningPoSt randomness"),
      .api = PostApi::kV1_0,  // every StackedDrgWinning*V1 is ApiVersion V1_0_0
      .challenge_count = kWinningPostChallenges,
      .sector_size = info->sector_size};
  lap(t.seed);

  const auto task = winning_task(params, request.miner, info->sectors, randomness);
  Bytes proof;
  if (workers) {
    proof = workers(task);
    if (!verifies(params, task, proof, mode))
      throw Error("the WinningPoSt the PoSt worker made does not verify");
  } else {
    proof = generate_winning_post(task, source, request.block_delay, mode, ctx);
  }
  block.winning_post_proof = {chain::PoStProof{task.post_proof, std::move(proof)}};
  lap(t.proof);

  block.messages = node.mpool_select(base_key, ticket_quality(block.ticket));
  lap(t.pending);

  block.timestamp =
      base_timestamp +
      static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::seconds>(request.block_delay).count());
  chain::BlockMsg mined = node.miner_create_block(block);
  lap(t.create_block);

  std::string parent_miners;
  for (const auto& parent : base.blocks)
    parent_miners +=
        (parent_miners.empty() ? "" : ",") + parent.miner.to_string(chain::wire_network());
  TLOG_INFO(logger(), "mined new block cid={} height={} miner={} parents=[{}] took={}",
            mined.header.cid().to_string(), mined.header.height,
            mined.header.miner.to_string(chain::wire_network()), parent_miners,
            seconds_text(t.total));
  if (const auto warning = slow_round_warning(t, request.block_delay))
    TLOG_WARN(logger(), "{}", *warning);
  return mined;
}

std::optional<std::string> slow_round_warning(const RoundTimings& timings,
                                              std::chrono::milliseconds block_delay) {
  if (timings.total <= block_delay) return std::nullopt;
  return "CAUTION: block production took longer than the block delay. Your computer may not be "
         "fast enough to keep up tMinerBaseInfo=" +
         seconds_text(timings.base_info) + " tTicket=" + seconds_text(timings.ticket) +
         " tIsWinner=" + seconds_text(timings.is_winner) + " tSeed=" + seconds_text(timings.seed) +
         " tProof=" + seconds_text(timings.proof) + " tPending=" + seconds_text(timings.pending) +
         " tCreateBlock=" + seconds_text(timings.create_block) +
         " took=" + seconds_text(timings.total);
}

}  // namespace tessera::post::winning
