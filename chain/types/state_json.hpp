// Lotus's JSON forms of the actor-state values in actor_state.hpp, and of tipsets, both ways, so
// that the full-node client and the devnet server share one codec (shapes from lotus
// build/openrpc/full.json). Readers throw InvalidInput naming the field that is missing or
// mistyped. The API codecs (common/api/codec.hpp) of these types are declared at the end.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "chain/types/actor_state.hpp"
#include "common/api/codec.hpp"

namespace tessera::chain {

// The bitfield JSON lotus uses: RLE run lengths, the first run unset ([5,1] = only bit 5).
nlohmann::json bitfield_to_json(const BitField& field);
BitField bitfield_from_json(const nlohmann::json& json);

nlohmann::json to_json(const TipSet& tipset);  // TipSet::to_json
nlohmann::json to_json(const TipSetKey& key);  // TipSetKey::to_json
// null (what a Go client sends for types.EmptyTSK) reads as the empty key, which stands for the
// head.
TipSetKey tipset_key_from_json(const nlohmann::json& json);

nlohmann::json to_json(const MinerInfo& info, Network network = wire_network());
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

// miner.SectorPreCommitInfo {SealProof, SectorNumber, SealedCID, SealRandEpoch, DealIDs,
// Expiration, UnsealedCid}.
nlohmann::json to_json(const SectorPreCommitInfo& info);
SectorPreCommitInfo sector_precommit_info_from_json(const nlohmann::json& json);
nlohmann::json to_json(const SectorPreCommitOnChainInfo& precommit);
SectorPreCommitOnChainInfo sector_precommit_on_chain_info_from_json(const nlohmann::json& json);

nlohmann::json to_json(const MsgLookup& lookup);
MsgLookup msg_lookup_from_json(const nlohmann::json& json);

nlohmann::json to_json(const BeaconEntry& entry);
BeaconEntry beacon_entry_from_json(const nlohmann::json& json);

nlohmann::json to_json(const MiningBaseInfo& info, Network network = wire_network());
MiningBaseInfo mining_base_info_from_json(const nlohmann::json& json);

nlohmann::json to_json(const Signature& signature);  // {"Type": 1, "Data": base64}
Signature signature_from_json(const nlohmann::json& json);

nlohmann::json to_json(const MinerSectorCount& count);
MinerSectorCount miner_sector_count_from_json(const nlohmann::json& json);

// StateReadState of a miner actor: {"Balance", "Code", "State": {…}}; the reader takes the
// funds fields and ignores the rest of the state.
nlohmann::json to_json(const MinerFunds& funds, const cid::Cid& code);
MinerFunds miner_funds_from_json(const nlohmann::json& json);

nlohmann::json to_json(const MarketBalance& balance);
MarketBalance market_balance_from_json(const nlohmann::json& json);

// One ChainNotify value: an array of {"Type": "current"|"apply"|"revert", "Val": TipSet}.
nlohmann::json to_json(const std::vector<HeadChange>& changes, Network network = wire_network());
std::vector<HeadChange> head_changes_from_json(const nlohmann::json& json);

}  // namespace tessera::chain

TESSERA_API_CODEC(tessera::chain::BitField, tessera::chain::bitfield_to_json,
                  tessera::chain::bitfield_from_json);
TESSERA_API_CODEC(tessera::chain::TipSetKey, tessera::chain::to_json,
                  tessera::chain::tipset_key_from_json);
TESSERA_API_CODEC(tessera::chain::TipSet, tessera::chain::to_json,
                  tessera::chain::TipSet::from_json);
TESSERA_API_CODEC(std::vector<tessera::chain::HeadChange>, tessera::chain::to_json,
                  tessera::chain::head_changes_from_json);
TESSERA_API_CODEC(tessera::chain::Signature, tessera::chain::to_json,
                  tessera::chain::signature_from_json);
TESSERA_API_CODEC(tessera::chain::MinerInfo, tessera::chain::to_json,
                  tessera::chain::miner_info_from_json);
TESSERA_API_CODEC(tessera::chain::DeadlineInfo, tessera::chain::to_json,
                  tessera::chain::deadline_info_from_json);
TESSERA_API_CODEC(tessera::chain::DeadlineState, tessera::chain::to_json,
                  tessera::chain::deadline_state_from_json);
TESSERA_API_CODEC(tessera::chain::PartitionState, tessera::chain::to_json,
                  tessera::chain::partition_state_from_json);
TESSERA_API_CODEC(tessera::chain::SectorOnChainInfo, tessera::chain::to_json,
                  tessera::chain::sector_on_chain_info_from_json);
TESSERA_API_CODEC(tessera::chain::SectorPreCommitInfo, tessera::chain::to_json,
                  tessera::chain::sector_precommit_info_from_json);
TESSERA_API_CODEC(tessera::chain::SectorPreCommitOnChainInfo, tessera::chain::to_json,
                  tessera::chain::sector_precommit_on_chain_info_from_json);
TESSERA_API_CODEC(tessera::chain::MinerPower, tessera::chain::to_json,
                  tessera::chain::miner_power_from_json);
TESSERA_API_CODEC(tessera::chain::MinerSectorCount, tessera::chain::to_json,
                  tessera::chain::miner_sector_count_from_json);
TESSERA_API_CODEC(tessera::chain::MarketBalance, tessera::chain::to_json,
                  tessera::chain::market_balance_from_json);
TESSERA_API_CODEC(tessera::chain::MsgLookup, tessera::chain::to_json,
                  tessera::chain::msg_lookup_from_json);
TESSERA_API_CODEC(tessera::chain::BeaconEntry, tessera::chain::to_json,
                  tessera::chain::beacon_entry_from_json);
TESSERA_API_CODEC(tessera::chain::MiningBaseInfo, tessera::chain::to_json,
                  tessera::chain::mining_base_info_from_json);
