#include "storage/datastore/backup_format.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <array>

#include "common/cbor/cbor.hpp"
#include "common/error.hpp"

namespace tessera::datastore {
namespace {

using Digest = std::array<std::uint8_t, SHA256_DIGEST_LENGTH>;

Digest sha256(const std::uint8_t* data, std::size_t size) {
  Digest out;
  SHA256(data, size, out.data());
  return out;
}

[[noreturn]] void bad(const std::string& what) {
  throw InvalidInput("backup: " + what);
}

// One byte-string field of an entry; the CBOR decoder has already bounded its length.
const Bytes& bytes_field(const cbor::Value& v, const char* name) {
  if (!v.is_bytes()) {
    bad(std::string(name) + " is a " + std::string(cbor::kind_name(v.kind())) +
        ", not a byte string");
  }
  return v.as_bytes();
}

}  // namespace

Bytes encode_backup(const std::vector<std::pair<std::string, Bytes>>& entries) {
  cbor::Writer body;
  body.write_indefinite_array_start();
  for (const auto& [key, value] : entries) {
    body.write_array_header(2);
    body.write_bytes(to_bytes(key));
    body.write_bytes(value);
  }
  body.write_break();
  const auto digest = sha256(body.bytes().data(), body.bytes().size());
  cbor::Writer out;
  out.write_array_header(2);
  out.write_raw(body.bytes());
  out.write_bytes(digest.data(), digest.size());
  return out.take();
}

std::vector<std::pair<std::string, Bytes>> decode_backup(const Bytes& bytes) {
  // The layout checks follow lotus lib/backupds/read.go ReadBackup.
  if (bytes.empty() || bytes[0] != 0x82) bad("expected array(2) header byte 0x82");
  if (bytes.size() < 2 || bytes[1] != 0x9f) bad("expected indefinite-length array header 0x9f");
  std::vector<std::pair<std::string, Bytes>> entries;
  std::size_t offset = 2;
  for (;;) {
    if (offset >= bytes.size()) bad("truncated entry list");
    if (bytes[offset] == 0xff) {
      ++offset;
      break;
    }
    if (bytes[offset] != 0x82) bad("expected entry header 0x82");
    ++offset;
    auto key = cbor::decode_prefix(bytes, offset);
    auto value = cbor::decode_prefix(bytes, offset);
    entries.emplace_back(to_string(bytes_field(key, "key")), bytes_field(value, "value"));
  }
  const std::size_t body_end = offset;
  const auto checksum = cbor::decode_prefix(bytes, offset);
  const auto& expected = bytes_field(checksum, "checksum");
  const auto actual = sha256(bytes.data() + 1, body_end - 1);
  if (expected.size() != actual.size() ||
      !std::equal(actual.begin(), actual.end(), expected.begin())) {
    throw InvalidInput("backup checksum mismatch");
  }
  // Metadata-log entries (kvlog files): [key, value, timestamp] until the end.
  while (offset < bytes.size()) {
    const auto entry = cbor::decode_prefix(bytes, offset);
    if (!entry.is_array() || entry.as_array().size() != 3) bad("log entry is not a 3-tuple");
    const auto& fields = entry.as_array();
    if (!fields[2].is_int()) bad("log entry timestamp is not an integer");
    entries.emplace_back(to_string(bytes_field(fields[0], "log key")),
                         bytes_field(fields[1], "log value"));
  }
  return entries;
}

}  // namespace tessera::datastore
