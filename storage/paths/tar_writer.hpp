// Directories as tar streams, the way lotus sends cache directories over /remote
// (storage/sealer/tarutil.TarDirectory): one POSIX ustar entry per regular file.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tessera {
class File;
}

namespace tessera::paths {

// A ustar archive of a directory's regular files (sorted by name, named relative to it;
// symlinks, subdirectories and other entries are left out), ending with two zero blocks,
// produced piece by piece so that a cache directory of a 32 GiB sector never sits in memory.
class TarStream {
 public:
  // Lists dir's regular files and their sizes now. NotFound when dir is not a directory;
  // InvalidInput for a name longer than the 100 bytes ustar holds or a file too large for it.
  explicit TarStream(const std::filesystem::path& dir);
  ~TarStream();
  TarStream(TarStream&&) noexcept;
  TarStream& operator=(TarStream&&) = delete;

  // The archive's length in bytes.
  std::uint64_t size() const { return size_; }
  // The next bytes of the archive, up to max; 0 at its end. IoError when a file cannot be read
  // or is shorter than when it was listed (the archive would not match its size).
  std::size_t read(std::uint8_t* out, std::size_t max);

 private:
  struct Entry {
    std::filesystem::path path;
    std::array<char, 512> header;
    std::uint64_t size;
  };
  std::vector<Entry> entries_;
  std::uint64_t size_ = 0;
  std::size_t entry_ = 0;       // the entry being read; entries_.size() for the end blocks
  std::uint64_t offset_ = 0;    // within that entry's header, data and padding (or the end blocks)
  std::unique_ptr<File> file_;  // the entry's file while its data is read
};

}  // namespace tessera::paths
