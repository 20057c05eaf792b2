// lotus's SectorInfo record (/sectors/<n>): cbor-gen map encoding with Go field names as keys.
// Decodes both key orders lotus has written (declaration order up to v1.22, canonical from
// v1.23), skips unknown keys, and writes the canonical v1.23 form with all 38 keys
// (reference/lotus-compat.md §2.2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/cbor/cbor.hpp"
#include "common/cid/cid.hpp"
#include "common/encoding.hpp"

namespace tessera::datastore {

struct SectorPiece {
  std::uint64_t size = 0;  // padded piece size
  cid::Cid piece_cid;
  cbor::Value deal_info;  // null for CC pieces; kept as decoded so it round-trips
  bool operator==(const SectorPiece&) const = default;
};

struct SectorLogEntry {
  std::string kind;
  std::uint64_t timestamp = 0;
  std::string trace;
  std::string message;
  bool operator==(const SectorLogEntry&) const = default;
};

struct SectorInfo {
  std::string state;
  std::uint64_t sector_number = 0;
  std::int64_t sector_type = 0;
  std::int64_t creation_time = 0;
  std::vector<SectorPiece> pieces;
  Bytes ticket_value;
  std::int64_t ticket_epoch = 0;
  Bytes pre_commit1_out;
  std::optional<cid::Cid> comm_d;
  std::optional<cid::Cid> comm_r;
  Bytes proof;
  Bytes pre_commit_deposit;  // Go big.Int CBOR bytes (sign byte + big-endian magnitude)
  std::optional<cid::Cid> pre_commit_message;
  Bytes pre_commit_tipset;  // concatenated CID bytes
  std::uint64_t pre_commit2_fails = 0;
  Bytes seed_value;
  std::int64_t seed_epoch = 0;
  std::optional<cid::Cid> commit_message;
  std::uint64_t invalid_proofs = 0;
  bool cc_update = false;
  std::vector<SectorPiece> cc_pieces;
  std::optional<cid::Cid> update_sealed;
  std::optional<cid::Cid> update_unsealed;
  Bytes replica_update_proof;
  std::optional<cid::Cid> replica_update_message;
  std::optional<cid::Cid> fault_report_msg;
  std::string return_state;  // "Return"
  std::optional<cid::Cid> terminate_message;
  std::int64_t terminated_at = 0;
  cbor::Value remote_data_unsealed;  // *SectorLocation or null, kept as decoded
  cbor::Value remote_data_sealed;
  cbor::Value remote_data_cache;
  std::string remote_commit1_endpoint;
  std::string remote_commit2_endpoint;
  std::string remote_sealing_done_endpoint;
  bool remote_data_finalized = false;
  std::string last_err;
  std::vector<SectorLogEntry> log;
  bool operator==(const SectorInfo&) const = default;
};

// Canonical v1.23 encoding, all 38 keys (header 0xb8 0x26), absent CIDs as null, as cbor-gen
// writes it.
Bytes encode_sector_info(const SectorInfo& info);
// Decodes any lotus version's record (any key order, unknown keys skipped, absent keys left at
// their defaults); throws InvalidInput naming the field on a type mismatch or malformed CBOR.
SectorInfo decode_sector_info(const Bytes& bytes);

}  // namespace tessera::datastore
