// The Lotus full-node API v1 as a miner uses it, typed: each call goes through its declaration
// in full_node_api.hpp (lotus's name, positional params and JSON shapes). Works against a lotus
// node or tessera's devnet through any jsonrpc::Client. A result that does not decode, like an
// InvalidInput the node sends, is an InvalidInput naming the method.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain/types/actor_state.hpp"
#include "chain/types/block_header.hpp"
#include "chain/types/deadline.hpp"
#include "chain/types/mining.hpp"
#include "chain/types/randomness.hpp"
#include "chain/types/state_json.hpp"
#include "common/api/common_api.hpp"
#include "common/jsonrpc/client.hpp"

namespace tessera::chain {

class FullNodeClient {
 public:
  explicit FullNodeClient(std::unique_ptr<jsonrpc::Client> rpc) : rpc_(std::move(rpc)) {}

  TipSet chain_head();
  TipSet chain_get_tipset_by_height(ChainEpoch height, const TipSetKey& from);
  MinerInfo state_miner_info(const Address& miner, const TipSetKey& at);
  DeadlineInfo state_miner_proving_deadline(const Address& miner, const TipSetKey& at);
  std::uint64_t state_network_version(const TipSetKey& at);
  std::string state_network_name();
  // The deposit a precommit of info needs, and the pledge proving it locks.
  TokenAmount state_miner_precommit_deposit_for_power(const Address& miner,
                                                      const SectorPreCommitInfo& info,
                                                      const TipSetKey& at);
  TokenAmount state_miner_initial_pledge_collateral(const Address& miner,
                                                    const SectorPreCommitInfo& info,
                                                    const TipSetKey& at);
  TokenAmount wallet_balance(const Address& address);
  TokenAmount state_miner_available_balance(const Address& miner, const TipSetKey& at);
  Bytes state_get_randomness_from_tickets(DomainSeparationTag tag, ChainEpoch epoch,
                                          const Bytes& entropy, const TipSetKey& at);
  Bytes state_get_randomness_from_beacon(DomainSeparationTag tag, ChainEpoch epoch,
                                         const Bytes& entropy, const TipSetKey& at);
  // The sector numbers the miner actor has allocated.
  BitField state_miner_allocated(const Address& miner, const TipSetKey& at);
  // Has the node fill in gas and nonce, sign with From's key and push; returns what it pushed.
  SignedMessage mpool_push_message(const Message& message);
  MsgLookup state_wait_msg(const cid::Cid& message, std::uint64_t confidence,
                           ChainEpoch lookback_limit, bool allow_replaced);

  // ChainNotify (InvalidInput unless the client uses a WebSocket): on_changes gets each value,
  // the first a single "current" change; on_close runs once when the channel or connection
  // ends. Both run on the client's reader thread and must not throw; a value that does not
  // parse is logged and skipped.
  void chain_notify(std::function<void(std::vector<HeadChange>)> on_changes,
                    std::function<void()> on_close);
  // The miner's deadlines, in index order.
  std::vector<DeadlineState> state_miner_deadlines(const Address& miner, const TipSetKey& at);
  std::vector<PartitionState> state_miner_partitions(const Address& miner, std::uint64_t deadline,
                                                     const TipSetKey& at);
  // The miner's sectors, only those in filter when one is given.
  std::vector<SectorOnChainInfo> state_miner_sectors(const Address& miner,
                                                     const std::optional<BitField>& filter,
                                                     const TipSetKey& at);
  // nullopt when the miner has no such sector.
  std::optional<SectorOnChainInfo> state_sector_get_info(const Address& miner, std::uint64_t sector,
                                                         const TipSetKey& at);
  // nullopt when the sector is not precommitted (lotus v1 answers null).
  std::optional<SectorPreCommitOnChainInfo> state_sector_precommit_info(const Address& miner,
                                                                        std::uint64_t sector,
                                                                        const TipSetKey& at);
  MinerPower state_miner_power(const Address& miner, const TipSetKey& at);
  // The message's execution, searching back from `from` at most lookback_limit epochs (-1: no
  // limit); nullopt when it has not been found.
  std::optional<MsgLookup> state_search_msg(const TipSetKey& from, const cid::Cid& message,
                                            ChainEpoch lookback_limit, bool allow_replaced);
  // The message with the node's gas limit, fee cap and premium filled in (fee cap bounded by
  // max_fee, or by the node's default when none is given).
  Message gas_estimate_message_gas(const Message& message,
                                   const std::optional<TokenAmount>& max_fee, const TipSetKey& at);
  // The node's wallet signs data with signer's key.
  Signature wallet_sign(const Address& signer, const Bytes& data);
  Address wallet_default_address();
  // The node's wallet makes a key that signs with the given type (lotus WalletNew "bls" or
  // "secp256k1") and returns its address.
  Address wallet_new(SignatureType type);
  // The ID address of address.
  Address state_lookup_id(const Address& address, const TipSetKey& at);
  // The key (f1/f3) address behind an account actor's address.
  Address state_account_key(const Address& address, const TipSetKey& at);
  // What the miner needs to try a block at epoch on top of `at`; nullopt when it cannot mine
  // there (no actor at the lookback, or no sectors to prove).
  std::optional<MiningBaseInfo> miner_get_base_info(const Address& miner, ChainEpoch epoch,
                                                    const TipSetKey& at);
  // The pending messages the node would put in a block now.
  std::vector<SignedMessage> mpool_select(const TipSetKey& at, double ticket_quality);
  // The node builds and signs (with the miner's worker key) the block of a winning template.
  BlockMsg miner_create_block(const BlockTemplate& block);
  // Hands a block to the node to validate and add to the chain; throws RpcError on rejection.
  void sync_submit_block(const BlockMsg& block);
  // The beacon (drand) entry for a round.
  BeaconEntry beacon_get_entry(ChainEpoch epoch);
  api::VersionInfo version();
  MinerSectorCount state_miner_sector_count(const Address& miner, const TipSetKey& at);
  // StateReadState of a miner actor, reduced to its balance and locked funds.
  MinerFunds state_read_miner_funds(const Address& miner, const TipSetKey& at);
  MarketBalance state_market_balance(const Address& address, const TipSetKey& at);

 private:
  std::unique_ptr<jsonrpc::Client> rpc_;
};

}  // namespace tessera::chain
