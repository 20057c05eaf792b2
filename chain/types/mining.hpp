// What a winning miner hands its full node to make a block (lotus api.BlockTemplate, for
// MinerCreateBlock) and the block it gets back to submit (types.BlockMsg, for SyncSubmitBlock),
// with lotus's JSON forms.
#pragma once

#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "chain/types/block_header.hpp"
#include "chain/types/message.hpp"
#include "chain/types/tipset_key.hpp"

namespace tessera::chain {

struct BlockTemplate {
  Address miner;
  TipSetKey parents;
  Bytes ticket;  // VRF proof
  ElectionProof election_proof;
  std::vector<BeaconEntry> beacon_values;
  std::vector<SignedMessage> messages;
  std::int64_t epoch = 0;
  std::uint64_t timestamp = 0;
  std::vector<PoStProof> winning_post_proof;
};

struct BlockMsg {
  BlockHeader header;
  std::vector<cid::Cid> bls_messages;
  std::vector<cid::Cid> secpk_messages;
};

nlohmann::json to_json(const BlockTemplate& t, Network network = wire_network());
// InvalidInput naming the field for a missing or mistyped one.
BlockTemplate block_template_from_json(const nlohmann::json& json);

nlohmann::json to_json(const BlockMsg& m, Network network = wire_network());
BlockMsg block_msg_from_json(const nlohmann::json& json);

}  // namespace tessera::chain
