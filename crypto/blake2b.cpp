#include "crypto/blake2b.hpp"

#include <sodium.h>

#include "common/error.hpp"

namespace tessera::crypto {

Bytes blake2b(const std::uint8_t* data, std::size_t size, std::size_t out_len, std::string_view key) {
  if (out_len < crypto_generichash_BYTES_MIN || out_len > crypto_generichash_BYTES_MAX) {
    throw InvalidInput("blake2b: digest length out of range");
  }
  if (!key.empty() && (key.size() < crypto_generichash_KEYBYTES_MIN ||
                       key.size() > crypto_generichash_KEYBYTES_MAX)) {
    throw InvalidInput("blake2b: key length out of range");
  }
  Bytes out(out_len);
  crypto_generichash(out.data(), out_len, data, size,
                     key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data()),
                     key.size());
  return out;
}

}  // namespace tessera::crypto
