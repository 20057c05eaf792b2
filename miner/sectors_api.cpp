#include "miner/sectors_api.hpp"

#include <algorithm>
#include <set>
#include <string_view>

#include "common/error.hpp"
#include "common/json_fields.hpp"
#include "sealing/pipeline/sector_states.hpp"

namespace tessera::miner {
namespace {

using nlohmann::json;

json optional_cid_to_json(const std::optional<cid::Cid>& c) {
  return c ? chain::cid_to_json(*c) : json();
}

std::optional<cid::Cid> optional_cid_from_json(const json& j, const std::string& where) {
  if (j.is_null()) return std::nullopt;
  try {
    return chain::cid_from_json(j);
  } catch (const InvalidInput& e) {
    throw InvalidInput(where + ": " + e.what());
  }
}

// A member that may be absent (Go's decoder leaves absent fields at zero).
const json* member(const json& j, const char* name) {
  auto it = j.find(name);
  return it == j.end() ? nullptr : &*it;
}

template <class T, class F>
T read_or(const json& j, const char* name, T fallback, F read) {
  const json* m = member(j, name);
  return m ? read(*m, std::string("SectorInfo.") + name) : fallback;
}

Bytes bytes_at(const json& j, const std::string& where) {
  if (j.is_null()) return {};
  return base64_decode(json_fields::text(j, where));
}

chain::BigInt big_at(const json& j, const std::string& where) {
  try {
    return chain::big_int_from_json(j);
  } catch (const InvalidInput& e) {
    throw InvalidInput(where + ": " + e.what());
  }
}

json randomness_to_json(const ApiSealRandomness& r) {
  return json{{"Value", chain::bytes_to_json(r.value)}, {"Epoch", r.epoch}};
}

ApiSealRandomness randomness_from_json(const json& j, const std::string& where) {
  if (j.is_null()) return {};
  ApiSealRandomness out;
  out.value = bytes_at(json_fields::field(j, where, "Value"), where + ".Value");
  out.epoch = json_fields::i64(json_fields::field(j, where, "Epoch"), where + ".Epoch");
  return out;
}

// --- CBOR PieceDealInfo -> lotus JSON -------------------------------------------------------

[[noreturn]] void bad_deal(const std::string& where, const std::string& why) {
  throw InvalidInput("PieceDealInfo." + where + ": " + why);
}

const cbor::Value& deal_field(const cbor::Value& map, std::string_view key,
                              const std::string& where) {
  const cbor::Value* v = map.find(key);
  if (!v) bad_deal(where, "missing key \"" + std::string(key) + "\"");
  return *v;
}

json cbor_cid_or_null(const cbor::Value& v, const std::string& where) {
  if (v.is_null()) return json();
  if (!v.is_cid()) bad_deal(where, "expected a CID or null");
  return chain::cid_to_json(v.as_cid());
}

json cbor_address(const cbor::Value& v, const std::string& where) {
  if (!v.is_bytes()) bad_deal(where, "expected address bytes");
  return chain::address_to_json(chain::Address::from_bytes(v.as_bytes()));
}

json cbor_big(const cbor::Value& v, const std::string& where) {
  if (!v.is_bytes()) bad_deal(where, "expected big-integer bytes");
  return chain::big_int_to_json(chain::BigInt::from_bytes(v.as_bytes()));
}

// market.DealProposal: an 11-field tuple (go-state-types builtin/v9/market).
json deal_proposal_json(const cbor::Value& v) {
  if (v.is_null()) return json();
  if (!v.is_array() || v.as_array().size() != 11)
    bad_deal("DealProposal", "expected an 11-element tuple");
  const auto& t = v.as_array();
  if (!t[0].is_cid()) bad_deal("DealProposal.PieceCID", "expected a CID");
  if (!t[2].is_bool()) bad_deal("DealProposal.VerifiedDeal", "expected a boolean");
  // DealLabel: lotus marshals only string labels to JSON ("can only marshal strings").
  if (!t[5].is_text()) bad_deal("DealProposal.Label", "can only marshal string labels");
  json out;
  out["PieceCID"] = chain::cid_to_json(t[0].as_cid());
  out["PieceSize"] = t[1].as_uint();
  out["VerifiedDeal"] = t[2].as_bool();
  out["Client"] = cbor_address(t[3], "DealProposal.Client");
  out["Provider"] = cbor_address(t[4], "DealProposal.Provider");
  out["Label"] = t[5].as_text();
  out["StartEpoch"] = t[6].as_int();
  out["EndEpoch"] = t[7].as_int();
  out["StoragePricePerEpoch"] = cbor_big(t[8], "DealProposal.StoragePricePerEpoch");
  out["ProviderCollateral"] = cbor_big(t[9], "DealProposal.ProviderCollateral");
  out["ClientCollateral"] = cbor_big(t[10], "DealProposal.ClientCollateral");
  return out;
}

}  // namespace

json piece_deal_info_json(const cbor::Value& deal_info) {
  if (deal_info.is_null()) return json();
  if (!deal_info.is_map()) bad_deal("", "expected a map or null");
  try {
    json out;
    out["PublishCid"] =
        cbor_cid_or_null(deal_field(deal_info, "PublishCid", "PublishCid"), "PublishCid");
    out["DealID"] = deal_field(deal_info, "DealID", "DealID").as_uint();
    out["DealProposal"] = deal_proposal_json(deal_field(deal_info, "DealProposal", "DealProposal"));
    const auto& schedule = deal_field(deal_info, "DealSchedule", "DealSchedule");
    if (!schedule.is_map()) bad_deal("DealSchedule", "expected a map");
    out["DealSchedule"] =
        json{{"StartEpoch", deal_field(schedule, "StartEpoch", "DealSchedule").as_int()},
             {"EndEpoch", deal_field(schedule, "EndEpoch", "DealSchedule").as_int()}};
    out["KeepUnsealed"] = deal_field(deal_info, "KeepUnsealed", "KeepUnsealed").as_bool();
    return out;
  } catch (const InvalidInput& e) {
    const std::string what = e.what();
    if (what.starts_with("PieceDealInfo")) throw;
    throw InvalidInput("PieceDealInfo: " + what);
  }
}

json to_json(const ApiSectorInfo& info) {
  json deals = json::array();
  for (auto d : info.deals) deals.push_back(d);
  json pieces = json::array();
  for (const auto& p : info.pieces) {
    pieces.push_back(
        json{{"Piece", json{{"Size", p.size}, {"PieceCID", chain::cid_to_json(p.piece_cid)}}},
             {"DealInfo", p.deal_info}});
  }
  json log = json::array();
  for (const auto& l : info.log) {
    log.push_back(json{
        {"Kind", l.kind}, {"Timestamp", l.timestamp}, {"Trace", l.trace}, {"Message", l.message}});
  }
  json out;
  out["SectorID"] = info.sector_id;
  out["State"] = info.state;
  out["CommD"] = optional_cid_to_json(info.comm_d);
  out["CommR"] = optional_cid_to_json(info.comm_r);
  out["Proof"] = chain::bytes_to_json(info.proof);
  out["Deals"] = std::move(deals);
  out["Pieces"] = std::move(pieces);
  out["Ticket"] = randomness_to_json(info.ticket);
  out["Seed"] = randomness_to_json(info.seed);
  out["PreCommitMsg"] = optional_cid_to_json(info.pre_commit_msg);
  out["CommitMsg"] = optional_cid_to_json(info.commit_msg);
  out["Retries"] = info.retries;
  out["ToUpgrade"] = info.to_upgrade;
  out["ReplicaUpdateMessage"] = optional_cid_to_json(info.replica_update_message);
  out["LastErr"] = info.last_err;
  out["Log"] = std::move(log);
  out["SealProof"] = info.seal_proof;
  out["Activation"] = info.activation;
  out["Expiration"] = info.expiration;
  out["DealWeight"] = chain::big_int_to_json(info.deal_weight);
  out["VerifiedDealWeight"] = chain::big_int_to_json(info.verified_deal_weight);
  out["InitialPledge"] = chain::big_int_to_json(info.initial_pledge);
  out["OnTime"] = info.on_time;
  out["Early"] = info.early;
  return out;
}

ApiSectorInfo api_sector_info_from_json(const json& j) {
  if (!j.is_object()) throw InvalidInput("SectorInfo: expected an object");
  using json_fields::i64;
  using json_fields::u64;
  ApiSectorInfo out;
  out.sector_id = read_or(j, "SectorID", std::uint64_t{0}, u64);
  out.state = read_or(j, "State", std::string(), json_fields::text);
  out.comm_d = read_or(j, "CommD", std::optional<cid::Cid>(), optional_cid_from_json);
  out.comm_r = read_or(j, "CommR", std::optional<cid::Cid>(), optional_cid_from_json);
  out.proof = read_or(j, "Proof", Bytes(), bytes_at);
  if (const json* deals = member(j, "Deals"); deals && !deals->is_null()) {
    for (const auto& d : json_fields::array(*deals, "SectorInfo.Deals"))
      out.deals.push_back(u64(d, "SectorInfo.Deals[]"));
  }
  if (const json* pieces = member(j, "Pieces"); pieces && !pieces->is_null()) {
    for (const auto& p : json_fields::array(*pieces, "SectorInfo.Pieces")) {
      const std::string where = "SectorInfo.Pieces[" + std::to_string(out.pieces.size()) + "]";
      const auto& piece = json_fields::field(p, where, "Piece");
      ApiSectorPiece sp;
      sp.size = u64(json_fields::field(piece, where + ".Piece", "Size"), where + ".Piece.Size");
      const auto c = optional_cid_from_json(json_fields::field(piece, where + ".Piece", "PieceCID"),
                                            where + ".Piece.PieceCID");
      if (!c) throw InvalidInput(where + ".Piece.PieceCID: expected a CID");
      sp.piece_cid = *c;
      if (const json* deal = member(p, "DealInfo"); deal && !deal->is_null()) {
        if (!deal->is_object()) throw InvalidInput(where + ".DealInfo: expected an object");
        sp.deal_info = *deal;
      }
      out.pieces.push_back(std::move(sp));
    }
  }
  out.ticket = read_or(j, "Ticket", ApiSealRandomness(), randomness_from_json);
  out.seed = read_or(j, "Seed", ApiSealRandomness(), randomness_from_json);
  out.pre_commit_msg =
      read_or(j, "PreCommitMsg", std::optional<cid::Cid>(), optional_cid_from_json);
  out.commit_msg = read_or(j, "CommitMsg", std::optional<cid::Cid>(), optional_cid_from_json);
  out.retries = read_or(j, "Retries", std::uint64_t{0}, u64);
  out.to_upgrade = read_or(j, "ToUpgrade", false, [](const json& v, const std::string& where) {
    if (!v.is_boolean()) throw InvalidInput(where + ": expected a boolean");
    return v.get<bool>();
  });
  out.replica_update_message =
      read_or(j, "ReplicaUpdateMessage", std::optional<cid::Cid>(), optional_cid_from_json);
  out.last_err = read_or(j, "LastErr", std::string(), json_fields::text);
  if (const json* log = member(j, "Log"); log && !log->is_null()) {
    for (const auto& l : json_fields::array(*log, "SectorInfo.Log")) {
      const std::string where = "SectorInfo.Log[" + std::to_string(out.log.size()) + "]";
      if (!l.is_object()) throw InvalidInput(where + ": expected an object");
      ApiSectorLog entry;
      entry.kind = read_or(l, "Kind", std::string(), json_fields::text);
      entry.timestamp = read_or(l, "Timestamp", std::uint64_t{0}, u64);
      entry.trace = read_or(l, "Trace", std::string(), json_fields::text);
      entry.message = read_or(l, "Message", std::string(), json_fields::text);
      out.log.push_back(std::move(entry));
    }
  }
  out.seal_proof = read_or(j, "SealProof", std::int64_t{0}, i64);
  out.activation = read_or(j, "Activation", std::int64_t{0}, i64);
  out.expiration = read_or(j, "Expiration", std::int64_t{0}, i64);
  out.deal_weight = read_or(j, "DealWeight", chain::BigInt(), big_at);
  out.verified_deal_weight = read_or(j, "VerifiedDealWeight", chain::BigInt(), big_at);
  out.initial_pledge = read_or(j, "InitialPledge", chain::BigInt(), big_at);
  out.on_time = read_or(j, "OnTime", std::int64_t{0}, i64);
  out.early = read_or(j, "Early", std::int64_t{0}, i64);
  return out;
}

OnChainSectorInfo on_chain_info_from(const chain::SectorOnChainInfo& info) {
  OnChainSectorInfo out;
  out.seal_proof = info.seal_proof;
  out.activation = info.activation;
  out.expiration = info.expiration;
  out.deal_weight = info.deal_weight;
  out.verified_deal_weight = info.verified_deal_weight;
  out.initial_pledge = info.initial_pledge;
  return out;
}

ApiSectorInfo to_api_sector_info(const datastore::SectorInfo& info,
                                 const std::optional<OnChainSectorInfo>& on_chain) {
  ApiSectorInfo out;
  out.sector_id = info.sector_number;
  out.state = info.state;
  out.comm_d = info.comm_d;
  out.comm_r = info.comm_r;
  out.proof = info.proof;
  for (const auto& piece : info.pieces) {
    ApiSectorPiece p;
    p.size = piece.size;
    p.piece_cid = piece.piece_cid;
    p.deal_info = piece_deal_info_json(piece.deal_info);
    out.deals.push_back(p.deal_info.is_null() ? 0 : p.deal_info["DealID"].get<std::uint64_t>());
    out.pieces.push_back(std::move(p));
  }
  out.ticket = {info.ticket_value, info.ticket_epoch};
  out.seed = {info.seed_value, info.seed_epoch};
  out.pre_commit_msg = info.pre_commit_message;
  out.commit_msg = info.commit_message;
  out.retries = info.invalid_proofs;
  out.to_upgrade = false;  // lotus v1.23.3 always reports false
  out.replica_update_message = info.replica_update_message;
  out.last_err = info.last_err;
  for (const auto& l : info.log) out.log.push_back({l.kind, l.timestamp, l.trace, l.message});
  out.seal_proof = info.sector_type;
  if (on_chain) {
    out.seal_proof = on_chain->seal_proof;
    out.activation = on_chain->activation;
    out.expiration = on_chain->expiration;
    out.deal_weight = on_chain->deal_weight;
    out.verified_deal_weight = on_chain->verified_deal_weight;
    out.initial_pledge = on_chain->initial_pledge;
    out.on_time = on_chain->on_time;
    out.early = on_chain->early;
  }
  return out;
}

nlohmann::json to_json(const pipeline::BatchResult& result) {
  return {{"Sectors", result.sectors},
          {"Msg", result.message ? chain::cid_to_json(*result.message) : nlohmann::json()},
          {"Error", result.error}};
}

pipeline::BatchResult batch_result_from_json(const nlohmann::json& json) {
  pipeline::BatchResult out;
  try {
    out.sectors = json.at("Sectors").is_null()
                      ? std::vector<std::uint64_t>{}
                      : json.at("Sectors").get<std::vector<std::uint64_t>>();
    if (!json.at("Msg").is_null()) out.message = chain::cid_from_json(json.at("Msg"));
    out.error = json.at("Error").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput(std::string("PreCommitBatchRes: ") + e.what());
  }
  return out;
}

nlohmann::json to_json(const CommitBatchResult& result) {
  auto out = to_json(result.batch);
  out["FailedSectors"] = nlohmann::json::object();
  return out;
}

CommitBatchResult commit_batch_result_from_json(const nlohmann::json& json) {
  return CommitBatchResult{batch_result_from_json(json)};
}

namespace {

datastore::SectorInfo require_sector(SectorsBackend& backend, std::uint64_t number) {
  auto info = backend.get(number);
  if (!info) throw NotFound("sector " + std::to_string(number) + " not found");
  return *std::move(info);
}

}  // namespace

void serve_sectors_api(jsonrpc::Registry& registry, SectorsBackend& backend) {
  api::serve(registry, kPledgeSector, [&backend] { return backend.pledge(); });
  api::serve(registry, kSectorsList, [&backend] {
    // lotus skips records whose state is not set yet (a sector being created).
    std::vector<std::uint64_t> out;
    for (const auto& entry : backend.list())
      if (entry.state != pipeline::kUndefinedSectorState) out.push_back(entry.number);
    std::sort(out.begin(), out.end());
    return out;
  });
  api::serve(registry, kSectorsSummary, [&backend] {
    std::map<std::string, std::uint64_t> out;
    for (const auto& entry : backend.list()) ++out[entry.state];
    return out;
  });
  api::serve(registry, kSectorsListInStates, [&backend](const std::vector<std::string>& states) {
    // Unknown state names are ignored, as lotus does; none known: nothing matches.
    std::set<std::string, std::less<>> wanted;
    for (const auto& s : states)
      if (pipeline::is_known_state(s)) wanted.insert(s);
    std::vector<std::uint64_t> out;
    if (wanted.empty()) return out;
    for (const auto& entry : backend.list())
      if (wanted.contains(entry.state)) out.push_back(entry.number);
    std::sort(out.begin(), out.end());
    return out;
  });
  api::serve(registry, kSectorsStatus, [&backend](std::uint64_t number, bool show_on_chain) {
    const auto info = require_sector(backend, number);
    std::optional<OnChainSectorInfo> on_chain;
    if (show_on_chain) on_chain = backend.on_chain(number);
    return to_api_sector_info(info, on_chain);
  });
  api::serve(registry, kSectorsUpdate, [&backend](std::uint64_t number, const std::string& state) {
    if (!pipeline::is_known_state(state)) {
      throw InvalidInput("\"" + state + "\" is not a valid sector state; sector " +
                         std::to_string(number) + " not changed");
    }
    require_sector(backend, number);
    backend.force_state(number, state);
  });
  api::serve(registry, kSectorRemove, [&backend](std::uint64_t number) {
    require_sector(backend, number);
    backend.remove(number);
  });
  api::serve(registry, kSectorPreCommitFlush, [&backend] { return backend.precommit_flush(); });
  api::serve(registry, kSectorPreCommitPending, [&backend] { return backend.precommit_pending(); });
  api::serve(registry, kSectorCommitFlush, [&backend] {
    std::vector<CommitBatchResult> out;
    for (auto& batch : backend.commit_flush()) out.push_back({std::move(batch)});
    return out;
  });
  api::serve(registry, kSectorCommitPending, [&backend] { return backend.commit_pending(); });
}

}  // namespace tessera::miner
