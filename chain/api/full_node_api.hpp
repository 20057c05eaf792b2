// lotus's full-node API v1 as the miner calls it and the devnet serves it (api/api_full.go,
// permissions from its perm tags, shapes from build/openrpc/full.json): one declaration per
// method with the codecs of its types. devnet/devnet_api.cpp serves them (Version is
// api::kVersion); FullNodeClient calls them. The codecs of chain/types' own types are in
// chain_json.hpp and state_json.hpp; addresses are written with the process's wire network
// (chain::wire_network: "t…" in the devnet, "f…" elsewhere), either prefix reads.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "chain/types/actor_state.hpp"
#include "chain/types/chain_json.hpp"
#include "chain/types/mining.hpp"
#include "chain/types/randomness.hpp"
#include "chain/types/state_json.hpp"
#include "common/api/method.hpp"

namespace tessera::chain {

// A Go []byte that may be nil: base64, null when empty; null reads as empty (api::Codec<Bytes>
// writes "" and refuses null).
struct NilableBytes : Bytes {
  NilableBytes() = default;
  NilableBytes(Bytes bytes) : Bytes(std::move(bytes)) {}
};

// A message for the node to complete (gas, nonce; MpoolPushMessage, GasEstimateMessageGas): sent
// without its "CID", which completing it changes.
struct MessageDraft : Message {
  MessageDraft() = default;
  MessageDraft(Message message) : Message(std::move(message)) {}
};

// lotus api.MessageSendSpec as far as the miner sets it: {"MaxFee": attoFIL}.
struct MessageSendSpec {
  TokenAmount max_fee;
};

// lotus types.KeyType as WalletNew takes it: "secp256k1" or "bls", named here by the type of
// signature the new key makes.
struct KeyType {
  SignatureType signature_type = SignatureType::kSecp256k1;
};

// StateReadState of a miner actor: its funds and its code CID.
struct MinerActorState {
  MinerFunds funds;
  cid::Cid code;
};

// message_to_json without "CID".
nlohmann::json message_draft_to_json(const MessageDraft& message);
nlohmann::json to_json(const MessageSendSpec& spec);
// Reads MaxFee (zero when absent or null) and ignores lotus's other members.
MessageSendSpec message_send_spec_from_json(const nlohmann::json& json);
nlohmann::json to_json(const MinerActorState& state);
MinerActorState miner_actor_state_from_json(const nlohmann::json& json);
nlohmann::json to_json(KeyType type);
// "secp256k1" or "bls"; InvalidInput for anything else (lotus's other key types included).
KeyType key_type_from_json(const nlohmann::json& json);
nlohmann::json to_json(DomainSeparationTag tag);
// Any integer, as lotus passes unknown tags on to the randomness derivation.
DomainSeparationTag domain_separation_tag_from_json(const nlohmann::json& json);

}  // namespace tessera::chain

TESSERA_API_CODEC(tessera::chain::NilableBytes, tessera::chain::bytes_to_json,
                  tessera::chain::bytes_from_json);
TESSERA_API_CODEC(tessera::chain::MessageDraft, tessera::chain::message_draft_to_json,
                  tessera::chain::message_from_json);
TESSERA_API_CODEC(tessera::chain::MessageSendSpec, tessera::chain::to_json,
                  tessera::chain::message_send_spec_from_json);
TESSERA_API_CODEC(tessera::chain::MinerActorState, tessera::chain::to_json,
                  tessera::chain::miner_actor_state_from_json);
TESSERA_API_CODEC(tessera::chain::KeyType, tessera::chain::to_json,
                  tessera::chain::key_type_from_json);
TESSERA_API_CODEC(tessera::chain::DomainSeparationTag, tessera::chain::to_json,
                  tessera::chain::domain_separation_tag_from_json);
TESSERA_API_CODEC(tessera::chain::BlockTemplate, tessera::chain::to_json,
                  tessera::chain::block_template_from_json);
TESSERA_API_CODEC(tessera::chain::BlockMsg, tessera::chain::to_json,
                  tessera::chain::block_msg_from_json);

namespace tessera::chain {

using api::Channel;
using api::Method;
using api::Perm;

// Chain.
inline constexpr Method<TipSet()> kChainHead{"Filecoin.ChainHead", Perm::kRead};
// ChainGetTipSetByHeight(height, from): the tipset at height on the chain ending at from.
inline constexpr Method<TipSet(ChainEpoch, TipSetKey)> kChainGetTipSetByHeight{
    "Filecoin.ChainGetTipSetByHeight", Perm::kRead};
inline constexpr Method<TipSet(TipSetKey)> kChainGetTipSet{"Filecoin.ChainGetTipSet", Perm::kRead};
inline constexpr Method<TipSet()> kChainGetGenesis{"Filecoin.ChainGetGenesis", Perm::kRead};
// Head changes: first a single "current", then "apply"/"revert" as the chain moves.
inline constexpr Method<Channel<std::vector<HeadChange>>()> kChainNotify{"Filecoin.ChainNotify",
                                                                         Perm::kRead};
// The network's name ("mainnet", "calibrationnet", a devnet's own); it selects chain policy.
inline constexpr Method<std::string()> kStateNetworkName{"Filecoin.StateNetworkName", Perm::kRead};
inline constexpr Method<std::uint64_t(TipSetKey)> kStateNetworkVersion{
    "Filecoin.StateNetworkVersion", Perm::kRead};
// StateGetRandomnessFrom{Tickets,Beacon}(tag, epoch, entropy, at).
inline constexpr Method<NilableBytes(DomainSeparationTag, ChainEpoch, NilableBytes, TipSetKey)>
    kStateGetRandomnessFromTickets{"Filecoin.StateGetRandomnessFromTickets", Perm::kRead};
inline constexpr Method<NilableBytes(DomainSeparationTag, ChainEpoch, NilableBytes, TipSetKey)>
    kStateGetRandomnessFromBeacon{"Filecoin.StateGetRandomnessFromBeacon", Perm::kRead};
inline constexpr Method<BeaconEntry(ChainEpoch)> kStateGetBeaconEntry{
    "Filecoin.StateGetBeaconEntry", Perm::kRead};
inline constexpr Method<BeaconEntry(ChainEpoch)> kBeaconGetEntry{"Filecoin.BeaconGetEntry",
                                                                 Perm::kRead};

// Miner actor state: (miner, …, at).
inline constexpr Method<MinerInfo(Address, TipSetKey)> kStateMinerInfo{"Filecoin.StateMinerInfo",
                                                                       Perm::kRead};
inline constexpr Method<DeadlineInfo(Address, TipSetKey)> kStateMinerProvingDeadline{
    "Filecoin.StateMinerProvingDeadline", Perm::kRead};
inline constexpr Method<std::vector<DeadlineState>(Address, TipSetKey)> kStateMinerDeadlines{
    "Filecoin.StateMinerDeadlines", Perm::kRead};
// StateMinerPartitions(miner, deadline index, at).
inline constexpr Method<std::vector<PartitionState>(Address, std::uint64_t, TipSetKey)>
    kStateMinerPartitions{"Filecoin.StateMinerPartitions", Perm::kRead};
// StateMinerSectors(miner, filter or null for all, at).
inline constexpr Method<std::vector<SectorOnChainInfo>(Address, std::optional<BitField>, TipSetKey)>
    kStateMinerSectors{"Filecoin.StateMinerSectors", Perm::kRead};
// StateSectorGetInfo(miner, sector number, at): null when there is no such sector.
inline constexpr Method<std::optional<SectorOnChainInfo>(Address, std::uint64_t, TipSetKey)>
    kStateSectorGetInfo{"Filecoin.StateSectorGetInfo", Perm::kRead};
// StateSectorPreCommitInfo(miner, sector number, at): null when it is not precommitted.
inline constexpr Method<std::optional<SectorPreCommitOnChainInfo>(Address, std::uint64_t,
                                                                  TipSetKey)>
    kStateSectorPreCommitInfo{"Filecoin.StateSectorPreCommitInfo", Perm::kRead};
// The deposit a precommit of this sector needs, and the pledge its prove-commit locks.
inline constexpr Method<TokenAmount(Address, SectorPreCommitInfo, TipSetKey)>
    kStateMinerPreCommitDepositForPower{"Filecoin.StateMinerPreCommitDepositForPower",
                                        Perm::kRead};
inline constexpr Method<TokenAmount(Address, SectorPreCommitInfo, TipSetKey)>
    kStateMinerInitialPledgeCollateral{"Filecoin.StateMinerInitialPledgeCollateral",
                                       Perm::kRead};
inline constexpr Method<BitField(Address, TipSetKey)> kStateMinerAllocated{
    "Filecoin.StateMinerAllocated", Perm::kRead};
inline constexpr Method<MinerPower(Address, TipSetKey)> kStateMinerPower{"Filecoin.StateMinerPower",
                                                                         Perm::kRead};
inline constexpr Method<MinerSectorCount(Address, TipSetKey)> kStateMinerSectorCount{
    "Filecoin.StateMinerSectorCount", Perm::kRead};
inline constexpr Method<MinerActorState(Address, TipSetKey)> kStateReadState{
    "Filecoin.StateReadState", Perm::kRead};
inline constexpr Method<MarketBalance(Address, TipSetKey)> kStateMarketBalance{
    "Filecoin.StateMarketBalance", Perm::kRead};
inline constexpr Method<TokenAmount(Address, TipSetKey)> kStateMinerAvailableBalance{
    "Filecoin.StateMinerAvailableBalance", Perm::kRead};

// Accounts and wallet.
inline constexpr Method<Address(Address, TipSetKey)> kStateLookupID{"Filecoin.StateLookupID",
                                                                    Perm::kRead};
inline constexpr Method<Address(Address, TipSetKey)> kStateAccountKey{"Filecoin.StateAccountKey",
                                                                      Perm::kRead};
inline constexpr Method<TokenAmount(Address)> kWalletBalance{"Filecoin.WalletBalance", Perm::kRead};
inline constexpr Method<Address()> kWalletDefaultAddress{"Filecoin.WalletDefaultAddress",
                                                         Perm::kWrite};
inline constexpr Method<std::vector<Address>()> kWalletList{"Filecoin.WalletList", Perm::kWrite};
inline constexpr Method<bool(Address)> kWalletHas{"Filecoin.WalletHas", Perm::kWrite};
// WalletNew(type): a fresh key in the node's wallet, its address.
inline constexpr Method<Address(KeyType)> kWalletNew{"Filecoin.WalletNew", Perm::kWrite};
// WalletSign(signer, data).
inline constexpr Method<Signature(Address, NilableBytes)> kWalletSign{"Filecoin.WalletSign",
                                                                      Perm::kSign};

// Messages.
inline constexpr Method<std::uint64_t(Address)> kMpoolGetNonce{"Filecoin.MpoolGetNonce",
                                                               Perm::kRead};
// MpoolPushMessage(message, spec): the node fills in gas and nonce, signs and pushes.
inline constexpr Method<SignedMessage(MessageDraft, std::optional<MessageSendSpec>)>
    kMpoolPushMessage{"Filecoin.MpoolPushMessage", Perm::kSign};
inline constexpr Method<cid::Cid(SignedMessage)> kMpoolPush{"Filecoin.MpoolPush", Perm::kWrite};
// GasEstimateMessageGas(message, spec, at).
inline constexpr Method<Message(MessageDraft, std::optional<MessageSendSpec>, TipSetKey)>
    kGasEstimateMessageGas{"Filecoin.GasEstimateMessageGas", Perm::kRead};
// StateSearchMsg(from, message, lookback limit (-1: none), allow replaced): null when not found.
inline constexpr Method<std::optional<MsgLookup>(TipSetKey, cid::Cid, ChainEpoch, bool)>
    kStateSearchMsg{"Filecoin.StateSearchMsg", Perm::kRead};
// StateWaitMsg(message, confidence, lookback limit, allow replaced).
inline constexpr Method<MsgLookup(cid::Cid, std::uint64_t, ChainEpoch, bool)> kStateWaitMsg{
    "Filecoin.StateWaitMsg", Perm::kRead};

// Mining.
// MinerGetBaseInfo(miner, round, at): null when the miner cannot mine there.
inline constexpr Method<std::optional<MiningBaseInfo>(Address, ChainEpoch, TipSetKey)>
    kMinerGetBaseInfo{"Filecoin.MinerGetBaseInfo", Perm::kRead};
// MpoolSelect(at, ticket quality).
inline constexpr Method<std::vector<SignedMessage>(TipSetKey, double)> kMpoolSelect{
    "Filecoin.MpoolSelect", Perm::kRead};
inline constexpr Method<BlockMsg(BlockTemplate)> kMinerCreateBlock{"Filecoin.MinerCreateBlock",
                                                                   Perm::kWrite};
inline constexpr Method<void(BlockMsg)> kSyncSubmitBlock{"Filecoin.SyncSubmitBlock", Perm::kWrite};

}  // namespace tessera::chain
