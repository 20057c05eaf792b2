// CIDs (v1) with the codecs and multihashes Filecoin uses; string form is multibase base32
// lower case ("b..."). CIDv0 is not used by the miner and is rejected.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/encoding.hpp"

namespace tessera::cid {

inline constexpr std::uint64_t kCodecRaw = 0x55;
inline constexpr std::uint64_t kCodecDagCbor = 0x71;
inline constexpr std::uint64_t kCodecFilCommitmentUnsealed = 0xf101;
inline constexpr std::uint64_t kCodecFilCommitmentSealed = 0xf102;
inline constexpr std::uint64_t kMhIdentity = 0x00;
inline constexpr std::uint64_t kMhSha256 = 0x12;
inline constexpr std::uint64_t kMhBlake2b256 = 0xb220;
inline constexpr std::uint64_t kMhSha256Trunc254Padded = 0x1012;
inline constexpr std::uint64_t kMhPoseidonBls12381A2Fc1 = 0xb401;

// A CIDv1: version is always 1 (binary form starts with varint 1).
struct Cid {
  std::uint64_t codec = kCodecRaw;
  std::uint64_t mh_code = kMhIdentity;
  Bytes digest;

  // Binary form: varint(1) varint(codec) varint(mh code) varint(len) digest.
  Bytes to_bytes() const;
  // Parses a whole binary CID; throws InvalidInput on anything malformed or not v1.
  static Cid from_bytes(const Bytes& bytes);
  // Parses a binary CID at offset (advancing it), allowing trailing bytes.
  static Cid from_bytes_prefix(const Bytes& bytes, std::size_t& offset);
  // "b" + base32 lower of the binary form.
  std::string to_string() const;
  // Parses the multibase base32 form; throws InvalidInput otherwise.
  static Cid parse(std::string_view text);

  bool operator==(const Cid& o) const = default;
  // Total order by (codec, multihash code, digest), for use as a map key.
  auto operator<=>(const Cid& o) const = default;
};

// CommD / CommP as a piece CID (fil-commitment-unsealed, sha2-256-trunc254-padded).
Cid commitment_unsealed_cid(const Bytes& commitment32);
// CommR as a sealed CID (fil-commitment-sealed, poseidon-bls12_381-a2-fc1).
Cid commitment_sealed_cid(const Bytes& commitment32);

}  // namespace tessera::cid
