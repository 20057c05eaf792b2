// The lotus metadata backup file: CBOR [indefinite array of [key bytes, value bytes], 32-byte
// SHA-256 of that array's encoding] (reference/lotus-compat.md §2.5), optionally followed by
// metadata-log entries [key bytes, value bytes, timestamp int] (§2.6, lib/backupds/read.go).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/encoding.hpp"

namespace tessera::datastore {

// Encodes entries (key, value) in the given order, exactly as `lotus-miner backup` writes them.
Bytes encode_backup(const std::vector<std::pair<std::string, Bytes>>& entries);
// Decodes and verifies a backup (the checksum covers the 0x9f..0xff array); a wrong checksum
// throws InvalidInput "backup checksum mismatch", any structure error InvalidInput. Log entries
// after the checksum are appended in file order (a later entry for a key replaces an earlier one
// when put in order, as lotus's RestoreInto does).
std::vector<std::pair<std::string, Bytes>> decode_backup(const Bytes& bytes);

}  // namespace tessera::datastore
