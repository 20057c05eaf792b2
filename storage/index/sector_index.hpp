// The sector index a cluster shares (lotus paths.SectorIndex, reference/lotus-compat.md §5.1):
// which storage paths exist, how full and healthy they are, and which path holds which sector
// file. Unlike lotus's in-memory index it is kept in the metadata datastore, so a restart of the
// miner holding it keeps what was attached and declared. Thread-safe: a change reaches memory
// (and its listeners) only after its synced datastore write succeeded, and readers never wait
// for a disk sync.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "storage/datastore/metadata_store.hpp"
#include "storage/paths/sector_file_types.hpp"

namespace tessera::paths {

// StorageAttach / StorageInfo's StorageInfo (lotus storiface.StorageInfo).
struct StorageInfo {
  std::string id;
  std::vector<std::string> urls;  // where its /remote is served
  std::uint64_t weight = 0;
  std::uint64_t max_storage = 0;
  bool can_seal = false;
  bool can_store = false;
  std::vector<std::string> groups;
  std::vector<std::string> allow_to;
  std::vector<std::string> allow_types;
  std::vector<std::string> deny_types;
  bool operator==(const StorageInfo&) const = default;
};

nlohmann::json to_json(const StorageInfo& info);
StorageInfo storage_info_from_json(const nlohmann::json& json);

struct Declaration {
  SectorId sector;
  FileType type = FileType::kSealed;
  bool primary = false;
};

// StorageList's element (lotus storiface.Decl: the sector ID's fields and one SectorFileType),
// both ways; a parsed one has primary = false (StorageList does not say). InvalidInput when
// malformed.
nlohmann::json to_json(const Declaration& declaration);
Declaration declaration_from_json(const nlohmann::json& json);

// StorageFindSector's result element (lotus storiface.SectorStorageInfo).
struct SectorStorageInfo {
  std::string id;
  std::vector<std::string> urls;       // base URL + "/<type>/<sector name>"
  std::vector<std::string> base_urls;  // the path's URLs
  std::uint64_t weight = 0;
  bool can_seal = false;
  bool can_store = false;
  bool primary = false;
  std::vector<std::string> allow_types;
  std::vector<std::string> deny_types;
};

nlohmann::json to_json(const SectorStorageInfo& info);

// Heartbeats older than this make a path unusable for finding and allocating (lotus
// SkippedHeartbeatThresh).
inline constexpr std::chrono::seconds kSkippedHeartbeatThreshold{50};

// What the Storage* API and local paths need from an index: the one this process holds
// (SectorIndex) or another miner's reached over the network (storage/index/remote_index.hpp).
class IndexApi {
 public:
  virtual ~IndexApi() = default;
  virtual void attach(const StorageInfo& info, const FsStat& stat) = 0;
  virtual void detach(const std::string& id, const std::string& url) = 0;
  virtual StorageInfo info(const std::string& id) const = 0;
  virtual void report_health(const std::string& id, const FsStat& stat,
                             const std::string& error) = 0;
  virtual FsStat stat(const std::string& id) const = 0;
  virtual void declare(const std::string& id, const SectorId& sector, std::uint32_t types,
                       bool primary) = 0;
  virtual void drop(const std::string& id, const SectorId& sector, std::uint32_t types) = 0;
  virtual std::vector<SectorStorageInfo> find(const SectorId& sector, std::uint32_t types,
                                              std::uint64_t sector_size,
                                              bool allow_fetch) const = 0;
  virtual std::vector<StorageInfo> best_alloc(std::uint32_t types, std::uint64_t sector_size,
                                              bool sealing) const = 0;
  virtual std::map<std::string, std::vector<Declaration>> list() const = 0;
};

class SectorIndex : public IndexApi {
 public:
  using Clock = std::chrono::steady_clock;

  // Loads what the datastore holds: paths (without their URLs, which their owners announce again
  // when they attach) and declarations; heartbeats start fresh (every path counts as just seen).
  // With no store the index lives in memory only (a mirror of another miner's).
  explicit SectorIndex(datastore::MetadataStore* store);

  // StorageAttach: adds the path, or updates it and merges its URLs when already known.
  void attach(const StorageInfo& info, const FsStat& stat) override;
  // StorageDetach: removes url from the path; the path and its declarations go with its last URL.
  void detach(const std::string& id, const std::string& url) override;
  // StorageInfo; NotFound for an unknown ID.
  StorageInfo info(const std::string& id) const override;
  // StorageReportHealth: records the stat and an error text ("" = healthy) now.
  void report_health(const std::string& id, const FsStat& stat, const std::string& error) override;
  // StorageStat; NotFound for an unknown ID.
  FsStat stat(const std::string& id) const override;
  // StorageDeclareSector / StorageDropSector: each type in `types` (a bit mask) for the sector.
  void declare(const std::string& id, const SectorId& sector, std::uint32_t types,
               bool primary) override;
  void drop(const std::string& id, const SectorId& sector, std::uint32_t types) override;
  // StorageFindSector: the paths holding any of `types` of the sector, healthy ones only; with
  // allow_fetch also the healthy paths that could take it (can_seal or can_store and the
  // type not denied), with primary=false.
  std::vector<SectorStorageInfo> find(const SectorId& sector, std::uint32_t types,
                                      std::uint64_t sector_size, bool allow_fetch) const override;
  // StorageBestAlloc: healthy paths that may hold `types` for sealing (can_seal) or storage
  // (can_store) with room for them, most available × weight first.
  std::vector<StorageInfo> best_alloc(std::uint32_t types, std::uint64_t sector_size,
                                      bool sealing) const override;
  // StorageList: every path's declarations.
  std::map<std::string, std::vector<Declaration>> list() const override;
  // Called after every change (attach, detach, health report, declare, drop) with the change
  // itself as JSON, which apply_change replays on another index: what StorageIndexSubscribe
  // pushes. Listeners run one at a time in the order of the changes, holding the writer lock:
  // they may read the index but must not change it.
  void on_change(std::function<void(const nlohmann::json&)> listener);
  // Replays a change another index announced (a mirror kept current by the push channel).
  // Changes to paths this index does not have are skipped; InvalidInput when malformed.
  void apply_change(const nlohmann::json& change);

 private:
  struct Path {
    StorageInfo info;
    FsStat stat;
    std::string error;
    Clock::time_point heartbeat;
    std::map<std::pair<SectorId, FileType>, bool> sectors;  // -> primary
  };
  bool healthy(const Path& path) const;
  // Whether the index has the path; takes mu_.
  bool has_path(const std::string& id) const;
  void persist_path(const StorageInfo& info, const FsStat& stat);
  void notify(const nlohmann::json& change);

  // Lock order: write_mu_, then mu_. A change holds write_mu_ from its first look at the state
  // through the durable write, the memory update (under mu_, briefly) and its listeners, so
  // writes, memory updates and notifications happen in one order and nothing changes between
  // the look and the update. Readers take only mu_, which is never held across disk I/O.
  datastore::MetadataStore* store_;  // nullptr: in memory only
  std::mutex write_mu_;
  mutable std::mutex mu_;
  std::map<std::string, Path> paths_;                                  // guarded by mu_
  std::vector<std::function<void(const nlohmann::json&)>> listeners_;  // guarded by write_mu_
};

}  // namespace tessera::paths
