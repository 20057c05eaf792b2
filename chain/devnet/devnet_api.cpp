#include "chain/devnet/devnet_api.hpp"

#include <nlohmann/json.hpp>

#include "chain/types/chain_json.hpp"
#include "chain/types/mining.hpp"
#include "chain/types/state_json.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::chain::devnet {
namespace {

using nlohmann::json;
constexpr Network kNet = Network::kTestnet;

Address address_param(const json& p) {
  return Address::parse(json_fields::text(p, "address"));
}
TipSetKey tsk_param(const json& p) {
  return p.is_null() ? TipSetKey{} : TipSetKey::from_json(p);
}

// The miner actor an address names in a state; NotFound otherwise.
std::pair<std::uint64_t, const MinerState*> miner_param(const State& state, const json& p) {
  const Address address = address_param(p);
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

PartitionState partition_json_view(const Partition& p) {
  return PartitionState{p.sectors, p.faults, p.recoveries, p.sectors, p.active()};
}

using Handler = std::function<json(const json& params, jsonrpc::CallContext& call)>;

void add(jsonrpc::Registry& registry, const char* name, const char* perm, std::size_t count,
         Handler handler) {
  registry.add(jsonrpc::Method{std::string("Filecoin.") + name, perm, count, std::move(handler)});
}

void register_chain(jsonrpc::Registry& r, Devnet& d) {
  add(r, "ChainHead", "read", 0, [&d](const json&, auto&) { return d.head().to_json(kNet); });
  add(r, "ChainGetTipSetByHeight", "read", 2, [&d](const json& p, auto&) {
    const ChainEpoch height = json_fields::i64(p[0], "height");
    const TipSet from = p[1].is_null() ? d.head() : d.tipset(tsk_param(p[1]));
    if (height > from.height())
      throw InvalidInput("looking for tipset with height greater than start point");
    return d.tipset_at(height).to_json(kNet);
  });
  add(r, "ChainGetTipSet", "read", 1,
      [&d](const json& p, auto&) { return d.tipset(tsk_param(p[0])).to_json(kNet); });
  add(r, "ChainGetGenesis", "read", 0,
      [&d](const json&, auto&) { return d.tipset_at(0).to_json(kNet); });
  jsonrpc::Method notify{"Filecoin.ChainNotify", "read", 0,
                         [&d](const json&, jsonrpc::CallContext& call) {
                           if (!call.channel)
                             throw InvalidInput("ChainNotify needs a WebSocket connection");
                           d.subscribe(call.channel);
                           return json();
                         }};
  notify.channel = true;
  r.add(std::move(notify));
  add(r, "StateNetworkVersion", "read", 1,
      [&d](const json&, auto&) { return d.params().network_version; });
  add(r, "StateGetRandomnessFromTickets", "read", 4, [&d](const json& p, auto&) {
    return bytes_to_json(
        d.ticket_randomness(static_cast<DomainSeparationTag>(json_fields::i64(p[0], "tag")),
                            json_fields::i64(p[1], "epoch"), bytes_from_json(p[2])));
  });
  add(r, "StateGetRandomnessFromBeacon", "read", 4, [&d](const json& p, auto&) {
    return bytes_to_json(
        d.beacon_randomness(static_cast<DomainSeparationTag>(json_fields::i64(p[0], "tag")),
                            json_fields::i64(p[1], "epoch"), bytes_from_json(p[2])));
  });
  const auto beacon = [&d](const json& p, auto&) {
    return to_json(d.beacon_entry(json_fields::i64(p[0], "epoch")));
  };
  add(r, "StateGetBeaconEntry", "read", 1, beacon);
  add(r, "BeaconGetEntry", "read", 1, beacon);
}

void register_miner_state(jsonrpc::Registry& r, Devnet& d) {
  add(r, "StateMinerInfo", "read", 2, [&d](const json& p, auto&) {
    return to_json(miner_param(*d.state_at(tsk_param(p[1])), p[0]).second->info, kNet);
  });
  add(r, "StateMinerProvingDeadline", "read", 2, [&d](const json& p, auto&) {
    ChainEpoch height = 0;
    const auto state = d.state_at(tsk_param(p[1]), &height);
    return to_json(proving_deadline(*miner_param(*state, p[0]).second, height, d.params().proving));
  });
  add(r, "StateMinerDeadlines", "read", 2, [&d](const json& p, auto&) {
    json out = json::array();
    for (const auto& dl : miner_param(*d.state_at(tsk_param(p[1])), p[0]).second->deadlines)
      out.push_back(to_json(DeadlineState{dl.post_submissions, 0, TokenAmount()}));
    return out;
  });
  add(r, "StateMinerPartitions", "read", 3, [&d](const json& p, auto&) {
    const auto state = d.state_at(tsk_param(p[2]));
    const MinerState& miner = *miner_param(*state, p[0]).second;
    const std::uint64_t index = json_fields::u64(p[1], "deadline index");
    if (index >= miner.deadlines.size())
      throw InvalidInput("deadline index " + std::to_string(index) + " out of range");
    json out = json::array();
    for (const auto& part : miner.deadlines[index].partitions)
      out.push_back(to_json(partition_json_view(part)));
    return out;
  });
  add(r, "StateMinerSectors", "read", 3, [&d](const json& p, auto&) {
    const auto state = d.state_at(tsk_param(p[2]));
    const MinerState& miner = *miner_param(*state, p[0]).second;
    const std::optional<BitField> filter =
        p[1].is_null() ? std::nullopt : std::optional(bitfield_from_json(p[1]));
    json out = json::array();
    for (const auto& [number, sector] : miner.sectors)
      if (!filter || filter->contains(number)) out.push_back(to_json(sector));
    return out;
  });
  add(r, "StateSectorGetInfo", "read", 3, [&d](const json& p, auto&) {
    const auto state = d.state_at(tsk_param(p[2]));
    const MinerState& miner = *miner_param(*state, p[0]).second;
    auto it = miner.sectors.find(json_fields::u64(p[1], "sector number"));
    return it == miner.sectors.end() ? json() : to_json(it->second);
  });
  add(r, "StateSectorPreCommitInfo", "read", 3, [&d](const json& p, auto&) {
    const auto state = d.state_at(tsk_param(p[2]));
    const MinerState& miner = *miner_param(*state, p[0]).second;
    auto it = miner.precommits.find(json_fields::u64(p[1], "sector number"));
    return it == miner.precommits.end() ? json() : to_json(it->second);
  });
  add(r, "StateMinerAllocated", "read", 2, [&d](const json& p, auto&) {
    return bitfield_to_json(
        miner_param(*d.state_at(tsk_param(p[1])), p[0]).second->allocated_sectors);
  });
  add(r, "StateMinerPower", "read", 2, [&d](const json& p, auto&) {
    const auto state = d.state_at(tsk_param(p[1]));
    const MinerState& miner = *miner_param(*state, p[0]).second;
    return to_json(
        MinerPower{miner.power, state->total_power, miner.power.raw_byte_power > BigInt()});
  });
  add(r, "StateMinerSectorCount", "read", 2, [&d](const json& p, auto&) {
    const auto state = d.state_at(tsk_param(p[1]));
    MinerSectorCount count;
    for (const auto& dl : miner_param(*state, p[0]).second->deadlines) {
      for (const auto& part : dl.partitions) {
        const auto view = partition_json_view(part);
        count.live += view.live_sectors.count();
        count.active += view.active_sectors.count();
        count.faulty += view.faulty_sectors.count();
      }
    }
    return to_json(count);
  });
  add(r, "StateReadState", "read", 2, [&d](const json& p, auto&) {
    const auto state = d.state_at(tsk_param(p[1]));
    const auto [id, miner] = miner_param(*state, p[0]);
    return to_json(MinerFunds{state->actor(id)->balance, miner->pre_commit_deposits, TokenAmount(),
                              miner->initial_pledge, TokenAmount()},
                   actor_code("storageminer"));
  });
  add(r, "StateMarketBalance", "read", 2, [](const json& p, auto&) {
    address_param(p[0]);  // the devnet has no market actor: every escrow is empty
    return to_json(MarketBalance{});
  });
  add(r, "StateMinerAvailableBalance", "read", 2, [&d](const json& p, auto&) {
    const auto state = d.state_at(tsk_param(p[1]));
    return state->miner_available_balance(miner_param(*state, p[0]).first).to_string();
  });
}

void register_messages(jsonrpc::Registry& r, Devnet& d) {
  add(r, "StateLookupID", "read", 2, [&d](const json& p, auto&) {
    const Address address = address_param(p[0]);
    const auto id = d.state_at(tsk_param(p[1]))->resolve(address);
    if (!id) throw NotFound("actor not found: " + address.to_string(kNet));
    return Address::from_id(*id).to_string(kNet);
  });
  add(r, "StateAccountKey", "read", 2, [&d](const json& p, auto&) {
    return d.account_key(address_param(p[0]), tsk_param(p[1])).to_string(kNet);
  });
  add(r, "WalletBalance", "read", 1, [&d](const json& p, auto&) {
    const auto state = d.state_at({});
    const auto id = state->resolve(address_param(p[0]));
    return id ? state->actor(*id)->balance.to_string() : std::string("0");
  });
  add(r, "WalletDefaultAddress", "write", 0,
      [&d](const json&, auto&) { return d.wallet().default_address().to_string(kNet); });
  add(r, "WalletList", "write", 0, [&d](const json&, auto&) {
    json out = json::array();
    for (const auto& a : d.wallet().addresses()) out.push_back(a.to_string(kNet));
    return out;
  });
  add(r, "WalletHas", "write", 1,
      [&d](const json& p, auto&) { return d.wallet().has(address_param(p[0])); });
  add(r, "WalletSign", "sign", 2, [&d](const json& p, auto&) {
    const Address key = d.account_key(address_param(p[0]), {});
    return to_json(d.wallet().sign(key, bytes_from_json(p[1])));
  });
  add(r, "MpoolGetNonce", "read", 1,
      [&d](const json& p, auto&) { return d.next_nonce(address_param(p[0])); });
  add(r, "MpoolPushMessage", "sign", 2, [&d](const json& p, auto&) {
    return signed_message_to_json(d.push_message(message_from_json(p[0])), kNet);
  });
  add(r, "MpoolPush", "write", 1, [&d](const json& p, auto&) {
    return cid_to_json(d.push_signed(signed_message_from_json(p[0])));
  });
  add(r, "GasEstimateMessageGas", "read", 3, [&d](const json& p, auto&) {
    return message_to_json(d.estimate_gas(message_from_json(p[0])), kNet);
  });
  add(r, "StateSearchMsg", "read", 4, [&d](const json& p, auto&) {
    const auto found = d.search_message(cid_from_json(p[1]));
    return found ? to_json(*found) : json();
  });
  add(r, "StateWaitMsg", "read", 4, [&d](const json& p, jsonrpc::CallContext& call) {
    const auto found =
        d.wait_message(cid_from_json(p[0]), json_fields::u64(p[1], "confidence"), *call.cancelled);
    if (!found) throw Error("StateWaitMsg: the devnet is stopping or the call was cancelled");
    return to_json(*found);
  });
}

void register_mining(jsonrpc::Registry& r, Devnet& d) {
  add(r, "MinerGetBaseInfo", "read", 3, [&d](const json& p, auto&) {
    const auto info = d.mining_base_info(address_param(p[0]), json_fields::i64(p[1], "round"));
    return info ? to_json(*info, kNet) : json();
  });
  add(r, "MpoolSelect", "read", 2, [&d](const json&, auto&) {
    json out = json::array();
    for (const auto& m : d.select_messages()) out.push_back(signed_message_to_json(m, kNet));
    return out;
  });
  add(r, "MinerCreateBlock", "write", 1, [&d](const json& p, auto&) {
    return to_json(d.create_block(block_template_from_json(p[0])), kNet);
  });
  jsonrpc::Method submit{"Filecoin.SyncSubmitBlock", "write", 1,
                         [&d](const json& p, jsonrpc::CallContext&) {
                           d.submit_block(block_msg_from_json(p[0]));
                           return json();
                         }};
  submit.returns_value = false;
  r.add(std::move(submit));
}

}  // namespace

void register_full_node_api(jsonrpc::Registry& registry, Devnet& devnet) {
  register_chain(registry, devnet);
  register_miner_state(registry, devnet);
  register_messages(registry, devnet);
  register_mining(registry, devnet);
}

}  // namespace tessera::chain::devnet
