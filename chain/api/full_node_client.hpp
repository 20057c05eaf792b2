// The Lotus full-node API v1 as a miner uses it, typed: each call sends lotus's positional
// params and parses lotus's JSON result (shapes from lotus build/openrpc/full.json). Works
// against a lotus node or tessera's devnet through any jsonrpc::Client.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "chain/types/block_header.hpp"
#include "chain/types/deadline.hpp"
#include "chain/types/randomness.hpp"
#include "common/jsonrpc/client.hpp"

namespace tessera::chain {

struct MinerInfo {
  Address owner;
  Address worker;
  std::vector<Address> control_addresses;
  std::string peer_id;  // empty when unset
  std::vector<Bytes> multiaddrs;
  std::int64_t window_post_proof_type = 0;
  std::uint64_t sector_size = 0;
  std::uint64_t window_post_partition_sectors = 0;
};

struct MessageReceipt {
  std::int64_t exit_code = 0;
  Bytes return_value;
  std::int64_t gas_used = 0;
};

struct MsgLookup {
  cid::Cid message;
  MessageReceipt receipt;
  TipSetKey tipset;
  ChainEpoch height = 0;
};

class FullNodeClient {
 public:
  explicit FullNodeClient(std::unique_ptr<jsonrpc::Client> rpc) : rpc_(std::move(rpc)) {}

  TipSet chain_head();
  TipSet chain_get_tipset_by_height(ChainEpoch height, const TipSetKey& from);
  MinerInfo state_miner_info(const Address& miner, const TipSetKey& at);
  DeadlineInfo state_miner_proving_deadline(const Address& miner, const TipSetKey& at);
  std::uint64_t state_network_version(const TipSetKey& at);
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

 private:
  nlohmann::json call(const char* method, const nlohmann::json& params);
  std::unique_ptr<jsonrpc::Client> rpc_;
};

// The bitfield JSON lotus uses: RLE run lengths, the first run unset ([5,1] = only bit 5).
nlohmann::json bitfield_to_json(const BitField& field);
BitField bitfield_from_json(const nlohmann::json& json);

}  // namespace tessera::chain
