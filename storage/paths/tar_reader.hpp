// Cache directories received over /remote, the inverse of TarStream: a tar archive (ustar, or
// what Go's archive/tar writes for lotus's tarutil.TarDirectory) unpacked into a directory as
// it arrives, piece by piece, so that no archive sits in memory.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace tessera {
class File;
}

namespace tessera::paths {

class TarExtractor {
 public:
  // Unpacks into dir (created when missing).
  explicit TarExtractor(std::filesystem::path dir);
  ~TarExtractor();
  TarExtractor(const TarExtractor&) = delete;
  TarExtractor& operator=(const TarExtractor&) = delete;

  // The archive's next bytes. Regular files become files of dir; PAX headers are read past.
  // InvalidInput, and nothing more is written, for a bad header checksum, an entry that is not
  // a regular file, or a name that is not one plain file name ("", ".", "..", or with a '/'),
  // which could write outside dir.
  void write(const std::uint8_t* data, std::size_t size);
  // InvalidInput when the archive ended inside an entry or without its end block.
  void finish();
  // Regular files unpacked so far.
  std::size_t files() const { return files_; }

 private:
  void start_entry();

  std::filesystem::path dir_;
  std::array<std::uint8_t, 512> header_{};
  std::size_t header_fill_ = 0;
  std::uint64_t data_left_ = 0;     // of the current entry
  std::uint64_t padding_left_ = 0;  // after its data
  std::uint64_t data_offset_ = 0;
  std::unique_ptr<File> file_;  // null while skipping a PAX header's data
  bool ended_ = false;          // a zero block came
  bool failed_ = false;
  std::size_t files_ = 0;
};

}  // namespace tessera::paths
