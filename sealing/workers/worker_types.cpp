#include "sealing/workers/worker_types.hpp"

#include <charconv>
#include <limits>

#include "chain/types/chain_json.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::workers {
namespace {

using nlohmann::json;
namespace jf = json_fields;

const json& member(const json& j, const std::string& type, const char* name) {
  return jf::field(j, type, name);
}

std::string where(const std::string& type, const char* name) {
  return type + "." + name;
}

std::uint64_t u64_member(const json& j, const std::string& type, const char* name) {
  return jf::u64(member(j, type, name), where(type, name));
}

std::int64_t i64_member(const json& j, const std::string& type, const char* name) {
  return jf::i64(member(j, type, name), where(type, name));
}

std::string text_member(const json& j, const std::string& type, const char* name) {
  return jf::text(member(j, type, name), where(type, name));
}

bool bool_member(const json& j, const std::string& type, const char* name) {
  const json& v = member(j, type, name);
  if (!v.is_boolean()) throw InvalidInput(where(type, name) + ": expected a boolean");
  return v.get<bool>();
}

cid::Cid cid_member(const json& j, const std::string& type, const char* name) {
  const json& v = member(j, type, name);
  try {
    return chain::cid_from_json(v);
  } catch (const InvalidInput& e) {
    throw InvalidInput(where(type, name) + ": " + e.what());
  }
}

paths::SectorId sector_id_member(const json& j, const std::string& type, const char* name) {
  const json& v = member(j, type, name);
  const std::string w = where(type, name);
  return paths::SectorId{u64_member(v, w, "Miner"), u64_member(v, w, "Number")};
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::uint64_t parse_decimal(std::string_view text, const std::string& what) {
  std::uint64_t v = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end) {
    throw InvalidInput(what + ": \"" + std::string(text) + "\" is not a decimal number");
  }
  return v;
}

}  // namespace

std::string parse_uuid(std::string_view text, const std::string& where_) {
  if (text.size() != 36) {
    throw InvalidInput(where_ + ": \"" + std::string(text) + "\" is not a UUID");
  }
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? out[i] != '-' : !is_hex(out[i])) {
      throw InvalidInput(where_ + ": \"" + std::string(text) + "\" is not a UUID");
    }
    if (out[i] >= 'A' && out[i] <= 'F') out[i] = static_cast<char>(out[i] - 'A' + 'a');
  }
  return out;
}

std::string to_string(const CallId& call) {
  return std::to_string(call.sector.miner) + "-" + std::to_string(call.sector.number) + "-" +
         call.id;
}

std::string describe(const CallError& error) {
  return "storage call error " + std::to_string(error.code) + ": " + error.message;
}

json to_json(const SectorRef& ref) {
  return json{{"ID", paths::to_json(ref.id)}, {"ProofType", ref.proof_type}};
}

SectorRef sector_ref_from_json(const json& j) {
  return SectorRef{sector_id_member(j, "SectorRef", "ID"), i64_member(j, "SectorRef", "ProofType")};
}

json to_json(const CallId& call) {
  return json{{"Sector", paths::to_json(call.sector)}, {"ID", call.id}};
}

CallId call_id_from_json(const json& j) {
  CallId call;
  call.sector = sector_id_member(j, "CallID", "Sector");
  call.id = parse_uuid(text_member(j, "CallID", "ID"), "CallID.ID");
  return call;
}

json to_json(const CallError& error) {
  return json{{"Code", error.code}, {"Message", error.message}};
}

CallError call_error_from_json(const json& j) {
  return CallError{i64_member(j, "CallError", "Code"), text_member(j, "CallError", "Message")};
}

json to_json(const PieceInfo& piece) {
  return json{{"Size", piece.size}, {"PieceCID", chain::cid_to_json(piece.piece_cid)}};
}

PieceInfo piece_info_from_json(const json& j) {
  return PieceInfo{u64_member(j, "PieceInfo", "Size"), cid_member(j, "PieceInfo", "PieceCID")};
}

json to_json(const SectorCids& cids) {
  return json{{"Unsealed", chain::cid_to_json(cids.unsealed)},
              {"Sealed", chain::cid_to_json(cids.sealed)}};
}

SectorCids sector_cids_from_json(const json& j) {
  return SectorCids{cid_member(j, "SectorCids", "Unsealed"), cid_member(j, "SectorCids", "Sealed")};
}

json to_json(const Range& range) {
  return json{{"Offset", range.offset}, {"Size", range.size}};
}

Range range_from_json(const json& j) {
  return Range{u64_member(j, "Range", "Offset"), u64_member(j, "Range", "Size")};
}

json to_json(const StoragePath& path) {
  return json{{"ID", path.id},
              {"Weight", path.weight},
              {"LocalPath", path.local_path},
              {"CanSeal", path.can_seal},
              {"CanStore", path.can_store}};
}

StoragePath storage_path_from_json(const json& j) {
  const std::string t = "StoragePath";
  return StoragePath{text_member(j, t, "ID"), u64_member(j, t, "Weight"),
                     text_member(j, t, "LocalPath"), bool_member(j, t, "CanSeal"),
                     bool_member(j, t, "CanStore")};
}

json to_json(AcquireMode mode) {
  return mode == AcquireMode::kMove ? "move" : "copy";
}

AcquireMode acquire_mode_from_json(const json& j) {
  const std::string mode = jf::text(j, "AcquireMode");
  if (mode == "move") return AcquireMode::kMove;
  if (mode == "copy") return AcquireMode::kCopy;
  throw InvalidInput("AcquireMode: \"" + mode + "\" is neither \"move\" nor \"copy\"");
}

json to_json(const PieceData& data) {
  return json{{"Type", "null"}, {"Info", std::to_string(data.null_size)}};
}

PieceData piece_data_from_json(const json& j) {
  const std::string type = text_member(j, "ReaderStream", "Type");
  if (type == "push" || type == "http") {
    throw NotImplemented("AddPiece data of reader type \"" + type +
                         "\" is not supported: tessera's workers take only null readers "
                         "(pledge pieces)");
  }
  if (type != "null") {
    throw InvalidInput("ReaderStream.Type: unknown reader type \"" + type + "\"");
  }
  const std::uint64_t size =
      parse_decimal(text_member(j, "ReaderStream", "Info"), "ReaderStream.Info");
  // lotus reads Info with ParseInt(…, 64): sizes beyond int64 are refused there too.
  if (size > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw InvalidInput("ReaderStream.Info: size " + std::to_string(size) + " out of range");
  }
  return PieceData{size};
}

json to_json(const Returned<PieceInfo>& piece) {
  if (piece.value) return to_json(*piece.value);
  return json{{"Size", 0}, {"PieceCID", nullptr}};
}

Returned<PieceInfo> returned_piece_info_from_json(const json& j) {
  if (j.is_null() || (j.is_object() && j.contains("PieceCID") && j["PieceCID"].is_null())) {
    return {};
  }
  return {piece_info_from_json(j)};
}

json to_json(const Returned<SectorCids>& cids) {
  if (cids.value) return to_json(*cids.value);
  return json{{"Unsealed", nullptr}, {"Sealed", nullptr}};
}

Returned<SectorCids> returned_sector_cids_from_json(const json& j) {
  if (j.is_null() || (j.is_object() && j.contains("Unsealed") && j["Unsealed"].is_null() &&
                      j.contains("Sealed") && j["Sealed"].is_null())) {
    return {};
  }
  return {sector_cids_from_json(j)};
}

json to_json(const Returned<Bytes>& bytes) {
  if (bytes.value) return base64_encode(*bytes.value);
  return nullptr;
}

Returned<Bytes> returned_bytes_from_json(const json& j) {
  if (j.is_null()) return {};
  return {base64_decode(jf::text(j, "bytes"))};
}

json task_type_to_json(TaskType type) {
  return std::string(task_name(type));
}

TaskType task_type_from_json(const json& j) {
  const std::string name = jf::text(j, "task type");
  const auto type = task_type_from_name(name);
  if (!type) throw InvalidInput("task type: unknown task type \"" + name + "\"");
  return *type;
}

json task_set_to_json(const std::set<TaskType>& tasks) {
  json out = json::object();
  for (auto t : tasks) out[std::string(task_name(t))] = json::object();
  return out;
}

std::set<TaskType> task_set_from_json(const json& j) {
  std::set<TaskType> out;
  if (j.is_null()) return out;
  if (!j.is_object()) throw InvalidInput("task types: expected an object");
  for (const auto& [name, value] : j.items()) {
    out.insert(task_type_from_json(name));
  }
  return out;
}

}  // namespace tessera::workers
