// lotus's Storage* API (reference/lotus-compat.md §5.1, api/api_storage.go), all admin as in
// lotus, plus tessera's StorageIndexSubscribe: one declaration per method with the codecs of its
// types. The miner that holds the sector index serves them (miner/storage_api.cpp); RemoteIndex,
// workers and the CLI call them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/api/method.hpp"
#include "storage/index/sector_index.hpp"
#include "storage/paths/sector_file_types.hpp"

namespace tessera::paths {

// StorageReportHealth's report (lotus storiface.HealthReport): {"Stat": FsStat, "Err": text}.
struct HealthReport {
  FsStat stat;
  std::string error;  // empty when healthy
};

// Where StorageBestAlloc looks: "sealing" or "storage" (lotus storiface.PathType).
enum class PathType { kSealing, kStorage };

nlohmann::json to_json(const HealthReport& report);
HealthReport health_report_from_json(const nlohmann::json& json);
nlohmann::json to_json(PathType type);
// InvalidInput for anything but "sealing" or "storage".
PathType path_type_from_json(const nlohmann::json& json);
// StorageFindSector's element, read back (to_json is in sector_index.hpp).
SectorStorageInfo sector_storage_info_from_json(const nlohmann::json& json);

}  // namespace tessera::paths

TESSERA_API_CODEC(tessera::paths::SectorId, tessera::paths::to_json,
                  tessera::paths::sector_id_from_json);
TESSERA_API_CODEC(tessera::paths::FsStat, tessera::paths::to_json,
                  tessera::paths::fs_stat_from_json);
TESSERA_API_CODEC(tessera::paths::StorageInfo, tessera::paths::to_json,
                  tessera::paths::storage_info_from_json);
TESSERA_API_CODEC(tessera::paths::Declaration, tessera::paths::to_json,
                  tessera::paths::declaration_from_json);
TESSERA_API_CODEC(tessera::paths::SectorStorageInfo, tessera::paths::to_json,
                  tessera::paths::sector_storage_info_from_json);
TESSERA_API_CODEC(tessera::paths::HealthReport, tessera::paths::to_json,
                  tessera::paths::health_report_from_json);
TESSERA_API_CODEC(tessera::paths::PathType, tessera::paths::to_json,
                  tessera::paths::path_type_from_json);

namespace tessera::paths {

using api::Method;
using api::Perm;

// File types travel as lotus's SectorFileType bit mask.
using FileTypeMask = std::uint32_t;

inline constexpr Method<void(StorageInfo, FsStat)> kStorageAttach{"Filecoin.StorageAttach",
                                                                  Perm::kAdmin};
// StorageDetach(id, url).
inline constexpr Method<void(std::string, std::string)> kStorageDetach{"Filecoin.StorageDetach",
                                                                       Perm::kAdmin};
inline constexpr Method<StorageInfo(std::string)> kStorageInfo{"Filecoin.StorageInfo",
                                                               Perm::kAdmin};
inline constexpr Method<void(std::string, HealthReport)> kStorageReportHealth{
    "Filecoin.StorageReportHealth", Perm::kAdmin};
inline constexpr Method<FsStat(std::string)> kStorageStat{"Filecoin.StorageStat", Perm::kAdmin};
// StorageDeclareSector(id, sector, types, primary).
inline constexpr Method<void(std::string, SectorId, FileTypeMask, bool)> kStorageDeclareSector{
    "Filecoin.StorageDeclareSector", Perm::kAdmin};
// StorageDropSector(id, sector, types).
inline constexpr Method<void(std::string, SectorId, FileTypeMask)> kStorageDropSector{
    "Filecoin.StorageDropSector", Perm::kAdmin};
// StorageFindSector(sector, types, sector size, allow fetch).
inline constexpr Method<std::vector<SectorStorageInfo>(SectorId, FileTypeMask, std::uint64_t, bool)>
    kStorageFindSector{"Filecoin.StorageFindSector", Perm::kAdmin};
// StorageBestAlloc(types, sector size, path type).
inline constexpr Method<std::vector<StorageInfo>(FileTypeMask, std::uint64_t, PathType)>
    kStorageBestAlloc{"Filecoin.StorageBestAlloc", Perm::kAdmin};
// Every path's declarations by storage ID.
inline constexpr Method<std::map<std::string, std::vector<Declaration>>()> kStorageList{
    "Filecoin.StorageList", Perm::kAdmin};
// The paths this process opened: storage ID -> local path.
inline constexpr Method<std::map<std::string, std::string>()> kStorageLocal{"Filecoin.StorageLocal",
                                                                            Perm::kAdmin};
inline constexpr Method<void(std::string)> kStorageAddLocal{"Filecoin.StorageAddLocal",
                                                            Perm::kAdmin};
inline constexpr Method<void(std::string)> kStorageDetachLocal{"Filecoin.StorageDetachLocal",
                                                               Perm::kAdmin};
// StorageRedeclareLocal(storage ID or null for all, drop missing).
inline constexpr Method<void(std::optional<std::string>, bool)> kStorageRedeclareLocal{
    "Filecoin.StorageRedeclareLocal", Perm::kAdmin};
// StorageLock(sector, read types, write types): waits until the locks are free; they are held
// for as long as the request lasts (lotus: until its context ends).
inline constexpr Method<void(SectorId, FileTypeMask, FileTypeMask)> kStorageLock{
    "Filecoin.StorageLock", Perm::kAdmin};
// StorageTryLock: the same without waiting; whether they were free.
inline constexpr Method<bool(SectorId, FileTypeMask, FileTypeMask)> kStorageTryLock{
    "Filecoin.StorageTryLock", Perm::kAdmin};
// {"Locks": [{"Sector", "Write", "Read"}]} (lotus storiface.SectorLocks; see sector_locks.hpp).
inline constexpr Method<nlohmann::json()> kStorageGetLocks{"Filecoin.StorageGetLocks",
                                                           Perm::kAdmin};
// tessera: each change to the index as SectorIndex::on_change writes it, for mirrors
// (RemoteIndex) to replay with SectorIndex::apply_change.
inline constexpr Method<api::Channel<nlohmann::json>()> kStorageIndexSubscribe{
    "Filecoin.StorageIndexSubscribe", Perm::kAdmin};

}  // namespace tessera::paths
