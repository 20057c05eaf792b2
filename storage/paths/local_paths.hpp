// The storage paths this process owns (lotus paths.Local): opened from storage.json, each one's
// sectorstore.json attached to the sector index with this process's /remote URL, its sector
// files scanned and declared, its filesystem statistics reported every heartbeat. Thread-safe.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "storage/paths/local_storage_meta.hpp"
#include "storage/paths/sector_index.hpp"

namespace tessera::paths {

// lotus HeartbeatInterval.
inline constexpr std::chrono::seconds kHeartbeatInterval{10};

// FsStat of a directory: statvfs capacity and free space; with max_storage set, the bytes its
// sector files use and what is left under the limit.
FsStat fs_stat(const std::filesystem::path& path, std::uint64_t max_storage);

class LocalPaths {
 public:
  LocalPaths(IndexApi& index, std::filesystem::path storage_config);
  ~LocalPaths();
  LocalPaths(const LocalPaths&) = delete;
  LocalPaths& operator=(const LocalPaths&) = delete;

  // Opens every path storage.json lists (an empty entry is skipped, as lotus does), announcing
  // them at remote_url ("http://host:port/remote" of this process's API), which later added
  // paths use too. NotFound or InvalidInput naming the path when its sectorstore.json is
  // missing or malformed; Conflict when two paths carry the same ID.
  void open_all(const std::string& remote_url);
  // StorageAddLocal: opens a path holding a sectorstore.json and adds it to storage.json.
  void add(const std::filesystem::path& path);
  // StorageDetachLocal: forgets the path (storage.json, index); its files stay.
  void detach(const std::filesystem::path& path);
  // StorageRedeclareLocal: declares again what the paths hold (one ID, or every path);
  // with drop_missing, declarations of files that are gone are dropped.
  void redeclare(const std::optional<std::string>& id, bool drop_missing);
  // Attaches and declares every open path again (after the index's holder restarted).
  void announce_all();
  // StorageLocal: ID -> local path.
  std::map<std::string, std::string> local() const;
  // The local file or directory of a sector file, or nullopt.
  std::optional<std::filesystem::path> find_file(FileType type, const SectorId& sector) const;
  // Removes a sector file type from every local path holding it but those whose IDs are in
  // keep: the declaration, then the file or directory (lotus Local.Remove). False when none
  // held it.
  bool remove(FileType type, const SectorId& sector, const std::vector<std::string>& keep);
  // FsStat of a local path; nullopt for an ID that is not local.
  std::optional<FsStat> stat(const std::string& id) const;
  // Reports every path's FsStat to the index every interval until destruction.
  void start_heartbeat(std::chrono::milliseconds interval = kHeartbeatInterval);

 private:
  struct Opened {
    std::filesystem::path path;
    LocalStorageMeta meta;
  };
  void open(const std::filesystem::path& path);
  void declare_files(const Opened& opened, bool drop_missing);
  void heartbeat_loop(std::chrono::milliseconds interval);

  IndexApi& index_;
  std::filesystem::path storage_config_;
  std::string remote_url_;
  mutable std::mutex mu_;
  std::map<std::string, Opened> paths_;  // by ID
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread heartbeat_;
};

}  // namespace tessera::paths
