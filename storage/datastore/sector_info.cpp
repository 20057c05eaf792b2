#include "storage/datastore/sector_info.hpp"

#include <functional>
#include <map>

#include "common/error.hpp"

namespace tessera::datastore {
namespace {

using cbor::Value;

void write_optional_cid(cbor::Writer& w, const std::optional<cid::Cid>& c) {
  if (c) {
    w.write_cid(*c);
  } else {
    w.write_null();
  }
}

void write_pieces(cbor::Writer& w, const std::vector<SectorPiece>& pieces) {
  w.write_array_header(pieces.size());
  for (const auto& piece : pieces) {
    w.write_map_header(2);  // canonical order: Piece, DealInfo
    w.write_text("Piece");
    w.write_array_header(2);
    w.write_uint(piece.size);
    w.write_cid(piece.piece_cid);
    w.write_text("DealInfo");
    cbor::encode(w, piece.deal_info);
  }
}

std::optional<cid::Cid> read_optional_cid(const Value& v) {
  if (v.is_null()) return std::nullopt;
  return v.as_cid();
}

Bytes read_bytes(const Value& v) {
  return v.is_null() ? Bytes{} : v.as_bytes();
}

std::vector<SectorPiece> read_pieces(const Value& v) {
  std::vector<SectorPiece> out;
  if (v.is_null()) return out;
  for (const auto& item : v.as_array()) {
    SectorPiece piece;
    const Value* p = item.find("Piece");
    if (!p) throw InvalidInput("piece without a Piece field");
    const auto& tuple = p->as_array();
    if (tuple.size() != 2) throw InvalidInput("PieceInfo must have 2 fields");
    piece.size = tuple[0].as_uint();
    piece.piece_cid = tuple[1].as_cid();
    if (const Value* deal = item.find("DealInfo")) piece.deal_info = *deal;
    out.push_back(std::move(piece));
  }
  return out;
}

std::vector<SectorLogEntry> read_log(const Value& v) {
  std::vector<SectorLogEntry> out;
  if (v.is_null()) return out;
  for (const auto& item : v.as_array()) {
    SectorLogEntry entry;
    for (const auto& [key, value] : item.as_map()) {
      const auto& name = key.as_text();
      if (name == "Kind")
        entry.kind = value.as_text();
      else if (name == "Timestamp")
        entry.timestamp = value.as_uint();
      else if (name == "Trace")
        entry.trace = value.as_text();
      else if (name == "Message")
        entry.message = value.as_text();
    }
    out.push_back(std::move(entry));
  }
  return out;
}

// Field name -> writer of its value, for every v1.23 key.
std::map<std::string, std::function<void(cbor::Writer&)>> field_writers(const SectorInfo& s) {
  using W = cbor::Writer;
  return {
      {"State", [&](W& w) { w.write_text(s.state); }},
      {"SectorNumber", [&](W& w) { w.write_uint(s.sector_number); }},
      {"SectorType", [&](W& w) { w.write_int(s.sector_type); }},
      {"CreationTime", [&](W& w) { w.write_int(s.creation_time); }},
      {"Pieces", [&](W& w) { write_pieces(w, s.pieces); }},
      {"TicketValue", [&](W& w) { w.write_bytes(s.ticket_value); }},
      {"TicketEpoch", [&](W& w) { w.write_int(s.ticket_epoch); }},
      {"PreCommit1Out", [&](W& w) { w.write_bytes(s.pre_commit1_out); }},
      {"CommD", [&](W& w) { write_optional_cid(w, s.comm_d); }},
      {"CommR", [&](W& w) { write_optional_cid(w, s.comm_r); }},
      {"Proof", [&](W& w) { w.write_bytes(s.proof); }},
      {"PreCommitDeposit", [&](W& w) { w.write_bytes(s.pre_commit_deposit); }},
      {"PreCommitMessage", [&](W& w) { write_optional_cid(w, s.pre_commit_message); }},
      {"PreCommitTipSet", [&](W& w) { w.write_bytes(s.pre_commit_tipset); }},
      {"PreCommit2Fails", [&](W& w) { w.write_uint(s.pre_commit2_fails); }},
      {"SeedValue", [&](W& w) { w.write_bytes(s.seed_value); }},
      {"SeedEpoch", [&](W& w) { w.write_int(s.seed_epoch); }},
      {"CommitMessage", [&](W& w) { write_optional_cid(w, s.commit_message); }},
      {"InvalidProofs", [&](W& w) { w.write_uint(s.invalid_proofs); }},
      {"CCUpdate", [&](W& w) { w.write_bool(s.cc_update); }},
      {"CCPieces", [&](W& w) { write_pieces(w, s.cc_pieces); }},
      {"UpdateSealed", [&](W& w) { write_optional_cid(w, s.update_sealed); }},
      {"UpdateUnsealed", [&](W& w) { write_optional_cid(w, s.update_unsealed); }},
      {"ReplicaUpdateProof", [&](W& w) { w.write_bytes(s.replica_update_proof); }},
      {"ReplicaUpdateMessage", [&](W& w) { write_optional_cid(w, s.replica_update_message); }},
      {"FaultReportMsg", [&](W& w) { write_optional_cid(w, s.fault_report_msg); }},
      {"Return", [&](W& w) { w.write_text(s.return_state); }},
      {"TerminateMessage", [&](W& w) { write_optional_cid(w, s.terminate_message); }},
      {"TerminatedAt", [&](W& w) { w.write_int(s.terminated_at); }},
      {"RemoteDataUnsealed", [&](W& w) { cbor::encode(w, s.remote_data_unsealed); }},
      {"RemoteDataSealed", [&](W& w) { cbor::encode(w, s.remote_data_sealed); }},
      {"RemoteDataCache", [&](W& w) { cbor::encode(w, s.remote_data_cache); }},
      {"RemoteCommit1Endpoint", [&](W& w) { w.write_text(s.remote_commit1_endpoint); }},
      {"RemoteCommit2Endpoint", [&](W& w) { w.write_text(s.remote_commit2_endpoint); }},
      {"RemoteSealingDoneEndpoint", [&](W& w) { w.write_text(s.remote_sealing_done_endpoint); }},
      {"RemoteDataFinalized", [&](W& w) { w.write_bool(s.remote_data_finalized); }},
      {"LastErr", [&](W& w) { w.write_text(s.last_err); }},
      {"Log",
       [&](W& w) {
         w.write_array_header(s.log.size());
         for (const auto& e : s.log) {
           w.write_map_header(4);  // canonical order: Kind, Trace, Message, Timestamp
           w.write_text("Kind");
           w.write_text(e.kind);
           w.write_text("Trace");
           w.write_text(e.trace);
           w.write_text("Message");
           w.write_text(e.message);
           w.write_text("Timestamp");
           w.write_uint(e.timestamp);
         }
       }},
  };
}

// Assigns a decoded value to the field named key; unknown keys are ignored.
void read_field(SectorInfo& s, const std::string& key, const Value& v) {
  static const std::map<std::string, std::function<void(SectorInfo&, const Value&)>> readers = {
      {"State", [](SectorInfo& s, const Value& v) { s.state = v.as_text(); }},
      {"SectorNumber", [](SectorInfo& s, const Value& v) { s.sector_number = v.as_uint(); }},
      {"SectorType", [](SectorInfo& s, const Value& v) { s.sector_type = v.as_int(); }},
      {"CreationTime", [](SectorInfo& s, const Value& v) { s.creation_time = v.as_int(); }},
      {"Pieces", [](SectorInfo& s, const Value& v) { s.pieces = read_pieces(v); }},
      {"TicketValue", [](SectorInfo& s, const Value& v) { s.ticket_value = read_bytes(v); }},
      {"TicketEpoch", [](SectorInfo& s, const Value& v) { s.ticket_epoch = v.as_int(); }},
      {"PreCommit1Out", [](SectorInfo& s, const Value& v) { s.pre_commit1_out = read_bytes(v); }},
      {"CommD", [](SectorInfo& s, const Value& v) { s.comm_d = read_optional_cid(v); }},
      {"CommR", [](SectorInfo& s, const Value& v) { s.comm_r = read_optional_cid(v); }},
      {"Proof", [](SectorInfo& s, const Value& v) { s.proof = read_bytes(v); }},
      {"PreCommitDeposit",
       [](SectorInfo& s, const Value& v) { s.pre_commit_deposit = read_bytes(v); }},
      {"PreCommitMessage",
       [](SectorInfo& s, const Value& v) { s.pre_commit_message = read_optional_cid(v); }},
      {"PreCommitTipSet",
       [](SectorInfo& s, const Value& v) { s.pre_commit_tipset = read_bytes(v); }},
      {"PreCommit2Fails", [](SectorInfo& s, const Value& v) { s.pre_commit2_fails = v.as_uint(); }},
      {"SeedValue", [](SectorInfo& s, const Value& v) { s.seed_value = read_bytes(v); }},
      {"SeedEpoch", [](SectorInfo& s, const Value& v) { s.seed_epoch = v.as_int(); }},
      {"CommitMessage",
       [](SectorInfo& s, const Value& v) { s.commit_message = read_optional_cid(v); }},
      {"InvalidProofs", [](SectorInfo& s, const Value& v) { s.invalid_proofs = v.as_uint(); }},
      {"CCUpdate", [](SectorInfo& s, const Value& v) { s.cc_update = v.as_bool(); }},
      {"CCPieces", [](SectorInfo& s, const Value& v) { s.cc_pieces = read_pieces(v); }},
      {"UpdateSealed",
       [](SectorInfo& s, const Value& v) { s.update_sealed = read_optional_cid(v); }},
      {"UpdateUnsealed",
       [](SectorInfo& s, const Value& v) { s.update_unsealed = read_optional_cid(v); }},
      {"ReplicaUpdateProof",
       [](SectorInfo& s, const Value& v) { s.replica_update_proof = read_bytes(v); }},
      {"ReplicaUpdateMessage",
       [](SectorInfo& s, const Value& v) { s.replica_update_message = read_optional_cid(v); }},
      {"FaultReportMsg",
       [](SectorInfo& s, const Value& v) { s.fault_report_msg = read_optional_cid(v); }},
      {"Return", [](SectorInfo& s, const Value& v) { s.return_state = v.as_text(); }},
      {"TerminateMessage",
       [](SectorInfo& s, const Value& v) { s.terminate_message = read_optional_cid(v); }},
      {"TerminatedAt", [](SectorInfo& s, const Value& v) { s.terminated_at = v.as_int(); }},
      {"RemoteDataUnsealed", [](SectorInfo& s, const Value& v) { s.remote_data_unsealed = v; }},
      {"RemoteDataSealed", [](SectorInfo& s, const Value& v) { s.remote_data_sealed = v; }},
      {"RemoteDataCache", [](SectorInfo& s, const Value& v) { s.remote_data_cache = v; }},
      {"RemoteCommit1Endpoint",
       [](SectorInfo& s, const Value& v) { s.remote_commit1_endpoint = v.as_text(); }},
      {"RemoteCommit2Endpoint",
       [](SectorInfo& s, const Value& v) { s.remote_commit2_endpoint = v.as_text(); }},
      {"RemoteSealingDoneEndpoint",
       [](SectorInfo& s, const Value& v) { s.remote_sealing_done_endpoint = v.as_text(); }},
      {"RemoteDataFinalized",
       [](SectorInfo& s, const Value& v) { s.remote_data_finalized = v.as_bool(); }},
      {"LastErr", [](SectorInfo& s, const Value& v) { s.last_err = v.as_text(); }},
      {"Log", [](SectorInfo& s, const Value& v) { s.log = read_log(v); }},
  };
  auto it = readers.find(key);
  if (it == readers.end()) return;
  try {
    it->second(s, v);
  } catch (const InvalidInput& e) {
    throw InvalidInput("SectorInfo field " + key + ": " + e.what());
  }
}

}  // namespace

Bytes encode_sector_info(const SectorInfo& info) {
  auto writers = field_writers(info);
  std::vector<std::string> keys;
  for (const auto& [key, _] : writers) keys.push_back(key);
  cbor::Writer w;
  w.write_map_header(keys.size());
  for (const auto& key : cbor::canonical_key_order(keys)) {
    w.write_text(key);
    writers.at(key)(w);
  }
  return w.take();
}

SectorInfo decode_sector_info(const Bytes& bytes) {
  auto value = cbor::decode(bytes);
  if (value.kind() != Value::Kind::kMap) throw InvalidInput("SectorInfo record is not a CBOR map");
  SectorInfo info;
  for (const auto& [key, v] : value.as_map()) {
    if (key.kind() != Value::Kind::kText)
      throw InvalidInput("SectorInfo record has a non-text key");
    read_field(info, key.as_text(), v);
  }
  return info;
}

}  // namespace tessera::datastore
