// lotus's unsealed sector file (storage/sealer/partialfile): sector-size bytes of Fr32-padded
// data, then an RLE+ trailer of the padded byte ranges that hold data, then the trailer's
// length as 4 bytes little-endian (reference/lotus-compat.md §7).
#pragma once

#include <cstdint>
#include <filesystem>

#include "chain/types/bitfield.hpp"
#include "common/encoding.hpp"

namespace tessera::paths {

// Streams an unsealed file: padded data in order, then the trailer. The bytes go to
// <file>.tmp, which finish() links onto the file's name once complete and on disk, so a process
// killed while writing never leaves a partial file under a sector's name (a storage path
// declares every such name it finds when it opens); the next writer of the same file starts
// <file>.tmp over. Refuses an existing file (Conflict); a writer destroyed before finish()
// removes its partial file.
class UnsealedFileWriter {
 public:
  UnsealedFileWriter(std::filesystem::path file, std::uint64_t sector_size);
  ~UnsealedFileWriter();
  UnsealedFileWriter(const UnsealedFileWriter&) = delete;
  UnsealedFileWriter& operator=(const UnsealedFileWriter&) = delete;

  // Appends padded bytes; throws InvalidInput past the sector size.
  void write(const std::uint8_t* padded, std::size_t size);
  // Zero-fills the rest of the sector, appends the trailer for `allocated` (a bitfield over
  // padded byte offsets) and fsyncs.
  void finish(const chain::BitField& allocated);

 private:
  void write_all(const std::uint8_t* data, std::size_t size);
  std::filesystem::path file_;
  std::filesystem::path temp_;
  std::uint64_t sector_size_;
  std::uint64_t written_ = 0;
  int fd_ = -1;
  bool finished_ = false;
};

struct UnsealedFile {
  Bytes padded;               // sector-size bytes
  chain::BitField allocated;  // padded byte ranges holding data
};

// Reads an unsealed file of the given sector size; throws InvalidInput when it is truncated,
// its trailer is corrupt, or its size does not match the sector size.
UnsealedFile read_unsealed_file(const std::filesystem::path& file, std::uint64_t sector_size);

// The allocated ranges of an unsealed file, from its trailer alone, after checking that the file
// holds sector-size bytes of data and a well-formed trailer (InvalidInput otherwise).
chain::BitField read_unsealed_trailer(const std::filesystem::path& file, std::uint64_t sector_size);

// Checks an unsealed file as read_unsealed_file does, then streams its sector-size bytes of
// padded data to out_path (created or replaced) in bounded memory; returns the allocated ranges.
chain::BitField extract_unsealed_data(const std::filesystem::path& file, std::uint64_t sector_size,
                                      const std::filesystem::path& out_path);

}  // namespace tessera::paths
