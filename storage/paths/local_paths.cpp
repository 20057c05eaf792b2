#include "storage/paths/local_paths.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "common/error.hpp"
#include "common/log.hpp"
#include "storage/paths/storage_config.hpp"

namespace tessera::paths {
namespace {

auto paths_log() {
  return log::get("stores");
}

std::uint64_t bytes_under(const std::filesystem::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

StorageInfo info_of(const LocalStorageMeta& meta, const std::string& url) {
  return StorageInfo{meta.id,        {url},       meta.weight,   meta.max_storage, meta.can_seal,
                     meta.can_store, meta.groups, meta.allow_to, meta.allow_types, meta.deny_types};
}

}  // namespace

FsStat fs_stat(const std::filesystem::path& path, std::uint64_t max_storage) {
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0)
    throw IoError("statfs " + path.string() + ": " + std::strerror(errno));
  FsStat s;
  s.capacity = static_cast<std::int64_t>(st.f_blocks * st.f_frsize);
  s.fs_available = static_cast<std::int64_t>(st.f_bavail * st.f_frsize);
  s.available = s.fs_available;
  if (max_storage > 0) {
    std::uint64_t used = 0;
    for (FileType t : all_file_types()) used += bytes_under(path / std::string(file_type_name(t)));
    s.max = static_cast<std::int64_t>(max_storage);
    s.used = static_cast<std::int64_t>(used);
    s.available = std::max<std::int64_t>(0, std::min(s.fs_available, s.max - s.used));
  }
  return s;
}

LocalPaths::LocalPaths(IndexApi& index, std::filesystem::path storage_config)
    : index_(index), storage_config_(std::move(storage_config)) {}

LocalPaths::~LocalPaths() {
  stop_heartbeat();
}

void LocalPaths::stop_heartbeat() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
}

void LocalPaths::open_all(const std::string& remote_url) {
  std::vector<Opened> listed;
  for (const auto& path : read_storage_config(storage_config_).storage_paths) {
    if (path.empty()) continue;
    const std::filesystem::path dir(path);
    listed.push_back(Opened{dir, read_local_storage_meta(dir / std::string(kMetaFileName))});
  }
  std::size_t claimed = 0;
  std::size_t published = 0;
  try {
    {
      // add() may run once the URL is set; every listed path is claimed by then.
      std::lock_guard lock(mu_);
      for (; claimed < listed.size(); ++claimed) claim(listed[claimed]);
      remote_url_ = remote_url;
    }
    for (; published < listed.size(); ++published) {
      attach_and_declare(listed[published], remote_url);
      publish(listed[published]);
      TLOG_INFO(paths_log(), "opened storage path {} ({})", listed[published].path.string(),
                listed[published].meta.id);
    }
  } catch (...) {
    for (std::size_t i = published; i < claimed; ++i) unclaim(listed[i].meta.id);
    throw;
  }
}

void LocalPaths::claim(const Opened& opened) {
  const auto& id = opened.meta.id;
  if (auto it = paths_.find(id); it != paths_.end())
    throw Conflict("storage path " + opened.path.string() + " has ID " + id +
                   ", already opened from " + it->second.path.string());
  if (auto it = busy_.find(id); it != busy_.end())
    throw Conflict("storage path " + opened.path.string() + " has ID " + id +
                   ", already being opened or detached from " + it->second.string());
  busy_.emplace(id, opened.path);
}

void LocalPaths::unclaim(const std::string& id) {
  std::lock_guard lock(mu_);
  busy_.erase(id);
}

void LocalPaths::publish(const Opened& opened) {
  std::lock_guard lock(mu_);
  busy_.erase(opened.meta.id);
  paths_[opened.meta.id] = opened;
}

void LocalPaths::attach_and_declare(const Opened& opened, const std::string& url) {
  for (FileType t : all_file_types())
    std::filesystem::create_directories(opened.path / std::string(file_type_name(t)));
  index_.attach(info_of(opened.meta, url), fs_stat(opened.path, opened.meta.max_storage));
  declare_files(opened, false);
}

void LocalPaths::declare_files(const Opened& opened, bool drop_missing) {
  std::set<std::pair<SectorId, FileType>> present;
  for (FileType t : all_file_types()) {
    for (const auto& entry :
         std::filesystem::directory_iterator(opened.path / std::string(file_type_name(t)))) {
      const auto name = entry.path().filename().string();
      if (name == "fetching") continue;
      const auto sector = parse_sector_name(name);
      if (!sector) {
        TLOG_WARN(paths_log(), "skipping {}: {}", entry.path().string(),
                  entry.path().extension() == ".tmp"
                      ? "unfinished (the process writing it was interrupted), not declared"
                      : "not a sector file name");
        continue;
      }
      present.insert({*sector, t});
      index_.declare(opened.meta.id, *sector, static_cast<std::uint32_t>(t), opened.meta.can_store);
    }
  }
  if (!drop_missing) return;
  const auto declared = index_.list();
  auto it = declared.find(opened.meta.id);
  if (it == declared.end()) return;
  for (const auto& d : it->second)
    if (!present.contains({d.sector, d.type}))
      index_.drop(opened.meta.id, d.sector, static_cast<std::uint32_t>(d.type));
}

void LocalPaths::add(const std::filesystem::path& path) {
  const auto absolute = std::filesystem::absolute(path);
  const Opened opened{absolute, read_local_storage_meta(absolute / std::string(kMetaFileName))};
  std::string url;
  {
    std::lock_guard lock(mu_);
    if (remote_url_.empty())
      throw Conflict("cannot add " + absolute.string() + ": storage paths are not open yet");
    claim(opened);
    url = remote_url_;
  }
  try {
    attach_and_declare(opened, url);
    std::lock_guard config(config_mu_);
    add_storage_path(storage_config_, absolute.string());
  } catch (...) {
    unclaim(opened.meta.id);
    throw;
  }
  publish(opened);
  TLOG_INFO(paths_log(), "opened storage path {} ({})", absolute.string(), opened.meta.id);
}

void LocalPaths::detach(const std::filesystem::path& path) {
  const auto absolute = std::filesystem::absolute(path);
  Opened opened;
  std::string url;
  {
    std::lock_guard config(config_mu_);
    {
      std::lock_guard lock(mu_);
      auto it = std::find_if(paths_.begin(), paths_.end(),
                             [&](const auto& entry) { return entry.second.path == absolute; });
      if (it == paths_.end())
        throw NotFound("storage path " + absolute.string() + " is not attached");
      opened = it->second;
      url = remote_url_;
      busy_.emplace(it->first, absolute);  // until the index has forgotten it too
      paths_.erase(it);
    }
    try {
      auto config = read_storage_config(storage_config_);
      std::erase(config.storage_paths, absolute.string());
      write_storage_config(storage_config_, config);
    } catch (...) {
      publish(opened);  // storage.json still lists it: it stays open
      throw;
    }
  }
  try {
    index_.detach(opened.meta.id, url);
  } catch (...) {
    unclaim(opened.meta.id);
    throw;
  }
  unclaim(opened.meta.id);
  TLOG_INFO(paths_log(), "detached storage path {} ({})", absolute.string(), opened.meta.id);
}

void LocalPaths::redeclare(const std::optional<std::string>& id, bool drop_missing) {
  std::vector<Opened> targets;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, opened] : paths_)
      if (!id || *id == key) targets.push_back(opened);
  }
  if (id && targets.empty()) throw NotFound("storage path " + *id + " is not local");
  for (const auto& opened : targets) declare_files(opened, drop_missing);
}

void LocalPaths::announce_all() {
  std::vector<Opened> opened;
  std::string url;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, o] : paths_) opened.push_back(o);
    url = remote_url_;
  }
  for (const auto& o : opened) attach_and_declare(o, url);
}

std::map<std::string, std::string> LocalPaths::local() const {
  std::lock_guard lock(mu_);
  std::map<std::string, std::string> out;
  for (const auto& [id, opened] : paths_) out[id] = opened.path.string();
  return out;
}

std::optional<std::filesystem::path> LocalPaths::find_file(FileType type,
                                                           const SectorId& sector) const {
  std::lock_guard lock(mu_);
  for (const auto& [id, opened] : paths_) {
    const auto file = opened.path / std::string(file_type_name(type)) / sector_name(sector);
    if (std::filesystem::exists(file)) return file;
  }
  return std::nullopt;
}

bool LocalPaths::remove(FileType type, const SectorId& sector,
                        const std::vector<std::string>& keep) {
  std::vector<std::pair<std::string, std::filesystem::path>> targets;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, opened] : paths_) {
      if (std::find(keep.begin(), keep.end(), id) != keep.end()) continue;
      const auto file = opened.path / std::string(file_type_name(type)) / sector_name(sector);
      if (std::filesystem::exists(file)) targets.emplace_back(id, file);
    }
  }
  for (const auto& [id, file] : targets) {
    index_.drop(id, sector, static_cast<std::uint32_t>(type));
    std::filesystem::remove_all(file);
    TLOG_INFO(paths_log(), "removed {} from storage path {}", file.string(), id);
  }
  return !targets.empty();
}

std::optional<FsStat> LocalPaths::stat(const std::string& id) const {
  std::filesystem::path path;
  std::uint64_t max = 0;
  {
    std::lock_guard lock(mu_);
    auto it = paths_.find(id);
    if (it == paths_.end()) return std::nullopt;
    path = it->second.path;
    max = it->second.meta.max_storage;
  }
  return fs_stat(path, max);
}

void LocalPaths::start_heartbeat(std::chrono::milliseconds interval) {
  heartbeat_ = std::thread([this, interval] { heartbeat_loop(interval); });
}

void LocalPaths::heartbeat_loop(std::chrono::milliseconds interval) {
  std::unique_lock lock(mu_);
  while (!stop_cv_.wait_for(lock, interval, [&] { return stopping_; })) {
    const auto paths = paths_;
    lock.unlock();
    for (const auto& [id, opened] : paths) {
      try {
        FsStat stat;
        std::string error;
        try {
          stat = fs_stat(opened.path, opened.meta.max_storage);
        } catch (const IoError& e) {
          error = e.what();  // the index then skips the path until it is healthy again
        }
        index_.report_health(id, stat, error);
      } catch (const Error& e) {
        TLOG_WARN(paths_log(), "heartbeat for storage path {} failed: {}", id, e.what());
      }
    }
    lock.lock();
  }
}

}  // namespace tessera::paths
