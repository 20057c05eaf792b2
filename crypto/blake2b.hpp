// BLAKE2b (RFC 7693): unkeyed or keyed (key up to 64 bytes), any digest length from 1 to 64.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/encoding.hpp"

namespace tessera::crypto {

// BLAKE2b of data with an optional key (empty = unkeyed), digest of out_len bytes (1..64).
Bytes blake2b(const std::uint8_t* data, std::size_t size, std::size_t out_len,
              std::string_view key = {});
inline Bytes blake2b(const Bytes& data, std::size_t out_len, std::string_view key = {}) {
  return blake2b(data.data(), data.size(), out_len, key);
}

}  // namespace tessera::crypto
