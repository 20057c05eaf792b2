// Lotus's JSON forms of the actor-state values in actor_state.hpp, both ways, so that the
// full-node client and the devnet server share one codec (shapes from lotus
// build/openrpc/full.json). Readers throw InvalidInput naming the field that is missing or
// mistyped.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "chain/types/actor_state.hpp"

namespace tessera::chain {

// The bitfield JSON lotus uses: RLE run lengths, the first run unset ([5,1] = only bit 5).
nlohmann::json bitfield_to_json(const BitField& field);
BitField bitfield_from_json(const nlohmann::json& json);

nlohmann::json to_json(const MinerInfo& info, Network network = Network::kMainnet);
MinerInfo miner_info_from_json(const nlohmann::json& json);

nlohmann::json to_json(const DeadlineInfo& info);  // StateMinerProvingDeadline
DeadlineInfo deadline_info_from_json(const nlohmann::json& json);

nlohmann::json to_json(const MinerPower& power);
MinerPower miner_power_from_json(const nlohmann::json& json);

nlohmann::json to_json(const DeadlineState& deadline);
DeadlineState deadline_state_from_json(const nlohmann::json& json);

nlohmann::json to_json(const PartitionState& partition);
PartitionState partition_state_from_json(const nlohmann::json& json);

nlohmann::json to_json(const SectorOnChainInfo& sector);
SectorOnChainInfo sector_on_chain_info_from_json(const nlohmann::json& json);

nlohmann::json to_json(const SectorPreCommitOnChainInfo& precommit);
SectorPreCommitOnChainInfo sector_precommit_on_chain_info_from_json(const nlohmann::json& json);

nlohmann::json to_json(const MsgLookup& lookup);
MsgLookup msg_lookup_from_json(const nlohmann::json& json);

nlohmann::json to_json(const BeaconEntry& entry);
BeaconEntry beacon_entry_from_json(const nlohmann::json& json);

nlohmann::json to_json(const MiningBaseInfo& info, Network network = Network::kMainnet);
MiningBaseInfo mining_base_info_from_json(const nlohmann::json& json);

nlohmann::json to_json(const Signature& signature);  // {"Type": 1, "Data": base64}
Signature signature_from_json(const nlohmann::json& json);

nlohmann::json to_json(const NodeVersion& version);
NodeVersion node_version_from_json(const nlohmann::json& json);

nlohmann::json to_json(const MinerSectorCount& count);
MinerSectorCount miner_sector_count_from_json(const nlohmann::json& json);

// StateReadState of a miner actor: {"Balance", "Code", "State": {…}}; the reader takes the
// funds fields and ignores the rest of the state.
nlohmann::json to_json(const MinerFunds& funds, const cid::Cid& code);
MinerFunds miner_funds_from_json(const nlohmann::json& json);

nlohmann::json to_json(const MarketBalance& balance);
MarketBalance market_balance_from_json(const nlohmann::json& json);

// One ChainNotify value: an array of {"Type": "current"|"apply"|"revert", "Val": TipSet}.
nlohmann::json to_json(const std::vector<HeadChange>& changes, Network network = Network::kMainnet);
std::vector<HeadChange> head_changes_from_json(const nlohmann::json& json);

}  // namespace tessera::chain
