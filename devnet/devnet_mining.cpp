// Blocks from winning miners: the base a miner mines on (MinerGetBaseInfo), the block it makes
// from a template (MinerCreateBlock) and the checks a submitted block passes before it becomes
// the next block (SyncSubmitBlock): expected consensus with VRF tickets and election proofs,
// a win count that follows the miner's power, a WinningPoSt verified for real, and the messages'
// signatures (a BLS aggregate for the BLS ones, lotus checkBlockMessages).
#include <algorithm>

#include "devnet/block_parts.hpp"
#include "devnet/devnet.hpp"
#include "devnet/proof_checks.hpp"
#include "chain/types/election.hpp"
#include "common/error.hpp"
#include "post/fallback/post_challenges.hpp"
#include "sealing/porep/replica_id.hpp"

namespace tessera::chain::devnet {
namespace {

constexpr std::uint64_t kWinningPostSectorCount = 1;

[[noreturn]] void reject(const std::string& why) {
  throw InvalidInput("block rejected: " + why);
}

}  // namespace

std::vector<SectorOnChainInfo> Devnet::winning_post_sectors(const MinerState& miner,
                                                            std::uint64_t id,
                                                            const BeaconEntry& beacon,
                                                            ChainEpoch round) const {
  std::vector<SectorOnChainInfo> active;
  for (const auto& d : miner.deadlines)
    for (const auto& p : d.partitions)
      for (std::uint64_t n : p.active().all(UINT64_MAX)) active.push_back(miner.sectors.at(n));
  if (active.empty()) return {};
  std::sort(active.begin(), active.end(),
            [](const auto& a, const auto& b) { return a.sector_number < b.sector_number; });
  const Bytes rand = winning_post_randomness(beacon, round, Address::from_id(id));
  crypto::Digest32 randomness{};
  std::copy(rand.begin(), rand.end(), randomness.begin());
  std::vector<SectorOnChainInfo> challenged;
  for (std::uint64_t n = 0; n < kWinningPostSectorCount; ++n)
    challenged.push_back(active[post::winning_sector_challenge(
        post::fr_safe_randomness(randomness), porep::prover_id_for(id), n, active.size())]);
  return challenged;
}

std::optional<MiningBaseInfo> Devnet::mining_base_info(const Address& miner,
                                                       ChainEpoch round) const {
  std::lock_guard lock(mu_);
  if (round != blocks_.back().header.height + 1) return std::nullopt;
  const State& state = *states_.rbegin()->second;
  const auto id = state.resolve(miner);
  const MinerState* m = id ? state.miner(*id) : nullptr;
  if (!m) return std::nullopt;
  const BeaconEntry beacon = next_beacon();
  MiningBaseInfo info;
  info.miner_power = m->power.quality_adj_power;
  info.network_power = state.total_power.quality_adj_power;
  for (const auto& s : winning_post_sectors(*m, *id, beacon, round))
    info.sectors.push_back(
        SectorChallengeInfo{s.seal_proof, s.sector_number, s.sector_key_cid, s.sealed_cid});
  info.worker_key = *state.actor(m->info.worker.id())->key;
  info.sector_size = m->info.sector_size;
  info.prev_beacon_entry = blocks_.back().header.beacon_entries.back();
  info.beacon_entries = {beacon};
  info.eligible_for_mining =
      !(m->power.quality_adj_power < BigInt::from_uint(params_.consensus_miner_min_power));
  return info;
}

std::vector<SignedMessage> Devnet::select_messages() const {
  std::lock_guard lock(mu_);
  return mpool_->pending();
}

BlockMsg Devnet::create_block(const BlockTemplate& t) {
  std::lock_guard lock(mu_);
  if (t.epoch != blocks_.back().header.height + 1 || t.parents != TipSetKey{{blocks_.back().cid}})
    throw InvalidInput("the template is not for the next block on the head");
  const State& state = *states_.rbegin()->second;
  const auto id = state.resolve(t.miner);
  const MinerState* m = id ? state.miner(*id) : nullptr;
  if (!m) throw InvalidInput("actor " + t.miner.to_string(Network::kTestnet) + " is not a miner");
  BlockMsg out;
  BlockHeader& h = out.header;
  h = next_header_base();
  h.miner = Address::from_id(*id);
  h.ticket = t.ticket;
  h.election_proof = t.election_proof;
  if (!t.beacon_values.empty()) h.beacon_entries = t.beacon_values;
  h.win_post_proof = t.winning_post_proof;
  // lotus MinerCreateBlock: BLS messages go in unsigned, their signatures summed in the header.
  const auto messages = bls_first(t.messages);
  h.messages = messages_cid(messages);
  h.bls_aggregate = bls_aggregate(messages);
  h.timestamp = std::max(h.timestamp, t.timestamp);
  const Address worker_key = *state.actor(m->info.worker.id())->key;
  if (!wallet_->has(worker_key))
    throw InvalidInput("the devnet wallet has no key for worker " +
                       worker_key.to_string(Network::kTestnet));
  h.block_sig = wallet_->sign(worker_key, h.to_cbor());
  for (const auto& message : messages)
    (is_bls(message) ? out.bls_messages : out.secpk_messages).push_back(message.cid());
  return out;
}

void Devnet::check_miner_block(const BlockMsg& block,
                               const std::vector<SignedMessage>& messages) const {
  const BlockHeader& h = block.header;
  const BlockHeader expected = next_header_base();
  if (h.height != expected.height || h.parents != expected.parents)
    reject("not the next block on the head (height " + std::to_string(expected.height) + ")");
  if (h.parent_weight != expected.parent_weight ||
      h.parent_state_root != expected.parent_state_root ||
      h.parent_message_receipts != expected.parent_message_receipts ||
      h.parent_base_fee != expected.parent_base_fee)
    reject("parent weight, state root, receipts or base fee differ from the head's");
  if (h.timestamp < blocks_.back().header.timestamp) reject("timestamp before the parent's");
  if (h.beacon_entries != expected.beacon_entries) reject("wrong beacon entries for the round");
  if (h.messages != messages_cid(messages)) reject("messages CID does not match the messages");
  const State& state = *states_.rbegin()->second;
  try {
    check_block_signatures(h, messages, state);
  } catch (const InvalidInput& e) {
    reject(e.what());
  }
  const auto id = state.resolve(h.miner);
  const MinerState* m = id ? state.miner(*id) : nullptr;
  if (!m || *id == kProducerMinerId) reject("the block's miner is not a storage miner");
  if (m->power.quality_adj_power < BigInt::from_uint(params_.consensus_miner_min_power))
    reject("the miner is below the minimum power");
  const Address miner = Address::from_id(*id);
  const Address worker_key = *state.actor(m->info.worker.id())->key;
  const BeaconEntry& beacon = h.beacon_entries.back();
  if (!h.ticket ||
      !verify_vrf(worker_key,
                  chain::ticket_randomness(beacon, h.height, miner, *blocks_.back().header.ticket),
                  *h.ticket))
    reject("the ticket is not the worker's VRF output");
  if (!h.election_proof || !verify_vrf(worker_key, election_randomness(beacon, h.height, miner),
                                       h.election_proof->vrf_proof))
    reject("the election proof is not the worker's VRF output");
  const auto wins = compute_win_count(h.election_proof->vrf_proof, m->power.quality_adj_power,
                                      state.total_power.quality_adj_power);
  if (wins < 1 || wins != h.election_proof->win_count)
    reject("the election proof wins " + std::to_string(wins) + " blocks, not " +
           std::to_string(h.election_proof->win_count));
  const auto sectors = winning_post_sectors(*m, *id, beacon, h.height);
  const auto proofs = proofs_for_sector_size(m->info.sector_size);
  if (sectors.empty() || h.win_post_proof.size() != 1 || !proofs ||
      h.win_post_proof[0].post_proof != proofs->winning_post_proof ||
      !verify_winning_post(params_.proofs, winning_post_randomness(beacon, h.height, miner),
                           m->info.sector_size, sectors, h.win_post_proof[0].proof_bytes))
    reject("invalid WinningPoSt proof");
  BlockHeader unsigned_header = h;
  unsigned_header.block_sig.reset();
  if (!h.block_sig || !verify_signature(worker_key, unsigned_header.to_cbor(), *h.block_sig))
    reject("the block is not signed by the miner's worker key");
}

void Devnet::submit_block(const BlockMsg& block) {
  {
    std::unique_lock lock(mu_);
    // One block per epoch: a block coming after a miner's block already took this epoch waits
    // for the next tick (a lotus miner holds its block until the block's time), so a fast miner
    // does not run the chain ahead of the clock.
    if (producer_.joinable())
      changed_.wait(lock, [&] { return stopping_ || !submitted_since_tick_; });
    if (stopping_) reject("the devnet is stopping");
    const auto pending = mpool_->pending();
    // Applied as lotus applies a block's messages: the BLS ones, then the secp ones.
    std::vector<SignedMessage> messages;
    const auto take = [&](const std::vector<cid::Cid>& cids, bool bls, const std::string& list) {
      for (const auto& c : cids) {
        auto it = std::find_if(pending.begin(), pending.end(),
                               [&](const SignedMessage& m) { return m.cid() == c; });
        if (it == pending.end()) reject("message " + c.to_string() + " is not in the mpool");
        if (is_bls(*it) != bls)
          reject("message " + c.to_string() + " in " + list + " is " +
                 (bls ? "not BLS-signed" : "BLS-signed"));
        messages.push_back(*it);
      }
    };
    take(block.bls_messages, true, "BlsMessages");
    take(block.secpk_messages, false, "SecpkMessages");
    check_miner_block(block, messages);
    Block next;
    next.header = block.header;
    auto state = execute(next.header.height, messages, next.messages, next.receipts);
    if (next.messages.size() != messages.size()) reject("a message in it cannot be applied");
    commit_block(std::move(next), std::move(state));
    submitted_since_tick_ = true;
  }
  changed_.notify_all();
}

}  // namespace tessera::chain::devnet
