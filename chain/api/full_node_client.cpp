#include "chain/api/full_node_client.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <utility>

#include "chain/types/chain_json.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"
#include "common/log.hpp"

namespace tessera::chain {
namespace {

using nlohmann::json;

// A typed value of a method's result; InvalidInput naming the method and the value otherwise.
template <typename T>
T as(const json& v, const char* method, const char* what) {
  const std::string where = std::string(method) + " " + what;
  if constexpr (std::is_same_v<T, std::string>) {
    return json_fields::text(v, where);
  } else if constexpr (std::is_unsigned_v<T>) {
    return json_fields::u64(v, where);
  } else {
    return json_fields::i64(v, where);
  }
}

// read(result), its InvalidInput prefixed with the method's name.
template <typename F>
auto parsed(const char* method, F read) {
  try {
    return read();
  } catch (const InvalidInput& e) {
    throw InvalidInput(std::string(method) + ": " + e.what());
  }
}

// The elements of a list result (Go sends an empty slice as null), each read by read.
template <typename T>
std::vector<T> list_of(const char* method, const json& result, T (*read)(const json&)) {
  if (result.is_null()) return {};
  return parsed(method, [&] {
    std::vector<T> out;
    for (const auto& v : json_fields::array(result, "result")) out.push_back(read(v));
    return out;
  });
}

// A result that is null when there is nothing to report.
template <typename T>
std::optional<T> optional_of(const char* method, const json& result, T (*read)(const json&)) {
  if (result.is_null()) return std::nullopt;
  return parsed(method, [&] { return read(result); });
}

Address address_result(const char* method, const json& result) {
  return parsed(method, [&] { return Address::parse(json_fields::text(result, "address")); });
}

}  // namespace

json FullNodeClient::call(const char* method, const json& params) {
  return rpc_->call(std::string("Filecoin.") + method, params);
}

TipSet FullNodeClient::chain_head() {
  return TipSet::from_json(call("ChainHead", json::array()));
}

TipSet FullNodeClient::chain_get_tipset_by_height(ChainEpoch height, const TipSetKey& from) {
  return TipSet::from_json(call("ChainGetTipSetByHeight", json::array({height, from.to_json()})));
}

MinerInfo FullNodeClient::state_miner_info(const Address& miner, const TipSetKey& at) {
  const char* m = "StateMinerInfo";
  const auto r = call(m, json::array({miner.to_string(), at.to_json()}));
  return parsed(m, [&] { return miner_info_from_json(r); });
}

DeadlineInfo FullNodeClient::state_miner_proving_deadline(const Address& miner,
                                                          const TipSetKey& at) {
  const char* m = "StateMinerProvingDeadline";
  const auto r = call(m, json::array({miner.to_string(), at.to_json()}));
  return parsed(m, [&] { return deadline_info_from_json(r); });
}

std::uint64_t FullNodeClient::state_network_version(const TipSetKey& at) {
  return as<std::uint64_t>(call("StateNetworkVersion", json::array({at.to_json()})),
                           "StateNetworkVersion", "version");
}

TokenAmount FullNodeClient::wallet_balance(const Address& address) {
  return BigInt::parse(as<std::string>(call("WalletBalance", json::array({address.to_string()})),
                                       "WalletBalance", "balance"));
}

TokenAmount FullNodeClient::state_miner_available_balance(const Address& miner,
                                                          const TipSetKey& at) {
  return BigInt::parse(as<std::string>(
      call("StateMinerAvailableBalance", json::array({miner.to_string(), at.to_json()})),
      "StateMinerAvailableBalance", "balance"));
}

Bytes FullNodeClient::state_get_randomness_from_tickets(DomainSeparationTag tag, ChainEpoch epoch,
                                                        const Bytes& entropy, const TipSetKey& at) {
  return bytes_from_json(call(
      "StateGetRandomnessFromTickets",
      json::array({static_cast<std::int64_t>(tag), epoch, bytes_to_json(entropy), at.to_json()})));
}

Bytes FullNodeClient::state_get_randomness_from_beacon(DomainSeparationTag tag, ChainEpoch epoch,
                                                       const Bytes& entropy, const TipSetKey& at) {
  return bytes_from_json(call(
      "StateGetRandomnessFromBeacon",
      json::array({static_cast<std::int64_t>(tag), epoch, bytes_to_json(entropy), at.to_json()})));
}

BitField FullNodeClient::state_miner_allocated(const Address& miner, const TipSetKey& at) {
  const auto r = call("StateMinerAllocated", json::array({miner.to_string(), at.to_json()}));
  return r.is_null() ? BitField() : bitfield_from_json(r);
}

SignedMessage FullNodeClient::mpool_push_message(const Message& message) {
  auto j = message_to_json(message);
  j.erase("CID");  // the node fills in nonce and gas, which changes it
  return signed_message_from_json(call("MpoolPushMessage", json::array({j, nullptr})));
}

MsgLookup FullNodeClient::state_wait_msg(const cid::Cid& message, std::uint64_t confidence,
                                         ChainEpoch lookback_limit, bool allow_replaced) {
  const char* m = "StateWaitMsg";
  const auto r =
      call(m, json::array({cid_to_json(message), confidence, lookback_limit, allow_replaced}));
  return parsed(m, [&] { return msg_lookup_from_json(r); });
}

void FullNodeClient::chain_notify(std::function<void(std::vector<HeadChange>)> on_changes,
                                  std::function<void()> on_close) {
  jsonrpc::ChannelHandlers handlers;
  handlers.on_value = [on_changes = std::move(on_changes)](const json& value) {
    std::vector<HeadChange> changes;
    try {
      changes = head_changes_from_json(value);
    } catch (const InvalidInput& e) {
      TLOG_WARN(log::get("rpc"), "ChainNotify: skipping a malformed value: {}", e.what());
      return;
    }
    if (on_changes) on_changes(std::move(changes));
  };
  handlers.on_close = std::move(on_close);
  rpc_->subscribe("Filecoin.ChainNotify", json::array(), std::move(handlers));
}

std::vector<DeadlineState> FullNodeClient::state_miner_deadlines(const Address& miner,
                                                                 const TipSetKey& at) {
  const char* m = "StateMinerDeadlines";
  return list_of(m, call(m, json::array({miner.to_string(), at.to_json()})),
                 &deadline_state_from_json);
}

std::vector<PartitionState> FullNodeClient::state_miner_partitions(const Address& miner,
                                                                   std::uint64_t deadline,
                                                                   const TipSetKey& at) {
  const char* m = "StateMinerPartitions";
  return list_of(m, call(m, json::array({miner.to_string(), deadline, at.to_json()})),
                 &partition_state_from_json);
}

std::vector<SectorOnChainInfo> FullNodeClient::state_miner_sectors(
    const Address& miner, const std::optional<BitField>& filter, const TipSetKey& at) {
  const char* m = "StateMinerSectors";
  const json filter_json = filter ? bitfield_to_json(*filter) : json(nullptr);
  return list_of(m, call(m, json::array({miner.to_string(), filter_json, at.to_json()})),
                 &sector_on_chain_info_from_json);
}

std::optional<SectorOnChainInfo> FullNodeClient::state_sector_get_info(const Address& miner,
                                                                       std::uint64_t sector,
                                                                       const TipSetKey& at) {
  const char* m = "StateSectorGetInfo";
  return optional_of(m, call(m, json::array({miner.to_string(), sector, at.to_json()})),
                     &sector_on_chain_info_from_json);
}

std::optional<SectorPreCommitOnChainInfo> FullNodeClient::state_sector_precommit_info(
    const Address& miner, std::uint64_t sector, const TipSetKey& at) {
  const char* m = "StateSectorPreCommitInfo";
  return optional_of(m, call(m, json::array({miner.to_string(), sector, at.to_json()})),
                     &sector_precommit_on_chain_info_from_json);
}

MinerPower FullNodeClient::state_miner_power(const Address& miner, const TipSetKey& at) {
  const char* m = "StateMinerPower";
  const auto r = call(m, json::array({miner.to_string(), at.to_json()}));
  return parsed(m, [&] { return miner_power_from_json(r); });
}

std::optional<MsgLookup> FullNodeClient::state_search_msg(const TipSetKey& from,
                                                          const cid::Cid& message,
                                                          ChainEpoch lookback_limit,
                                                          bool allow_replaced) {
  const char* m = "StateSearchMsg";
  return optional_of(
      m,
      call(m, json::array({from.to_json(), cid_to_json(message), lookback_limit, allow_replaced})),
      &msg_lookup_from_json);
}

Message FullNodeClient::gas_estimate_message_gas(const Message& message,
                                                 const std::optional<TokenAmount>& max_fee,
                                                 const TipSetKey& at) {
  const char* m = "GasEstimateMessageGas";
  auto j = message_to_json(message);
  j.erase("CID");  // the estimate changes the gas fields, and with them the CID
  const json spec = max_fee ? json{{"MaxFee", max_fee->to_string()}} : json(nullptr);
  const auto r = call(m, json::array({j, spec, at.to_json()}));
  return parsed(m, [&] { return message_from_json(r); });
}

Signature FullNodeClient::wallet_sign(const Address& signer, const Bytes& data) {
  const char* m = "WalletSign";
  const auto r = call(m, json::array({signer.to_string(), bytes_to_json(data)}));
  return parsed(m, [&] { return signature_from_json(r); });
}

Address FullNodeClient::wallet_default_address() {
  const char* m = "WalletDefaultAddress";
  return address_result(m, call(m, json::array()));
}

Address FullNodeClient::state_lookup_id(const Address& address, const TipSetKey& at) {
  const char* m = "StateLookupID";
  return address_result(m, call(m, json::array({address.to_string(), at.to_json()})));
}

Address FullNodeClient::state_account_key(const Address& address, const TipSetKey& at) {
  const char* m = "StateAccountKey";
  return address_result(m, call(m, json::array({address.to_string(), at.to_json()})));
}

std::optional<MiningBaseInfo> FullNodeClient::miner_get_base_info(const Address& miner,
                                                                  ChainEpoch epoch,
                                                                  const TipSetKey& at) {
  const char* m = "MinerGetBaseInfo";
  return optional_of(m, call(m, json::array({miner.to_string(), epoch, at.to_json()})),
                     &mining_base_info_from_json);
}

std::vector<SignedMessage> FullNodeClient::mpool_select(const TipSetKey& at,
                                                        double ticket_quality) {
  const char* m = "MpoolSelect";
  const auto r = call(m, json::array({at.to_json(), ticket_quality}));
  return parsed(m, [&] {
    std::vector<SignedMessage> out;
    if (!r.is_null())
      for (const auto& message : r) out.push_back(signed_message_from_json(message));
    return out;
  });
}

BlockMsg FullNodeClient::miner_create_block(const BlockTemplate& block) {
  const char* m = "MinerCreateBlock";
  const auto r = call(m, json::array({to_json(block)}));
  return parsed(m, [&] { return block_msg_from_json(r); });
}

void FullNodeClient::sync_submit_block(const BlockMsg& block) {
  call("SyncSubmitBlock", json::array({to_json(block)}));
}

BeaconEntry FullNodeClient::beacon_get_entry(ChainEpoch epoch) {
  const auto r = call("BeaconGetEntry", json::array({epoch}));
  return parsed("BeaconGetEntry", [&] { return beacon_entry_from_json(r); });
}

NodeVersion FullNodeClient::version() {
  const auto r = call("Version", json::array());
  return parsed("Version", [&] { return node_version_from_json(r); });
}

MinerSectorCount FullNodeClient::state_miner_sector_count(const Address& miner,
                                                          const TipSetKey& at) {
  const char* m = "StateMinerSectorCount";
  const auto r = call(m, json::array({miner.to_string(), at.to_json()}));
  return parsed(m, [&] { return miner_sector_count_from_json(r); });
}

MinerFunds FullNodeClient::state_read_miner_funds(const Address& miner, const TipSetKey& at) {
  const char* m = "StateReadState";
  const auto r = call(m, json::array({miner.to_string(), at.to_json()}));
  return parsed(m, [&] { return miner_funds_from_json(r); });
}

MarketBalance FullNodeClient::state_market_balance(const Address& address, const TipSetKey& at) {
  const char* m = "StateMarketBalance";
  const auto r = call(m, json::array({address.to_string(), at.to_json()}));
  return parsed(m, [&] { return market_balance_from_json(r); });
}

}  // namespace tessera::chain
