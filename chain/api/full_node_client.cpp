#include "chain/api/full_node_client.hpp"

#include <string>
#include <utility>

#include "chain/api/full_node_api.hpp"
#include "common/error.hpp"
#include "common/log.hpp"

namespace tessera::chain {
namespace {

// api::call through rpc, an InvalidInput prefixed with the method's name.
template <class R, class... Ps>
R named_call(jsonrpc::Client& rpc, const api::Method<R(Ps...)>& method,
             const std::type_identity_t<Ps>&... args) {
  try {
    return api::call(rpc, method, args...);
  } catch (const InvalidInput& e) {
    throw InvalidInput(std::string(method.name) + ": " + e.what());
  }
}

}  // namespace

TipSet FullNodeClient::chain_head() {
  return named_call(*rpc_, kChainHead);
}

TipSet FullNodeClient::chain_get_tipset_by_height(ChainEpoch height, const TipSetKey& from) {
  return named_call(*rpc_, kChainGetTipSetByHeight, height, from);
}

MinerInfo FullNodeClient::state_miner_info(const Address& miner, const TipSetKey& at) {
  return named_call(*rpc_, kStateMinerInfo, miner, at);
}

DeadlineInfo FullNodeClient::state_miner_proving_deadline(const Address& miner,
                                                          const TipSetKey& at) {
  return named_call(*rpc_, kStateMinerProvingDeadline, miner, at);
}

std::string FullNodeClient::state_network_name() {
  return named_call(*rpc_, kStateNetworkName);
}

TokenAmount FullNodeClient::state_miner_precommit_deposit_for_power(
    const Address& miner, const SectorPreCommitInfo& info, const TipSetKey& at) {
  return named_call(*rpc_, kStateMinerPreCommitDepositForPower, miner, info, at);
}

TokenAmount FullNodeClient::state_miner_initial_pledge_collateral(const Address& miner,
                                                                  const SectorPreCommitInfo& info,
                                                                  const TipSetKey& at) {
  return named_call(*rpc_, kStateMinerInitialPledgeCollateral, miner, info, at);
}

std::uint64_t FullNodeClient::state_network_version(const TipSetKey& at) {
  return named_call(*rpc_, kStateNetworkVersion, at);
}

TokenAmount FullNodeClient::wallet_balance(const Address& address) {
  return named_call(*rpc_, kWalletBalance, address);
}

TokenAmount FullNodeClient::state_miner_available_balance(const Address& miner,
                                                          const TipSetKey& at) {
  return named_call(*rpc_, kStateMinerAvailableBalance, miner, at);
}

Bytes FullNodeClient::state_get_randomness_from_tickets(DomainSeparationTag tag, ChainEpoch epoch,
                                                        const Bytes& entropy, const TipSetKey& at) {
  return named_call(*rpc_, kStateGetRandomnessFromTickets, tag, epoch, entropy, at);
}

Bytes FullNodeClient::state_get_randomness_from_beacon(DomainSeparationTag tag, ChainEpoch epoch,
                                                       const Bytes& entropy, const TipSetKey& at) {
  return named_call(*rpc_, kStateGetRandomnessFromBeacon, tag, epoch, entropy, at);
}

BitField FullNodeClient::state_miner_allocated(const Address& miner, const TipSetKey& at) {
  return named_call(*rpc_, kStateMinerAllocated, miner, at);
}

SignedMessage FullNodeClient::mpool_push_message(const Message& message) {
  return named_call(*rpc_, kMpoolPushMessage, message, std::nullopt);
}

MsgLookup FullNodeClient::state_wait_msg(const cid::Cid& message, std::uint64_t confidence,
                                         ChainEpoch lookback_limit, bool allow_replaced) {
  return named_call(*rpc_, kStateWaitMsg, message, confidence, lookback_limit, allow_replaced);
}

void FullNodeClient::chain_notify(std::function<void(std::vector<HeadChange>)> on_changes,
                                  std::function<void()> on_close) {
  api::subscribe(
      *rpc_, kChainNotify,
      [on_changes = std::move(on_changes)](std::vector<HeadChange> changes) {
        if (on_changes) on_changes(std::move(changes));
      },
      std::move(on_close),
      [](const std::exception& e) {
        TLOG_WARN(log::get("rpc"), "ChainNotify: skipping a malformed value: {}", e.what());
      });
}

std::vector<DeadlineState> FullNodeClient::state_miner_deadlines(const Address& miner,
                                                                 const TipSetKey& at) {
  return named_call(*rpc_, kStateMinerDeadlines, miner, at);
}

std::vector<PartitionState> FullNodeClient::state_miner_partitions(const Address& miner,
                                                                   std::uint64_t deadline,
                                                                   const TipSetKey& at) {
  return named_call(*rpc_, kStateMinerPartitions, miner, deadline, at);
}

std::vector<SectorOnChainInfo> FullNodeClient::state_miner_sectors(
    const Address& miner, const std::optional<BitField>& filter, const TipSetKey& at) {
  return named_call(*rpc_, kStateMinerSectors, miner, filter, at);
}

std::optional<SectorOnChainInfo> FullNodeClient::state_sector_get_info(const Address& miner,
                                                                       std::uint64_t sector,
                                                                       const TipSetKey& at) {
  return named_call(*rpc_, kStateSectorGetInfo, miner, sector, at);
}

std::optional<SectorPreCommitOnChainInfo> FullNodeClient::state_sector_precommit_info(
    const Address& miner, std::uint64_t sector, const TipSetKey& at) {
  return named_call(*rpc_, kStateSectorPreCommitInfo, miner, sector, at);
}

MinerPower FullNodeClient::state_miner_power(const Address& miner, const TipSetKey& at) {
  return named_call(*rpc_, kStateMinerPower, miner, at);
}

std::optional<MsgLookup> FullNodeClient::state_search_msg(const TipSetKey& from,
                                                          const cid::Cid& message,
                                                          ChainEpoch lookback_limit,
                                                          bool allow_replaced) {
  return named_call(*rpc_, kStateSearchMsg, from, message, lookback_limit, allow_replaced);
}

Message FullNodeClient::gas_estimate_message_gas(const Message& message,
                                                 const std::optional<TokenAmount>& max_fee,
                                                 const TipSetKey& at) {
  std::optional<MessageSendSpec> spec;
  if (max_fee) spec = MessageSendSpec{*max_fee};
  return named_call(*rpc_, kGasEstimateMessageGas, message, spec, at);
}

Signature FullNodeClient::wallet_sign(const Address& signer, const Bytes& data) {
  return named_call(*rpc_, kWalletSign, signer, data);
}

Address FullNodeClient::wallet_default_address() {
  return named_call(*rpc_, kWalletDefaultAddress);
}

Address FullNodeClient::wallet_new(SignatureType type) {
  return named_call(*rpc_, kWalletNew, KeyType{type});
}

Address FullNodeClient::state_lookup_id(const Address& address, const TipSetKey& at) {
  return named_call(*rpc_, kStateLookupID, address, at);
}

Address FullNodeClient::state_account_key(const Address& address, const TipSetKey& at) {
  return named_call(*rpc_, kStateAccountKey, address, at);
}

std::optional<MiningBaseInfo> FullNodeClient::miner_get_base_info(const Address& miner,
                                                                  ChainEpoch epoch,
                                                                  const TipSetKey& at) {
  return named_call(*rpc_, kMinerGetBaseInfo, miner, epoch, at);
}

std::vector<SignedMessage> FullNodeClient::mpool_select(const TipSetKey& at,
                                                        double ticket_quality) {
  return named_call(*rpc_, kMpoolSelect, at, ticket_quality);
}

BlockMsg FullNodeClient::miner_create_block(const BlockTemplate& block) {
  return named_call(*rpc_, kMinerCreateBlock, block);
}

void FullNodeClient::sync_submit_block(const BlockMsg& block) {
  named_call(*rpc_, kSyncSubmitBlock, block);
}

BeaconEntry FullNodeClient::beacon_get_entry(ChainEpoch epoch) {
  return named_call(*rpc_, kBeaconGetEntry, epoch);
}

api::VersionInfo FullNodeClient::version() {
  return named_call(*rpc_, api::kVersion);
}

MinerSectorCount FullNodeClient::state_miner_sector_count(const Address& miner,
                                                          const TipSetKey& at) {
  return named_call(*rpc_, kStateMinerSectorCount, miner, at);
}

MinerFunds FullNodeClient::state_read_miner_funds(const Address& miner, const TipSetKey& at) {
  return named_call(*rpc_, kStateReadState, miner, at).funds;
}

MarketBalance FullNodeClient::state_market_balance(const Address& address, const TipSetKey& at) {
  return named_call(*rpc_, kStateMarketBalance, address, at);
}

}  // namespace tessera::chain
