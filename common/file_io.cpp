#include "common/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.hpp"

namespace tessera {

File::File(const std::filesystem::path& path, int flags, mode_t mode)
    : path_(path.string()), fd_(::open(path.c_str(), flags | O_CLOEXEC, mode)) {
  if (fd_ >= 0) return;
  if (errno == ENOENT && !(flags & O_CREAT)) throw NotFound(path_ + ": no such file");
  throw IoError("open " + path_ + ": " + std::strerror(errno));
}

File::~File() {
  if (fd_ >= 0) ::close(fd_);
}

File::File(File&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) {
  other.fd_ = -1;
}

void File::read_at(std::uint64_t offset, std::uint8_t* out, std::size_t size) const {
  while (size) {
    auto n = ::pread(fd_, out, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw IoError("read " + path_ + ": " + std::strerror(errno));
    if (n == 0)
      throw IoError("read " + path_ + ": file is truncated (ends before byte " +
                    std::to_string(offset + size) + ")");
    out += n;
    offset += static_cast<std::uint64_t>(n);
    size -= static_cast<std::size_t>(n);
  }
}

void File::write_at(std::uint64_t offset, const std::uint8_t* data, std::size_t size) {
  while (size) {
    auto n = ::pwrite(fd_, data, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw IoError("write " + path_ + ": " + std::strerror(errno));
    data += n;
    offset += static_cast<std::uint64_t>(n);
    size -= static_cast<std::size_t>(n);
  }
}

void File::read_exact(std::uint8_t* out, std::size_t size) {
  while (size) {
    auto n = ::read(fd_, out, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw IoError("read " + path_ + ": " + std::strerror(errno));
    if (n == 0) throw IoError("read " + path_ + ": file is truncated");
    out += n;
    size -= static_cast<std::size_t>(n);
  }
}

void File::write_all(const std::uint8_t* data, std::size_t size) {
  while (size) {
    auto n = ::write(fd_, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw IoError("write " + path_ + ": " + std::strerror(errno));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

std::uint64_t File::size() const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throw IoError("stat " + path_ + ": " + std::strerror(errno));
  return static_cast<std::uint64_t>(st.st_size);
}

void File::truncate(std::uint64_t size) {
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0)
    throw IoError("truncate " + path_ + ": " + std::strerror(errno));
}

void File::sync() {
  if (::fsync(fd_) != 0) throw IoError("fsync " + path_ + ": " + std::strerror(errno));
}

}  // namespace tessera
