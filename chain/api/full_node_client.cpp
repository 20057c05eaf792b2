#include "chain/api/full_node_client.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

#include "chain/types/chain_json.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::chain {
namespace {

using nlohmann::json;

// A member of a method's result; InvalidInput naming the method when it is missing.
const json& result_field(const json& result, const char* method, const char* name) {
  return json_fields::field(result, method, name);
}

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

}  // namespace

json bitfield_to_json(const BitField& field) {
  auto runs = field.to_runs();
  if (runs.empty()) return json::array({0});
  return runs;
}

BitField bitfield_from_json(const json& j) {
  if (!j.is_array()) throw InvalidInput("bitfield: expected an array of run lengths");
  std::vector<std::uint64_t> runs;
  for (const auto& r : j) {
    if (!r.is_number_unsigned())
      throw InvalidInput("bitfield: run lengths must be non-negative integers");
    runs.push_back(r.get<std::uint64_t>());
  }
  return BitField::from_runs(runs);
}

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
  MinerInfo info;
  info.owner = Address::parse(as<std::string>(result_field(r, m, "Owner"), m, "Owner"));
  info.worker = Address::parse(as<std::string>(result_field(r, m, "Worker"), m, "Worker"));
  const auto& control = result_field(r, m, "ControlAddresses");
  if (!control.is_null()) {
    for (const auto& a : control)
      info.control_addresses.push_back(Address::parse(as<std::string>(a, m, "control address")));
  }
  const auto& peer = result_field(r, m, "PeerId");
  if (!peer.is_null()) info.peer_id = as<std::string>(peer, m, "PeerId");
  const auto& addrs = result_field(r, m, "Multiaddrs");
  if (!addrs.is_null()) {
    for (const auto& a : addrs) info.multiaddrs.push_back(bytes_from_json(a));
  }
  info.window_post_proof_type =
      as<std::int64_t>(result_field(r, m, "WindowPoStProofType"), m, "proof type");
  info.sector_size = as<std::uint64_t>(result_field(r, m, "SectorSize"), m, "SectorSize");
  info.window_post_partition_sectors = as<std::uint64_t>(
      result_field(r, m, "WindowPoStPartitionSectors"), m, "WindowPoStPartitionSectors");
  return info;
}

DeadlineInfo FullNodeClient::state_miner_proving_deadline(const Address& miner,
                                                          const TipSetKey& at) {
  const char* m = "StateMinerProvingDeadline";
  const auto r = call(m, json::array({miner.to_string(), at.to_json()}));
  auto epoch = [&](const char* name) { return as<ChainEpoch>(result_field(r, m, name), m, name); };
  ProvingParams params{
      as<std::uint64_t>(result_field(r, m, "WPoStPeriodDeadlines"), m, "WPoStPeriodDeadlines"),
      epoch("WPoStProvingPeriod"), epoch("WPoStChallengeWindow"), epoch("WPoStChallengeLookback"),
      epoch("FaultDeclarationCutoff")};
  return DeadlineInfo{epoch("CurrentEpoch"),
                      epoch("PeriodStart"),
                      as<std::uint64_t>(result_field(r, m, "Index"), m, "Index"),
                      epoch("Open"),
                      epoch("Close"),
                      epoch("Challenge"),
                      epoch("FaultCutoff"),
                      params};
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
  const auto& receipt = result_field(r, m, "Receipt");
  return MsgLookup{
      cid_from_json(result_field(r, m, "Message")),
      MessageReceipt{as<std::int64_t>(result_field(receipt, m, "ExitCode"), m, "ExitCode"),
                     bytes_from_json(result_field(receipt, m, "Return")),
                     as<std::int64_t>(result_field(receipt, m, "GasUsed"), m, "GasUsed")},
      TipSetKey::from_json(result_field(r, m, "TipSet")),
      as<ChainEpoch>(result_field(r, m, "Height"), m, "Height")};
}

}  // namespace tessera::chain
