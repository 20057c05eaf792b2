// The storage paths this process owns (lotus paths.Local): opened from storage.json, each one's
// sectorstore.json attached to the sector index with this process's /remote URL, its sector
// files scanned and declared, its filesystem statistics reported every heartbeat. Thread-safe:
// opening a path (open_all, add) and detaching it exclude each other per path ID, and every
// change to storage.json is one read-modify-write under its own lock.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "storage/paths/local_storage_meta.hpp"
#include "storage/index/sector_index.hpp"

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

  // Called once: opens every path storage.json lists (an empty entry is skipped, as lotus
  // does), announcing them at remote_url ("http://host:port/remote" of this process's API),
  // which later added paths use too. NotFound or InvalidInput naming the path when its
  // sectorstore.json is missing or malformed; Conflict when two paths carry the same ID.
  void open_all(const std::string& remote_url);
  // StorageAddLocal: opens a path holding a sectorstore.json and adds it to storage.json.
  // Conflict when its ID is already open (or being opened or detached), or before open_all.
  void add(const std::filesystem::path& path);
  // StorageDetachLocal: forgets the path (storage.json, then the index); its files stay.
  // NotFound when it is not open; when the index cannot be told, the path is still forgotten
  // here and the index's error is thrown.
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
  // Reports every path's FsStat to the index every interval until stop_heartbeat().
  void start_heartbeat(std::chrono::milliseconds interval = kHeartbeatInterval);
  // Stops the heartbeat and waits for it; idempotent (the destructor calls it).
  void stop_heartbeat();

 private:
  struct Opened {
    std::filesystem::path path;
    LocalStorageMeta meta;
  };
  // Reserves the path's ID in busy_; Conflict when it is open or busy. Caller holds mu_.
  void claim(const Opened& opened);
  // Drops the reservation of an ID (takes mu_).
  void unclaim(const std::string& id);
  // Moves a claimed path from busy_ into paths_ (takes mu_).
  void publish(const Opened& opened);
  // Creates the path's type folders, attaches it to the index at url and declares its files.
  void attach_and_declare(const Opened& opened, const std::string& url);
  void declare_files(const Opened& opened, bool drop_missing);
  void heartbeat_loop(std::chrono::milliseconds interval);

  // Lock order: config_mu_, then mu_. config_mu_ is held across every read-modify-write of
  // storage.json (in detach, with the removal from paths_); mu_ is held only briefly. Neither
  // is held while calling into the index (another miner's, over the network): a path stays
  // claimed in busy_ meanwhile instead, so a second open of its ID fails rather than attaching
  // it twice, and an open cannot overtake a detach of the same ID at the index.
  IndexApi& index_;
  std::filesystem::path storage_config_;
  std::mutex config_mu_;
  mutable std::mutex mu_;
  std::string remote_url_;                             // guarded by mu_; set once by open_all
  std::map<std::string, Opened> paths_;                // by ID; guarded by mu_
  std::map<std::string, std::filesystem::path> busy_;  // IDs being opened or detached; mu_
  std::condition_variable stop_cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread heartbeat_;
};

}  // namespace tessera::paths
