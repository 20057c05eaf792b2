// The miner repo directory (lotus node/repo/fsrepo.go) and its lock (ipfs/go-fs-lock over
// go4.org/lock: fcntl write lock on an empty repo.lock, removed again on unlock).
#include "storage/repo/repo.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>

#include "common/error.hpp"
#include "common/jwt/jwt.hpp"
#include "common/log.hpp"
#include "common/file_util.hpp"

namespace tessera::repo {
namespace {

// fcntl locks are per process, so locks held by this process are tracked here (as go4 does).
// The pid guards against a forked child inheriting its parent's entries.
std::mutex g_locked_mu;
std::set<std::string> g_locked;
pid_t g_locked_pid = 0;

std::set<std::string>& locked_set() {
  if (g_locked_pid != ::getpid()) {
    g_locked.clear();
    g_locked_pid = ::getpid();
  }
  return g_locked;
}

std::string already_locked(const std::filesystem::path& lock_file, std::string_view why) {
  return "repo is already locked (lotus daemon already running): lock " + lock_file.string() +
         ": " + std::string(why);
}

void make_dir(const std::filesystem::path& dir, mode_t mode) {
  if (::mkdir(dir.c_str(), mode) != 0 && errno != EEXIST) {
    throw IoError("creating directory " + dir.string() + ": " + std::strerror(errno));
  }
}

}  // namespace

std::filesystem::path expand_home(std::string_view path) {
  if (path == "~" || path.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0') {
      throw InvalidInput("cannot expand '~' in " + std::string(path) + ": $HOME is not set");
    }
    if (path == "~") return std::filesystem::path(home);
    return std::filesystem::path(home) / std::string(path.substr(2));
  }
  return std::filesystem::path(std::string(path));
}

std::filesystem::path resolve_repo_path(std::optional<std::string> flag) {
  if (flag && !flag->empty()) return expand_home(*flag);
  for (const char* var : {"LOTUS_MINER_PATH", "LOTUS_STORAGE_PATH"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') return expand_home(v);
  }
  return expand_home("~/.lotusminer");
}

bool Repo::exists(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::exists(path / kDatastoreDirName, ec) ||
         std::filesystem::exists(path / kKeystoreDirName, ec);
}

void Repo::init(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    std::filesystem::path parent = path.parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  make_dir(path, 0755);
  std::filesystem::path config = path / kConfigFileName;
  if (!std::filesystem::exists(config, ec)) {
    write_file_atomic(config, default_toml_commented(), 0644);
  }
  make_dir(path / kKeystoreDirName, 0700);
}

std::unique_ptr<LockedRepo> Repo::lock(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    throw NotFound("repo directory " + path.string() + " does not exist");
  }
  std::filesystem::path lock_file = std::filesystem::absolute(path / kLockFileName, ec);
  if (ec) lock_file = path / kLockFileName;
  std::lock_guard<std::mutex> guard(g_locked_mu);
  if (locked_set().count(lock_file.string()) != 0) {
    throw Conflict(already_locked(lock_file, "lock is already held by us"));
  }
  struct stat st {};
  if (::stat(lock_file.c_str(), &st) == 0 && st.st_size > 0) {
    throw Conflict("could not lock the repo: cannot acquire lock: can't Lock file \"" +
                   lock_file.string() + "\": has non-zero size (remove it if no miner runs)");
  }
  int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    int err = errno;
    if (err == EACCES || err == EPERM) {
      throw PermissionDenied("could not lock the repo: lock " + lock_file.string() + ": " +
                             std::strerror(err));
    }
    throw IoError("could not lock the repo: " + lock_file.string() + ": " + std::strerror(err));
  }
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 0;  // whole file
  if (::fcntl(fd, F_SETLK, &fl) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EAGAIN || err == EACCES) {
      throw Conflict(already_locked(lock_file, "someone else has the lock"));
    }
    throw IoError("could not lock the repo: " + lock_file.string() + ": " + std::strerror(err));
  }
  locked_set().insert(lock_file.string());
  return std::unique_ptr<LockedRepo>(new LockedRepo(path, fd));
}

std::string Repo::read_api_endpoint(const std::filesystem::path& path) {
  std::optional<std::string> text = read_file_if_exists(path / kApiFileName);
  if (!text) throw NotFound("API not running (no endpoint) (" + path.string() + ")");
  return trim_space(*text);
}

std::string Repo::read_api_token(const std::filesystem::path& path) {
  std::optional<std::string> text = read_file_if_exists(path / kTokenFileName);
  if (!text) throw NotFound("API token not set (" + path.string() + ")");
  return trim_space(*text);
}

LockedRepo::LockedRepo(std::filesystem::path path, int lock_fd)
    : path_(std::move(path)), lock_fd_(lock_fd), keystore_(path_ / kKeystoreDirName) {}

LockedRepo::~LockedRepo() {
  try {
    close();
  } catch (const std::exception& e) {
    TLOG_ERROR(log::get("repo"), "closing repo {}: {}", path_.string(), e.what());
  }
}

Config LockedRepo::config() const {
  std::vector<std::string> warnings;  // already logged by Config::load
  return Config::load(path_ / kConfigFileName, &warnings);
}

Keystore& LockedRepo::keystore() {
  make_dir(keystore_.dir(), 0700);
  return keystore_;
}

void LockedRepo::set_api_endpoint(std::string_view multiaddr) {
  write_file_atomic(path_ / kApiFileName, multiaddr, 0644);
}

std::optional<std::string> LockedRepo::api_endpoint() const {
  std::optional<std::string> text = read_file_if_exists(path_ / kApiFileName);
  if (!text) return std::nullopt;
  return trim_space(*text);
}

void LockedRepo::set_api_token(std::string_view token) {
  write_file_atomic(path_ / kTokenFileName, token, 0600);
}

std::string LockedRepo::api_token() const {
  return Repo::read_api_token(path_);
}

std::filesystem::path LockedRepo::datastore_path(std::string_view name) const {
  return path_ / kDatastoreDirName / std::string(name);
}

void LockedRepo::close() {
  if (lock_fd_ < 0) return;
  std::filesystem::path api = path_ / kApiFileName;
  int api_err = 0;
  if (::unlink(api.c_str()) != 0 && errno != ENOENT) api_err = errno;
  std::error_code ec;
  std::filesystem::path lock_file = std::filesystem::absolute(path_ / kLockFileName, ec);
  if (ec) lock_file = path_ / kLockFileName;
  {
    std::lock_guard<std::mutex> guard(g_locked_mu);
    // go4 removes the lock file before closing the descriptor that holds the lock.
    ::unlink(lock_file.c_str());
    ::close(lock_fd_);
    lock_fd_ = -1;
    locked_set().erase(lock_file.string());
  }
  if (api_err != 0) {
    throw IoError("removing " + api.string() + ": " + std::strerror(api_err));
  }
}

Bytes load_or_create_jwt_secret(LockedRepo& repo) {
  auto& keystore = repo.keystore();
  if (keystore.has(kJwtKeyName)) return keystore.get(kJwtKeyName).private_key;
  auto key = generate_jwt_secret();
  keystore.put(kJwtKeyName, key);
  repo.set_api_token(jwt::sign_token(key.private_key, jwt::perms_up_to(jwt::kAdmin)));
  TLOG_INFO(log::get("modules"), "generated a new JWT secret and admin token in {}",
            repo.path().string());
  return key.private_key;
}

}  // namespace tessera::repo
