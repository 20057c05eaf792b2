// A file descriptor with the few operations the proof and storage code needs: exact positional
// reads and writes (retrying short transfers and EINTR), size, fsync. Errors name the file.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace tessera {

class File {
 public:
  // Opens path with open(2) flags (O_CLOEXEC added). Throws NotFound when a file opened
  // without O_CREAT does not exist, IoError otherwise.
  File(const std::filesystem::path& path, int flags, mode_t mode = 0644);
  ~File();
  File(File&& other) noexcept;
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  File& operator=(File&&) = delete;

  // Reads exactly size bytes at offset; IoError (mentioning "truncated") at end of file.
  void read_at(std::uint64_t offset, std::uint8_t* out, std::size_t size) const;
  // Writes all size bytes at offset.
  void write_at(std::uint64_t offset, const std::uint8_t* data, std::size_t size);
  // Reads exactly size bytes at the current position.
  void read_exact(std::uint8_t* out, std::size_t size);
  // Writes all size bytes at the current position.
  void write_all(const std::uint8_t* data, std::size_t size);
  std::uint64_t size() const;
  void truncate(std::uint64_t size);
  void sync();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_;
};

}  // namespace tessera
