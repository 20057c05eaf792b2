// The values lotus's worker protocol passes around (storage/sealer/storiface/{worker,storage,
// index}.go, lib/rpcenc/reader.go, go-state-types abi.PieceInfo; lotus v1.23.3), with lotus's
// exact JSON field names and their API codecs. Decoding is strict: a missing or mistyped field
// is InvalidInput naming it ("SectorRef.ProofType: expected an integer").
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/api/codec.hpp"
#include "common/cid/cid.hpp"
#include "common/encoding.hpp"
#include "sealing/workers/task_type.hpp"
#include "storage/paths/sector_file_types.hpp"

namespace tessera::workers {

// lotus storiface.SectorRef: {"ID": {"Miner", "Number"}, "ProofType": RegisteredSealProof}.
struct SectorRef {
  paths::SectorId id;
  std::int64_t proof_type = 0;
  bool operator==(const SectorRef&) const = default;
};

// The all-zero UUID (lotus uuid.UUID{}; CallID of jobs not yet started, a closed session).
inline constexpr std::string_view kNilUuid = "00000000-0000-0000-0000-000000000000";
// text as a UUID in canonical lower-case form (8-4-4-4-12 hex digits, either case accepted);
// InvalidInput naming where otherwise.
std::string parse_uuid(std::string_view text, const std::string& where);

// lotus storiface.CallID: the handle of one asynchronous worker call.
// JSON {"Sector": {"Miner", "Number"}, "ID": "<uuid>"}.
struct CallId {
  paths::SectorId sector;
  std::string id{kNilUuid};  // canonical lower-case UUID
  auto operator<=>(const CallId&) const = default;
};
// "<miner>-<number>-<uuid>" (lotus CallID.String, the worker call tracker's key).
std::string to_string(const CallId& call);

// lotus storiface.ErrorCode values.
inline constexpr std::int64_t kErrUnknown = 0;
inline constexpr std::int64_t kErrTempUnknown = 100;
inline constexpr std::int64_t kErrTempWorkerRestart = 101;
inline constexpr std::int64_t kErrTempAllocateSpace = 102;

// lotus storiface.CallError {"Code", "Message"}: why a worker call failed. Return* calls carry
// it as std::optional (JSON null on success).
struct CallError {
  std::int64_t code = kErrUnknown;
  std::string message;
  bool operator==(const CallError&) const = default;
};
// "storage call error <code>: <message>" (lotus CallError.Error()).
std::string describe(const CallError& error);

// abi.PieceInfo {"Size": padded size, "PieceCID": {"/": cid}}.
struct PieceInfo {
  std::uint64_t size = 0;
  cid::Cid piece_cid;
  bool operator==(const PieceInfo&) const = default;
};

// storiface.SectorCids {"Unsealed": CommD cid, "Sealed": CommR cid}.
struct SectorCids {
  cid::Cid unsealed;
  cid::Cid sealed;
  bool operator==(const SectorCids&) const = default;
};

// storiface.Range {"Offset", "Size"}: unpadded bytes of the unsealed file to keep.
struct Range {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  bool operator==(const Range&) const = default;
};

// storiface.StoragePath, an element of the worker's Paths():
// {"ID", "Weight", "LocalPath", "CanSeal", "CanStore"}.
struct StoragePath {
  std::string id;
  std::uint64_t weight = 0;
  std::string local_path;
  bool can_seal = false;
  bool can_store = false;
  bool operator==(const StoragePath&) const = default;
};

// Fetch's mode (storiface.AcquireMode): "move" or "copy".
enum class AcquireMode { kMove, kCopy };

// AddPiece's data parameter as lotus's rpcenc encodes an io.Reader. Only the null reader (a
// pledge piece of zeros) is supported: {"Type": "null", "Info": "<unpadded size in decimal>"}.
// Decoding a "push" or "http" reader is NotImplemented; other types are InvalidInput.
struct PieceData {
  std::uint64_t null_size = 0;  // unpadded bytes of zeros
  bool operator==(const PieceData&) const = default;
};

// A Return* call's result value. On failure lotus sends Go's zero value in its place
// ({"Size":0,"PieceCID":null}, {"Unsealed":null,"Sealed":null} or null bytes), read as nullopt;
// nullopt is written back the same way.
template <class T>
struct Returned {
  std::optional<T> value;
  bool operator==(const Returned&) const = default;
};

nlohmann::json to_json(const SectorRef& ref);
SectorRef sector_ref_from_json(const nlohmann::json& json);
nlohmann::json to_json(const CallId& call);
CallId call_id_from_json(const nlohmann::json& json);
nlohmann::json to_json(const CallError& error);
CallError call_error_from_json(const nlohmann::json& json);
nlohmann::json to_json(const PieceInfo& piece);
PieceInfo piece_info_from_json(const nlohmann::json& json);
nlohmann::json to_json(const SectorCids& cids);
SectorCids sector_cids_from_json(const nlohmann::json& json);
nlohmann::json to_json(const Range& range);
Range range_from_json(const nlohmann::json& json);
nlohmann::json to_json(const StoragePath& path);
StoragePath storage_path_from_json(const nlohmann::json& json);
nlohmann::json to_json(AcquireMode mode);
// InvalidInput for anything but "move" or "copy".
AcquireMode acquire_mode_from_json(const nlohmann::json& json);
nlohmann::json to_json(const PieceData& data);
PieceData piece_data_from_json(const nlohmann::json& json);
nlohmann::json to_json(const Returned<PieceInfo>& piece);
Returned<PieceInfo> returned_piece_info_from_json(const nlohmann::json& json);
nlohmann::json to_json(const Returned<SectorCids>& cids);
Returned<SectorCids> returned_sector_cids_from_json(const nlohmann::json& json);
nlohmann::json to_json(const Returned<Bytes>& bytes);
Returned<Bytes> returned_bytes_from_json(const nlohmann::json& json);

// A task type travels as its wire name; unknown names are InvalidInput.
nlohmann::json task_type_to_json(TaskType type);
TaskType task_type_from_json(const nlohmann::json& json);
// The worker's TaskTypes() result: {"seal/v0/addpiece": {}, ...} (lotus map[TaskType]struct{}).
nlohmann::json task_set_to_json(const std::set<TaskType>& tasks);
std::set<TaskType> task_set_from_json(const nlohmann::json& json);

}  // namespace tessera::workers

TESSERA_API_CODEC(tessera::workers::SectorRef, tessera::workers::to_json,
                  tessera::workers::sector_ref_from_json);
TESSERA_API_CODEC(tessera::workers::CallId, tessera::workers::to_json,
                  tessera::workers::call_id_from_json);
TESSERA_API_CODEC(tessera::workers::CallError, tessera::workers::to_json,
                  tessera::workers::call_error_from_json);
TESSERA_API_CODEC(tessera::workers::PieceInfo, tessera::workers::to_json,
                  tessera::workers::piece_info_from_json);
TESSERA_API_CODEC(tessera::workers::SectorCids, tessera::workers::to_json,
                  tessera::workers::sector_cids_from_json);
TESSERA_API_CODEC(tessera::workers::Range, tessera::workers::to_json,
                  tessera::workers::range_from_json);
TESSERA_API_CODEC(tessera::workers::StoragePath, tessera::workers::to_json,
                  tessera::workers::storage_path_from_json);
TESSERA_API_CODEC(tessera::workers::AcquireMode, tessera::workers::to_json,
                  tessera::workers::acquire_mode_from_json);
TESSERA_API_CODEC(tessera::workers::PieceData, tessera::workers::to_json,
                  tessera::workers::piece_data_from_json);
TESSERA_API_CODEC(tessera::workers::Returned<tessera::workers::PieceInfo>,
                  tessera::workers::to_json, tessera::workers::returned_piece_info_from_json);
TESSERA_API_CODEC(tessera::workers::Returned<tessera::workers::SectorCids>,
                  tessera::workers::to_json, tessera::workers::returned_sector_cids_from_json);
TESSERA_API_CODEC(tessera::workers::Returned<tessera::Bytes>, tessera::workers::to_json,
                  tessera::workers::returned_bytes_from_json);
TESSERA_API_CODEC(tessera::workers::TaskType, tessera::workers::task_type_to_json,
                  tessera::workers::task_type_from_json);
TESSERA_API_CODEC(std::set<tessera::workers::TaskType>, tessera::workers::task_set_to_json,
                  tessera::workers::task_set_from_json);
