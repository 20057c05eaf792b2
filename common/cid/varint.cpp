#include "common/cid/varint.hpp"

#include "common/error.hpp"

namespace tessera::cid {

void put_uvarint(Bytes& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(value));
}

std::uint64_t read_uvarint(const Bytes& in, std::size_t& offset) {
  std::uint64_t value = 0;
  for (int shift = 0, i = 0;; shift += 7, ++i) {
    if (offset >= in.size()) throw InvalidInput("varint: truncated");
    if (i == 10) throw InvalidInput("varint: overflows 64 bits");
    std::uint8_t byte = in[offset++];
    if (i == 9 && byte > 1) throw InvalidInput("varint: overflows 64 bits");
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      if (byte == 0 && i > 0) throw InvalidInput("varint: not minimally encoded");
      return value;
    }
  }
}

}  // namespace tessera::cid
