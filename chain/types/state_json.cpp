#include "chain/types/state_json.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "chain/types/chain_json.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::chain {
namespace {

using nlohmann::json;

// go-address's text for address.Undef (lotus sends it as MinerInfo.NewWorker when no worker
// change is pending).
constexpr const char* kUndefAddress = "<empty>";

// The members of one lotus JSON object, read with errors that name "<what>.<member>".
class Reader {
 public:
  Reader(const json& j, std::string what) : j_(j), what_(std::move(what)) {
    if (!j_.is_object()) throw InvalidInput(what_ + ": expected an object");
  }

  // Runs read, prefixing an InvalidInput it throws with the member's name (unless this reader
  // wrote the message, which names it already).
  template <typename F>
  auto named(const char* name, F read) const {
    try {
      return read();
    } catch (const InvalidInput& e) {
      const std::string message = e.what();
      if (message.rfind(what_, 0) == 0) throw;
      throw InvalidInput(where(name) + ": " + message);
    }
  }

  const json& at(const char* name) const { return json_fields::field(j_, what_, name); }
  // The member, or nullptr when it is absent.
  const json* find(const char* name) const {
    auto it = j_.find(name);
    return it == j_.end() ? nullptr : &*it;
  }
  std::string where(const char* name) const { return what_ + "." + name; }

  std::string text(const char* name) const { return json_fields::text(at(name), where(name)); }
  std::uint64_t u64(const char* name) const { return json_fields::u64(at(name), where(name)); }
  std::int64_t i64(const char* name) const { return json_fields::i64(at(name), where(name)); }
  bool boolean(const char* name) const {
    const auto& v = at(name);
    if (!v.is_boolean()) throw InvalidInput(where(name) + ": expected a boolean");
    return v.get<bool>();
  }
  BigInt big(const char* name) const {
    return named(name, [&] { return BigInt::parse(text(name)); });
  }
  // A big integer that Go sends as null when its pointer is unset (read as zero).
  BigInt nullable_big(const char* name) const { return at(name).is_null() ? BigInt() : big(name); }
  Address address(const char* name) const {
    return named(name, [&] { return Address::parse(text(name)); });
  }
  // null or "<empty>" (address.Undef): none.
  std::optional<Address> optional_address(const char* name) const {
    const auto& v = at(name);
    if (v.is_null() || v == kUndefAddress) return std::nullopt;
    return address(name);
  }
  cid::Cid cid(const char* name) const {
    return named(name, [&] { return cid_from_json(at(name)); });
  }
  std::optional<cid::Cid> optional_cid(const char* name) const {
    if (at(name).is_null()) return std::nullopt;
    return cid(name);
  }
  Bytes bytes(const char* name) const {
    return named(name, [&] { return bytes_from_json(at(name)); });
  }
  BitField bitfield(const char* name) const {
    return named(name, [&] { return bitfield_from_json(at(name)); });
  }
  TipSetKey tipset_key(const char* name) const {
    return named(name, [&] { return TipSetKey::from_json(at(name)); });
  }
  // An array member; Go sends an empty slice as null, read here as no elements.
  const json& list(const char* name) const {
    static const json kNone = json::array();
    const auto& v = at(name);
    if (v.is_null()) return kNone;
    return json_fields::array(v, where(name));
  }
  // A nested object's reader.
  Reader object(const char* name) const { return Reader(at(name), where(name)); }

 private:
  const json& j_;
  std::string what_;
};

json nullable_cid(const std::optional<cid::Cid>& c) {
  return c ? cid_to_json(*c) : json(nullptr);
}

// Go's nil slice: null when empty.
template <typename T, typename F>
json nullable_list(const std::vector<T>& items, F item_json) {
  if (items.empty()) return nullptr;
  json out = json::array();
  for (const auto& item : items) out.push_back(item_json(item));
  return out;
}

json power_pair_to_json(const PowerPair& p) {
  return json{{"RawBytePower", p.raw_byte_power.to_string()},
              {"QualityAdjPower", p.quality_adj_power.to_string()}};
}

PowerPair power_pair_from_json(const Reader& r) {
  return PowerPair{r.big("RawBytePower"), r.big("QualityAdjPower")};
}

}  // namespace

json to_json(const TipSet& tipset) {
  return tipset.to_json();
}

json to_json(const TipSetKey& key) {
  return key.to_json();
}

TipSetKey tipset_key_from_json(const json& j) {
  return j.is_null() ? TipSetKey{} : TipSetKey::from_json(j);
}

json bitfield_to_json(const BitField& field) {
  auto runs = field.to_runs();
  if (runs.empty()) return json::array({0});
  return runs;
}

BitField bitfield_from_json(const json& j) {
  if (j.is_null()) return BitField();  // as go-bitfield's UnmarshalJSON reads it
  if (!j.is_array()) throw InvalidInput("bitfield: expected an array of run lengths");
  std::vector<std::uint64_t> runs;
  for (const auto& r : j) runs.push_back(json_fields::u64(r, "bitfield run length"));
  return BitField::from_runs(runs);
}

json to_json(const MinerInfo& info, Network network) {
  auto addr = [network](const Address& a) { return a.to_string(network); };
  return json{{"Owner", addr(info.owner)},
              {"Worker", addr(info.worker)},
              {"NewWorker", info.new_worker ? addr(*info.new_worker) : kUndefAddress},
              {"ControlAddresses", nullable_list(info.control_addresses, addr)},
              {"WorkerChangeEpoch", info.worker_change_epoch},
              {"PeerId", info.peer_id.empty() ? json(nullptr) : json(info.peer_id)},
              {"Multiaddrs", nullable_list(info.multiaddrs, bytes_to_json)},
              {"WindowPoStProofType", info.window_post_proof_type},
              {"SectorSize", info.sector_size},
              {"WindowPoStPartitionSectors", info.window_post_partition_sectors},
              {"ConsensusFaultElapsed", info.consensus_fault_elapsed},
              {"PendingOwnerAddress", nullptr},
              {"Beneficiary", addr(info.beneficiary)},
              {"BeneficiaryTerm", {{"Quota", "0"}, {"UsedQuota", "0"}, {"Expiration", 0}}},
              {"PendingBeneficiaryTerm", nullptr}};
}

MinerInfo miner_info_from_json(const json& j) {
  const Reader r(j, "miner info");
  MinerInfo info;
  info.owner = r.address("Owner");
  info.worker = r.address("Worker");
  info.new_worker = r.optional_address("NewWorker");
  for (const auto& a : r.list("ControlAddresses")) {
    info.control_addresses.push_back(r.named("ControlAddresses", [&] {
      return Address::parse(json_fields::text(a, r.where("ControlAddresses")));
    }));
  }
  info.worker_change_epoch = r.i64("WorkerChangeEpoch");
  if (!r.at("PeerId").is_null()) info.peer_id = r.text("PeerId");
  for (const auto& a : r.list("Multiaddrs")) {
    info.multiaddrs.push_back(r.named("Multiaddrs", [&] { return bytes_from_json(a); }));
  }
  info.window_post_proof_type = r.i64("WindowPoStProofType");
  info.sector_size = r.u64("SectorSize");
  info.window_post_partition_sectors = r.u64("WindowPoStPartitionSectors");
  info.consensus_fault_elapsed = r.i64("ConsensusFaultElapsed");
  info.beneficiary = r.optional_address("Beneficiary").value_or(info.owner);
  return info;
}

json to_json(const DeadlineInfo& info) {
  return json{{"CurrentEpoch", info.current_epoch},
              {"PeriodStart", info.period_start},
              {"Index", info.index},
              {"Open", info.open},
              {"Close", info.close},
              {"Challenge", info.challenge},
              {"FaultCutoff", info.fault_cutoff},
              {"WPoStPeriodDeadlines", info.params.period_deadlines},
              {"WPoStProvingPeriod", info.params.proving_period},
              {"WPoStChallengeWindow", info.params.challenge_window},
              {"WPoStChallengeLookback", info.params.challenge_lookback},
              {"FaultDeclarationCutoff", info.params.fault_declaration_cutoff}};
}

DeadlineInfo deadline_info_from_json(const json& j) {
  const Reader r(j, "deadline info");
  DeadlineInfo info;
  info.current_epoch = r.i64("CurrentEpoch");
  info.period_start = r.i64("PeriodStart");
  info.index = r.u64("Index");
  info.open = r.i64("Open");
  info.close = r.i64("Close");
  info.challenge = r.i64("Challenge");
  info.fault_cutoff = r.i64("FaultCutoff");
  info.params.period_deadlines = r.u64("WPoStPeriodDeadlines");
  info.params.proving_period = r.i64("WPoStProvingPeriod");
  info.params.challenge_window = r.i64("WPoStChallengeWindow");
  info.params.challenge_lookback = r.i64("WPoStChallengeLookback");
  info.params.fault_declaration_cutoff = r.i64("FaultDeclarationCutoff");
  return info;
}

json to_json(const MinerPower& power) {
  return json{{"MinerPower", power_pair_to_json(power.miner_power)},
              {"TotalPower", power_pair_to_json(power.total_power)},
              {"HasMinPower", power.has_min_power}};
}

MinerPower miner_power_from_json(const json& j) {
  const Reader r(j, "miner power");
  return MinerPower{power_pair_from_json(r.object("MinerPower")),
                    power_pair_from_json(r.object("TotalPower")), r.boolean("HasMinPower")};
}

json to_json(const DeadlineState& deadline) {
  return json{{"PostSubmissions", bitfield_to_json(deadline.post_submissions)},
              {"DisputableProofCount", deadline.disputable_proof_count},
              {"DailyFee", deadline.daily_fee.to_string()}};
}

DeadlineState deadline_state_from_json(const json& j) {
  const Reader r(j, "deadline");
  DeadlineState d;
  d.post_submissions = r.bitfield("PostSubmissions");
  d.disputable_proof_count = r.u64("DisputableProofCount");
  if (r.find("DailyFee")) d.daily_fee = r.nullable_big("DailyFee");  // lotus >= 1.32 (FIP-0100)
  return d;
}

json to_json(const PartitionState& p) {
  return json{{"AllSectors", bitfield_to_json(p.all_sectors)},
              {"FaultySectors", bitfield_to_json(p.faulty_sectors)},
              {"RecoveringSectors", bitfield_to_json(p.recovering_sectors)},
              {"LiveSectors", bitfield_to_json(p.live_sectors)},
              {"ActiveSectors", bitfield_to_json(p.active_sectors)}};
}

PartitionState partition_state_from_json(const json& j) {
  const Reader r(j, "partition");
  return PartitionState{r.bitfield("AllSectors"), r.bitfield("FaultySectors"),
                        r.bitfield("RecoveringSectors"), r.bitfield("LiveSectors"),
                        r.bitfield("ActiveSectors")};
}

json to_json(const SectorOnChainInfo& s) {
  return json{{"SectorNumber", s.sector_number},
              {"SealProof", s.seal_proof},
              {"SealedCID", cid_to_json(s.sealed_cid)},
              {"Activation", s.activation},
              {"Expiration", s.expiration},
              {"DealWeight", s.deal_weight.to_string()},
              {"VerifiedDealWeight", s.verified_deal_weight.to_string()},
              {"InitialPledge", s.initial_pledge.to_string()},
              {"ExpectedDayReward", s.expected_day_reward.to_string()},
              {"ExpectedStoragePledge", s.expected_storage_pledge.to_string()},
              {"PowerBaseEpoch", s.power_base_epoch},
              {"ReplacedDayReward", s.replaced_day_reward.to_string()},
              {"SectorKeyCID", nullable_cid(s.sector_key_cid)},
              {"Flags", s.flags},
              {"DailyFee", s.daily_fee.to_string()}};
}

SectorOnChainInfo sector_on_chain_info_from_json(const json& j) {
  const Reader r(j, "sector info");
  SectorOnChainInfo s;
  s.sector_number = r.u64("SectorNumber");
  s.seal_proof = r.i64("SealProof");
  s.sealed_cid = r.cid("SealedCID");
  s.activation = r.i64("Activation");
  s.expiration = r.i64("Expiration");
  s.deal_weight = r.big("DealWeight");
  s.verified_deal_weight = r.big("VerifiedDealWeight");
  s.initial_pledge = r.big("InitialPledge");
  // *abi.TokenAmount in go-state-types: null when unset.
  s.expected_day_reward = r.nullable_big("ExpectedDayReward");
  s.expected_storage_pledge = r.nullable_big("ExpectedStoragePledge");
  s.power_base_epoch = r.i64("PowerBaseEpoch");
  s.replaced_day_reward = r.nullable_big("ReplacedDayReward");
  s.sector_key_cid = r.optional_cid("SectorKeyCID");
  // Flags came with lotus 1.25 (actors v12), DailyFee with lotus 1.32 (FIP-0100).
  if (r.find("Flags")) s.flags = r.u64("Flags");
  if (r.find("DailyFee")) s.daily_fee = r.nullable_big("DailyFee");
  return s;
}

json to_json(const SectorPreCommitInfo& i) {
  return json{{"SealProof", i.seal_proof},
              {"SectorNumber", i.sector_number},
              {"SealedCID", cid_to_json(i.sealed_cid)},
              {"SealRandEpoch", i.seal_rand_epoch},
              {"DealIDs", nullable_list(i.deal_ids, [](std::uint64_t id) { return json(id); })},
              {"Expiration", i.expiration},
              {"UnsealedCid", nullable_cid(i.unsealed_cid)}};
}

SectorPreCommitInfo sector_precommit_info_from_json(const json& j) {
  const Reader i(j, "precommit info");
  SectorPreCommitInfo info;
  info.seal_proof = i.i64("SealProof");
  info.sector_number = i.u64("SectorNumber");
  info.sealed_cid = i.cid("SealedCID");
  info.seal_rand_epoch = i.i64("SealRandEpoch");
  for (const auto& id : i.list("DealIDs"))
    info.deal_ids.push_back(json_fields::u64(id, i.where("DealIDs")));
  info.expiration = i.i64("Expiration");
  info.unsealed_cid = i.optional_cid("UnsealedCid");
  return info;
}

json to_json(const SectorPreCommitOnChainInfo& p) {
  return json{{"Info", to_json(p.info)},
              {"PreCommitDeposit", p.pre_commit_deposit.to_string()},
              {"PreCommitEpoch", p.pre_commit_epoch}};
}

SectorPreCommitOnChainInfo sector_precommit_on_chain_info_from_json(const json& j) {
  const Reader r(j, "precommit info");
  SectorPreCommitOnChainInfo p;
  (void)r.object("Info");  // present and an object, or InvalidInput naming it
  p.info = sector_precommit_info_from_json(j.at("Info"));
  p.pre_commit_deposit = r.big("PreCommitDeposit");
  p.pre_commit_epoch = r.i64("PreCommitEpoch");
  return p;
}

json to_json(const MsgLookup& lookup) {
  return json{{"Message", cid_to_json(lookup.message)},
              {"Receipt",
               {{"ExitCode", lookup.receipt.exit_code},
                {"Return", bytes_to_json(lookup.receipt.return_value)},
                {"GasUsed", lookup.receipt.gas_used},
                {"EventsRoot", nullptr}}},
              {"ReturnDec", nullptr},
              {"TipSet", lookup.tipset.to_json()},
              {"Height", lookup.height}};
}

MsgLookup msg_lookup_from_json(const json& j) {
  const Reader r(j, "message lookup");
  const Reader receipt = r.object("Receipt");
  return MsgLookup{
      r.cid("Message"),
      MessageReceipt{receipt.i64("ExitCode"), receipt.bytes("Return"), receipt.i64("GasUsed")},
      r.tipset_key("TipSet"), r.i64("Height")};
}

json to_json(const BeaconEntry& entry) {
  return json{{"Round", entry.round}, {"Data", bytes_to_json(entry.data)}};
}

BeaconEntry beacon_entry_from_json(const json& j) {
  const Reader r(j, "beacon entry");
  return BeaconEntry{r.u64("Round"), r.bytes("Data")};
}

json to_json(const MiningBaseInfo& info, Network network) {
  json sectors = json::array();
  for (const auto& s : info.sectors) {
    sectors.push_back({{"SealProof", s.seal_proof},
                       {"SectorNumber", s.sector_number},
                       {"SectorKey", nullable_cid(s.sector_key)},
                       {"SealedCID", cid_to_json(s.sealed_cid)}});
  }
  return json{{"MinerPower", info.miner_power.to_string()},
              {"NetworkPower", info.network_power.to_string()},
              {"Sectors", sectors},
              {"WorkerKey", info.worker_key.to_string(network)},
              {"SectorSize", info.sector_size},
              {"PrevBeaconEntry", to_json(info.prev_beacon_entry)},
              {"BeaconEntries",
               nullable_list(info.beacon_entries, [](const BeaconEntry& e) { return to_json(e); })},
              {"EligibleForMining", info.eligible_for_mining}};
}

MiningBaseInfo mining_base_info_from_json(const json& j) {
  const Reader r(j, "mining base info");
  MiningBaseInfo info;
  info.miner_power = r.big("MinerPower");
  info.network_power = r.big("NetworkPower");
  for (const auto& s : r.list("Sectors")) {
    const Reader sector(s, r.where("Sectors"));
    info.sectors.push_back(SectorChallengeInfo{sector.i64("SealProof"), sector.u64("SectorNumber"),
                                               sector.optional_cid("SectorKey"),
                                               sector.cid("SealedCID")});
  }
  info.worker_key = r.address("WorkerKey");
  info.sector_size = r.u64("SectorSize");
  info.prev_beacon_entry =
      r.named("PrevBeaconEntry", [&] { return beacon_entry_from_json(r.at("PrevBeaconEntry")); });
  for (const auto& e : r.list("BeaconEntries")) {
    info.beacon_entries.push_back(
        r.named("BeaconEntries", [&] { return beacon_entry_from_json(e); }));
  }
  info.eligible_for_mining = r.boolean("EligibleForMining");
  return info;
}

json to_json(const Signature& signature) {
  return json{{"Type", static_cast<int>(signature.type)}, {"Data", bytes_to_json(signature.data)}};
}

Signature signature_from_json(const json& j) {
  const Reader r(j, "signature");
  const auto type = r.u64("Type");
  if (type != static_cast<std::uint64_t>(SignatureType::kSecp256k1) &&
      type != static_cast<std::uint64_t>(SignatureType::kBls)) {
    throw InvalidInput("signature.Type: unknown signature type " + std::to_string(type));
  }
  return Signature{static_cast<SignatureType>(type), r.bytes("Data")};
}

json to_json(const std::vector<HeadChange>& changes, Network network) {
  json out = json::array();
  for (const auto& c : changes)
    out.push_back({{"Type", c.type}, {"Val", c.tipset.to_json(network)}});
  return out;
}

std::vector<HeadChange> head_changes_from_json(const json& j) {
  std::vector<HeadChange> changes;
  for (const auto& c : json_fields::array(j, "head changes")) {
    const Reader r(c, "head change");
    auto type = r.text("Type");
    if (type != "current" && type != "apply" && type != "revert")
      throw InvalidInput("head change.Type: unknown type \"" + type + "\"");
    changes.push_back(HeadChange{std::move(type),
                                 r.named("Val", [&] { return TipSet::from_json(r.at("Val")); })});
  }
  return changes;
}

json to_json(const MinerSectorCount& count) {
  return json{{"Live", count.live}, {"Active", count.active}, {"Faulty", count.faulty}};
}

MinerSectorCount miner_sector_count_from_json(const json& j) {
  const Reader r(j, "sector count");
  return MinerSectorCount{r.u64("Live"), r.u64("Active"), r.u64("Faulty")};
}

json to_json(const MinerFunds& funds, const cid::Cid& code) {
  return json{{"Balance", funds.balance.to_string()},
              {"Code", cid_to_json(code)},
              {"State",
               {{"PreCommitDeposits", funds.pre_commit_deposits.to_string()},
                {"LockedFunds", funds.locked_funds.to_string()},
                {"InitialPledge", funds.initial_pledge.to_string()},
                {"FeeDebt", funds.fee_debt.to_string()}}}};
}

MinerFunds miner_funds_from_json(const json& j) {
  const Reader r(j, "actor state");
  const Reader state = r.object("State");
  return MinerFunds{r.big("Balance"), state.big("PreCommitDeposits"), state.big("LockedFunds"),
                    state.big("InitialPledge"), state.big("FeeDebt")};
}

json to_json(const MarketBalance& balance) {
  return json{{"Escrow", balance.escrow.to_string()}, {"Locked", balance.locked.to_string()}};
}

MarketBalance market_balance_from_json(const json& j) {
  const Reader r(j, "market balance");
  return MarketBalance{r.big("Escrow"), r.big("Locked")};
}

}  // namespace tessera::chain
