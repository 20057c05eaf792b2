#include "common/file_util.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "common/error.hpp"

namespace tessera {
namespace {

[[noreturn]] void io_fail(const std::string& what, const std::filesystem::path& file, int err) {
  throw IoError(what + " " + file.string() + ": " + std::strerror(err));
}

}  // namespace

void write_file_atomic(const std::filesystem::path& file, std::string_view data, mode_t mode,
                       bool replace) {
  std::filesystem::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  std::random_device rd;
  std::string tmp_name = "." + file.filename().string() + ".tmp-" + std::to_string(rd());
  std::filesystem::path tmp = dir / tmp_name;
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) io_fail("creating", tmp, errno);
  auto fail = [&](const char* what) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    io_fail(what, tmp, err);
  };
  // The umask may have cleared bits; set the exact mode asked for.
  if (::fchmod(fd, mode) != 0) fail("chmod");
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("writing");
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) fail("fsync");
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    io_fail("closing", tmp, err);
  }
  if (replace) {
    if (::rename(tmp.c_str(), file.c_str()) != 0) {
      int err = errno;
      ::unlink(tmp.c_str());
      io_fail("renaming onto", file, err);
    }
  } else {
    // link() never replaces an existing name, so a concurrent writer cannot be overwritten.
    int rc = ::link(tmp.c_str(), file.c_str());
    int err = errno;
    ::unlink(tmp.c_str());
    if (rc != 0) {
      if (err == EEXIST) throw Conflict("file already exists: " + file.string());
      io_fail("linking", file, err);
    }
  }
  sync_directory(dir);
}

void sync_directory(const std::filesystem::path& dir) {
  const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

std::optional<std::string> read_file_if_exists(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    io_fail("opening", file, errno);
  }
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      io_fail("reading", file, err);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string trim_space(std::string_view text) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  size_t b = 0;
  size_t e = text.size();
  while (b < e && is_space(text[b])) ++b;
  while (e > b && is_space(text[e - 1])) --e;
  return std::string(text.substr(b, e - b));
}

}  // namespace tessera
