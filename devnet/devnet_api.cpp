#include "devnet/devnet_api.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chain/api/full_node_api.hpp"
#include "common/api/method.hpp"
#include "common/error.hpp"

namespace tessera::chain::devnet {
namespace {

constexpr Network kNet = Network::kTestnet;  // in error messages

// The miner actor an address names in a state; NotFound otherwise.
std::pair<std::uint64_t, const MinerState*> miner_of(const State& state, const Address& address) {
  const auto id = state.resolve(address);
  const MinerState* miner = id ? state.miner(*id) : nullptr;
  if (!miner) throw NotFound("actor " + address.to_string(kNet) + " is not a miner");
  return {*id, miner};
}

DeadlineInfo proving_deadline(const MinerState& miner, ChainEpoch epoch, const ProvingParams& p) {
  const ChainEpoch start = current_proving_period_start(epoch, miner.proving_period_offset, p);
  return proving_period_deadline(start, epoch, p).next_not_elapsed();
}

// Actor code CIDs in the legacy form (identity multihash of "fil/<version>/<name>"); the devnet
// runs no Wasm bundle whose code CIDs it could report.
cid::Cid actor_code(std::string_view name) {
  return cid::Cid{cid::kCodecRaw, cid::kMhIdentity, to_bytes("fil/13/" + std::string(name))};
}

// The value under key, or nullopt.
template <class Map>
std::optional<typename Map::mapped_type> find_value(const Map& map,
                                                    const typename Map::key_type& key) {
  const auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

PartitionState partition_json_view(const Partition& p) {
  return PartitionState{p.sectors, p.faults, p.recoveries, p.sectors, p.active()};
}

void register_chain(jsonrpc::Registry& r, Devnet& d) {
  api::serve(r, kChainHead, [&d] { return d.head(); });
  api::serve(r, kChainGetTipSetByHeight, [&d](ChainEpoch height, const TipSetKey& from) {
    if (height > d.tipset(from).height())
      throw InvalidInput("looking for tipset with height greater than start point");
    return d.tipset_at(height);
  });
  api::serve(r, kChainGetTipSet, [&d](const TipSetKey& key) { return d.tipset(key); });
  api::serve(r, kChainGetGenesis, [&d] { return d.tipset_at(0); });
  api::serve(r, kChainNotify, [&d](api::ChannelWriter<std::vector<HeadChange>> out) {
    d.subscribe(std::move(out));
  });
  api::serve(r, kStateNetworkName, [] { return std::string(kDevnetNetworkName); });
  api::serve(r, kStateNetworkVersion,
             [&d](const TipSetKey&) { return d.params().network_version; });
  api::serve(r, kStateGetRandomnessFromTickets,
             [&d](DomainSeparationTag tag, ChainEpoch epoch, const NilableBytes& entropy,
                  const TipSetKey&) { return d.ticket_randomness(tag, epoch, entropy); });
  api::serve(r, kStateGetRandomnessFromBeacon,
             [&d](DomainSeparationTag tag, ChainEpoch epoch, const NilableBytes& entropy,
                  const TipSetKey&) { return d.beacon_randomness(tag, epoch, entropy); });
  const auto beacon = [&d](ChainEpoch epoch) { return d.beacon_entry(epoch); };
  api::serve(r, kStateGetBeaconEntry, beacon);
  api::serve(r, kBeaconGetEntry, beacon);
}

void register_miner_state(jsonrpc::Registry& r, Devnet& d) {
  api::serve(r, kStateMinerInfo, [&d](const Address& miner, const TipSetKey& at) {
    return miner_of(*d.state_at(at), miner).second->info;
  });
  api::serve(r, kStateMinerProvingDeadline, [&d](const Address& miner, const TipSetKey& at) {
    ChainEpoch height = 0;
    const auto state = d.state_at(at, &height);
    return proving_deadline(*miner_of(*state, miner).second, height, d.params().proving);
  });
  api::serve(r, kStateMinerDeadlines, [&d](const Address& miner, const TipSetKey& at) {
    std::vector<DeadlineState> out;
    for (const auto& dl : miner_of(*d.state_at(at), miner).second->deadlines)
      out.push_back(DeadlineState{dl.post_submissions, 0, TokenAmount()});
    return out;
  });
  api::serve(r, kStateMinerPartitions,
             [&d](const Address& miner_address, std::uint64_t index, const TipSetKey& at) {
               const auto state = d.state_at(at);
               const MinerState& miner = *miner_of(*state, miner_address).second;
               if (index >= miner.deadlines.size())
                 throw InvalidInput("deadline index " + std::to_string(index) + " out of range");
               std::vector<PartitionState> out;
               for (const auto& part : miner.deadlines[index].partitions)
                 out.push_back(partition_json_view(part));
               return out;
             });
  api::serve(r, kStateMinerSectors,
             [&d](const Address& miner_address, const std::optional<BitField>& filter,
                  const TipSetKey& at) {
               const auto state = d.state_at(at);
               std::vector<SectorOnChainInfo> out;
               for (const auto& [number, sector] : miner_of(*state, miner_address).second->sectors)
                 if (!filter || filter->contains(number)) out.push_back(sector);
               return out;
             });
  api::serve(r, kStateSectorGetInfo,
             [&d](const Address& miner, std::uint64_t number, const TipSetKey& at) {
               return find_value(miner_of(*d.state_at(at), miner).second->sectors, number);
             });
  // The devnet's deposits are per byte of sector size (docs/devnet.md).
  api::serve(r, kStateMinerPreCommitDepositForPower,
             [&d](const Address& miner, const SectorPreCommitInfo&, const TipSetKey& at) {
               const auto state = d.state_at(at);
               return d.params().pre_commit_deposit_per_byte *
                      BigInt::from_uint(miner_of(*state, miner).second->info.sector_size);
             });
  api::serve(r, kStateMinerInitialPledgeCollateral,
             [&d](const Address& miner, const SectorPreCommitInfo&, const TipSetKey& at) {
               const auto state = d.state_at(at);
               return d.params().initial_pledge_per_byte *
                      BigInt::from_uint(miner_of(*state, miner).second->info.sector_size);
             });
  api::serve(r, kStateSectorPreCommitInfo,
             [&d](const Address& miner, std::uint64_t number, const TipSetKey& at) {
               return find_value(miner_of(*d.state_at(at), miner).second->precommits, number);
             });
  api::serve(r, kStateMinerAllocated, [&d](const Address& miner, const TipSetKey& at) {
    return miner_of(*d.state_at(at), miner).second->allocated_sectors;
  });
  api::serve(r, kStateMinerPower, [&d](const Address& miner_address, const TipSetKey& at) {
    const auto state = d.state_at(at);
    const MinerState& miner = *miner_of(*state, miner_address).second;
    return MinerPower{miner.power, state->total_power, miner.power.raw_byte_power > BigInt()};
  });
  api::serve(r, kStateMinerSectorCount, [&d](const Address& miner, const TipSetKey& at) {
    const auto state = d.state_at(at);
    MinerSectorCount count;
    for (const auto& dl : miner_of(*state, miner).second->deadlines) {
      for (const auto& part : dl.partitions) {
        const auto view = partition_json_view(part);
        count.live += view.live_sectors.count();
        count.active += view.active_sectors.count();
        count.faulty += view.faulty_sectors.count();
      }
    }
    return count;
  });
  api::serve(r, kStateReadState, [&d](const Address& miner_address, const TipSetKey& at) {
    const auto state = d.state_at(at);
    const auto [id, miner] = miner_of(*state, miner_address);
    return MinerActorState{MinerFunds{state->actor(id)->balance, miner->pre_commit_deposits,
                                      TokenAmount(), miner->initial_pledge, TokenAmount()},
                           actor_code("storageminer")};
  });
  // The devnet has no market actor: every escrow is empty.
  api::serve(r, kStateMarketBalance,
             [](const Address&, const TipSetKey&) { return MarketBalance{}; });
  api::serve(r, kStateMinerAvailableBalance, [&d](const Address& miner, const TipSetKey& at) {
    const auto state = d.state_at(at);
    return state->miner_available_balance(miner_of(*state, miner).first);
  });
}

void register_messages(jsonrpc::Registry& r, Devnet& d) {
  api::serve(r, kStateLookupID, [&d](const Address& address, const TipSetKey& at) {
    const auto id = d.state_at(at)->resolve(address);
    if (!id) throw NotFound("actor not found: " + address.to_string(kNet));
    return Address::from_id(*id);
  });
  api::serve(r, kStateAccountKey, [&d](const Address& address, const TipSetKey& at) {
    return d.account_key(address, at);
  });
  api::serve(r, kWalletBalance, [&d](const Address& address) {
    const auto state = d.state_at({});
    const auto id = state->resolve(address);
    return id ? state->actor(*id)->balance : TokenAmount();
  });
  api::serve(r, kWalletDefaultAddress, [&d] { return d.wallet().default_address(); });
  api::serve(r, kWalletList, [&d] { return d.wallet().addresses(); });
  api::serve(r, kWalletHas, [&d](const Address& address) { return d.wallet().has(address); });
  api::serve(r, kWalletNew,
             [&d](const KeyType& type) { return d.wallet().new_key(type.signature_type); });
  api::serve(r, kWalletSign, [&d](const Address& signer, const NilableBytes& data) {
    return d.wallet().sign(d.account_key(signer, {}), data);
  });
  api::serve(r, kMpoolGetNonce, [&d](const Address& address) { return d.next_nonce(address); });
  api::serve(r, kMpoolPushMessage,
             [&d](const MessageDraft& message, const std::optional<MessageSendSpec>&) {
               return d.push_message(message);
             });
  api::serve(r, kMpoolPush, [&d](const SignedMessage& message) { return d.push_signed(message); });
  api::serve(r, kGasEstimateMessageGas,
             [&d](const MessageDraft& message, const std::optional<MessageSendSpec>&,
                  const TipSetKey&) { return d.estimate_gas(message); });
  api::serve(r, kStateSearchMsg, [&d](const TipSetKey&, const cid::Cid& message, ChainEpoch, bool) {
    return d.search_message(message);
  });
  api::serve(r, kStateWaitMsg,
             [&d](jsonrpc::CallContext& call, const cid::Cid& message, std::uint64_t confidence,
                  ChainEpoch, bool) {
               const auto found = d.wait_message(message, confidence, *call.cancelled);
               if (!found)
                 throw Error("StateWaitMsg: the devnet is stopping or the call was cancelled");
               return *found;
             });
}

void register_mining(jsonrpc::Registry& r, Devnet& d) {
  api::serve(r, kMinerGetBaseInfo, [&d](const Address& miner, ChainEpoch round, const TipSetKey&) {
    return d.mining_base_info(miner, round);
  });
  api::serve(r, kMpoolSelect, [&d](const TipSetKey&, double) { return d.select_messages(); });
  api::serve(r, kMinerCreateBlock,
             [&d](const BlockTemplate& block) { return d.create_block(block); });
  api::serve(r, kSyncSubmitBlock, [&d](const BlockMsg& block) { d.submit_block(block); });
}

}  // namespace

void register_full_node_api(jsonrpc::Registry& registry, Devnet& devnet) {
  register_chain(registry, devnet);
  register_miner_state(registry, devnet);
  register_messages(registry, devnet);
  register_mining(registry, devnet);
}

}  // namespace tessera::chain::devnet
