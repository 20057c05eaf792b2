#include "common/uuid.hpp"

#include <openssl/rand.h>

#include <cstdint>

#include "common/error.hpp"

namespace tessera {

std::string new_uuid_v4() {
  std::uint8_t b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw IoError("RAND_bytes failed");
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 15];
  }
  return out;
}

}  // namespace tessera
