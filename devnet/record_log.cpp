#include "devnet/record_log.hpp"

#include <fcntl.h>

#include <algorithm>
#include <optional>

#include "common/error.hpp"
#include "crypto/blake2b.hpp"

namespace tessera::chain::devnet {
namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kChecksumSize = 8;
constexpr std::uint64_t kMaxRecord = 256u << 20;

Bytes checksum(const Bytes& payload) {
  Bytes digest = crypto::blake2b(payload, 32);
  digest.resize(kChecksumSize);
  return digest;
}

}  // namespace

std::optional<Bytes> RecordLog::whole_record_at(std::uint64_t offset, std::uint64_t size) const {
  if (offset + kHeaderSize > size) return std::nullopt;
  std::uint8_t header[kHeaderSize];
  file_.read_at(offset, header, kHeaderSize);
  const std::uint64_t length =
      (std::uint64_t{header[0]} << 24) | (header[1] << 16) | (header[2] << 8) | header[3];
  if (length > kMaxRecord || offset + kHeaderSize + length > size) return std::nullopt;
  Bytes payload(length);
  file_.read_at(offset + kHeaderSize, payload.data(), length);
  if (!std::equal(header + 4, header + kHeaderSize, checksum(payload).begin())) return std::nullopt;
  return payload;
}

RecordLog::RecordLog(const std::filesystem::path& path) : file_(path, O_RDWR | O_CREAT, 0600) {
  const std::uint64_t size = file_.size();
  while (auto payload = whole_record_at(end_, size)) {
    end_ += kHeaderSize + payload->size();
    initial_.push_back(std::move(*payload));
  }
  if (end_ == size) return;
  // Only the last append can be torn by a crash: a whole record anywhere after the bad bytes
  // means they are damage in the middle, and dropping them would lose acknowledged records.
  for (std::uint64_t at = end_ + 1; at + kHeaderSize <= size; ++at) {
    if (whole_record_at(at, size))
      throw InvalidInput(path.string() + ": damaged record at offset " + std::to_string(end_) +
                         " with a whole record after it at offset " + std::to_string(at) +
                         "; refusing to drop them");
  }
  dropped_ = size - end_;
  file_.truncate(end_);
  file_.sync();
}

void RecordLog::append(const Bytes& payload) {
  Bytes record;
  record.reserve(kHeaderSize + payload.size());
  const auto length = static_cast<std::uint32_t>(payload.size());
  for (int shift = 24; shift >= 0; shift -= 8)
    record.push_back(static_cast<std::uint8_t>(length >> shift));
  const Bytes sum = checksum(payload);
  record.insert(record.end(), sum.begin(), sum.end());
  record.insert(record.end(), payload.begin(), payload.end());
  file_.write_at(end_, record.data(), record.size());
  file_.sync();
  end_ += record.size();
}

void RecordLog::clear() {
  file_.truncate(0);
  file_.sync();
  end_ = 0;
}

}  // namespace tessera::chain::devnet
