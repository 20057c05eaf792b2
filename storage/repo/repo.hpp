// The lotus-miner repo directory (~/.lotusminer): layout, init, the repo.lock, api/token files.
// See reference/lotus-compat.md §1.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/repo/config.hpp"
#include "storage/repo/keystore.hpp"

namespace tessera::repo {

inline constexpr std::string_view kConfigFileName = "config.toml";
inline constexpr std::string_view kLockFileName = "repo.lock";
inline constexpr std::string_view kApiFileName = "api";
inline constexpr std::string_view kTokenFileName = "token";
inline constexpr std::string_view kKeystoreDirName = "keystore";
inline constexpr std::string_view kDatastoreDirName = "datastore";

// The miner repo path: the flag if given, else $LOTUS_MINER_PATH, else $LOTUS_STORAGE_PATH,
// else ~/.lotusminer; a leading "~" is expanded with $HOME. Empty values are skipped.
std::filesystem::path resolve_repo_path(std::optional<std::string> flag);

// Expands a leading "~" or "~/" with $HOME (go-homedir style); other paths are returned as-is.
std::filesystem::path expand_home(std::string_view path);

class LockedRepo;

class Repo {
 public:
  // True when <path>/datastore or <path>/keystore exists (lotus FsRepo.Exists).
  static bool exists(const std::filesystem::path& path);
  // Creates the repo (0755), writes the commented default config.toml if absent and creates
  // keystore/ (0700). Does nothing to an existing repo's files other than the missing ones.
  static void init(const std::filesystem::path& path);
  // Takes the exclusive repo.lock (fcntl write lock). Throws Conflict when another process or
  // this one holds it, Conflict when repo.lock is not empty, NotFound if the repo dir is absent.
  static std::unique_ptr<LockedRepo> lock(const std::filesystem::path& path);

  // The API multiaddr of a running miner (the `api` file, trimmed), without taking the lock.
  // Throws NotFound ("API not running (no endpoint)") when the file is absent.
  static std::string read_api_endpoint(const std::filesystem::path& path);
  // The admin token of the repo (the `token` file, trimmed), without taking the lock.
  // Throws NotFound ("API token not set") when the file is absent.
  static std::string read_api_token(const std::filesystem::path& path);
};

// A repo held under repo.lock. close() (or the destructor) removes `api` and releases the lock.
class LockedRepo {
 public:
  ~LockedRepo();
  LockedRepo(const LockedRepo&) = delete;
  LockedRepo& operator=(const LockedRepo&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Loads <repo>/config.toml over the defaults with env overrides (Config::load); warnings
  // about unknown keys go to the "config" logger.
  Config config() const;
  // The keystore in <repo>/keystore (created 0700 if missing).
  Keystore& keystore();
  // Writes the `api` file (multiaddr, no newline, mode 0644).
  void set_api_endpoint(std::string_view multiaddr);
  // The `api` file's content (trimmed), or nullopt when absent.
  std::optional<std::string> api_endpoint() const;
  // Writes the `token` file (raw token, no newline, mode 0600).
  void set_api_token(std::string_view token);
  // The `token` file's content (trimmed). Throws NotFound when absent.
  std::string api_token() const;
  // <repo>/datastore/<name>; the directory is not created.
  std::filesystem::path datastore_path(std::string_view name) const;
  // Removes `api` and releases repo.lock; idempotent. After close() the repo must not be used.
  void close();

 private:
  friend class Repo;
  LockedRepo(std::filesystem::path path, int lock_fd);

  std::filesystem::path path_;
  int lock_fd_ = -1;
  Keystore keystore_;
};

// The JWT secret (keystore "auth-jwt-private"); on first use it is created together with an
// admin token written to <repo>/token, as lotus does.
Bytes load_or_create_jwt_secret(LockedRepo& repo);

}  // namespace tessera::repo
