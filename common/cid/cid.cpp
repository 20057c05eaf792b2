#include "common/cid/cid.hpp"

#include "common/cid/varint.hpp"
#include "common/error.hpp"

namespace tessera::cid {
namespace {

constexpr std::size_t kMaxDigest = 128;

}  // namespace

Bytes Cid::to_bytes() const {
  Bytes out;
  put_uvarint(out, 1);
  put_uvarint(out, codec);
  put_uvarint(out, mh_code);
  put_uvarint(out, digest.size());
  out.insert(out.end(), digest.begin(), digest.end());
  return out;
}

Cid Cid::from_bytes_prefix(const Bytes& bytes, std::size_t& offset) {
  if (offset + 2 <= bytes.size() && bytes[offset] == 0x12 && bytes[offset + 1] == 0x20) {
    throw InvalidInput("CIDv0 is not supported");
  }
  if (offset >= bytes.size()) throw InvalidInput("CID: empty input");
  if (read_uvarint(bytes, offset) != 1) throw InvalidInput("CID: unsupported version");
  Cid cid;
  cid.codec = read_uvarint(bytes, offset);
  cid.mh_code = read_uvarint(bytes, offset);
  auto length = read_uvarint(bytes, offset);
  if (length > kMaxDigest || length > bytes.size() - offset) {
    throw InvalidInput("CID: bad digest length " + std::to_string(length));
  }
  cid.digest.assign(bytes.begin() + static_cast<std::ptrdiff_t>(offset),
                    bytes.begin() + static_cast<std::ptrdiff_t>(offset + length));
  offset += length;
  return cid;
}

Cid Cid::from_bytes(const Bytes& bytes) {
  std::size_t offset = 0;
  auto cid = from_bytes_prefix(bytes, offset);
  if (offset != bytes.size()) throw InvalidInput("CID: trailing bytes");
  return cid;
}

std::string Cid::to_string() const {
  return "b" + base32_encode(to_bytes(), Base32Case::kLower);
}

Cid Cid::parse(std::string_view text) {
  if (text.empty() || text[0] != 'b') {
    throw InvalidInput("CID: only base32 ('b') CIDv1 strings are supported: '" +
                       std::string(text.substr(0, 64)) + "'");
  }
  for (char c : text.substr(1)) {
    if (c >= 'A' && c <= 'Z') throw InvalidInput("CID: base32 must be lower case");
  }
  return from_bytes(base32_decode(text.substr(1)));
}

Cid commitment_unsealed_cid(const Bytes& commitment32) {
  if (commitment32.size() != 32) throw InvalidInput("commitment must be 32 bytes");
  return Cid{kCodecFilCommitmentUnsealed, kMhSha256Trunc254Padded, commitment32};
}

Cid commitment_sealed_cid(const Bytes& commitment32) {
  if (commitment32.size() != 32) throw InvalidInput("commitment must be 32 bytes");
  return Cid{kCodecFilCommitmentSealed, kMhPoseidonBls12381A2Fc1, commitment32};
}

}  // namespace tessera::cid
