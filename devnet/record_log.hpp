// An append-only file of checksummed records, the devnet's durable log for blocks and pending
// messages. Each record is u32_be(length) ‖ first 8 bytes of BLAKE2b-256(payload) ‖ payload;
// append() returns once the record is fsynced. Opening drops a torn last record (what a crash
// mid-append leaves) by truncating the file after the last whole record, and refuses a log
// with a whole record anywhere after the damaged bytes (damage in the middle, not a tear).
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "common/encoding.hpp"
#include "common/file_io.hpp"

namespace tessera::chain::devnet {

class RecordLog {
 public:
  // Opens (creating) the log and reads its whole records. IoError when it cannot be opened,
  // InvalidInput for a corrupt record that is not the last.
  explicit RecordLog(const std::filesystem::path& path);

  // The records present when the log was opened, in order.
  const std::vector<Bytes>& initial_records() const { return initial_; }
  // Bytes dropped from a torn tail when opening (0 when the log was whole).
  std::uint64_t dropped_bytes() const { return dropped_; }
  // Appends one record durably.
  void append(const Bytes& payload);
  // Empties the log durably.
  void clear();

 private:
  // The payload of a whole, checksummed record starting at offset, or nullopt.
  std::optional<Bytes> whole_record_at(std::uint64_t offset, std::uint64_t size) const;

  File file_;
  std::uint64_t end_ = 0;
  std::vector<Bytes> initial_;
  std::uint64_t dropped_ = 0;
};

}  // namespace tessera::chain::devnet
