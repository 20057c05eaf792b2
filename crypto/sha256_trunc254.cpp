#include "crypto/sha256_trunc254.hpp"

#include <algorithm>
#include <cstring>

namespace tessera::crypto {
namespace {

// The padding block of a 64-byte message: 0x80, zeros, bit length 512 big-endian.
constexpr std::uint8_t kPadBlock64[64] = {0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                          0,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                          0,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                          0,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00};

void store_digest(const Sha256State& state, std::uint8_t* out) {
  for (int i = 0; i < 8; ++i) {
    out[4 * i] = static_cast<std::uint8_t>(state[i] >> 24);
    out[4 * i + 1] = static_cast<std::uint8_t>(state[i] >> 16);
    out[4 * i + 2] = static_cast<std::uint8_t>(state[i] >> 8);
    out[4 * i + 3] = static_cast<std::uint8_t>(state[i]);
  }
  truncate_to_fr(out);
}

}  // namespace

Digest32 sha256_trunc254_node(const std::uint8_t* left, const std::uint8_t* right) {
  std::uint8_t block[64];
  std::memcpy(block, left, 32);
  std::memcpy(block + 32, right, 32);
  Sha256State state = kSha256Init;
  sha256_compress(state, block, 1);
  sha256_compress(state, kPadBlock64, 1);
  Digest32 out;
  store_digest(state, out.data());
  return out;
}

void sha256_trunc254_level(const std::uint8_t* children, std::uint8_t* parents, std::size_t count) {
  std::size_t i = 0;
  for (; i + 2 <= count; i += 2) {
    Sha256State a = kSha256Init, b = kSha256Init;
    sha256_compress_x2(a, b, children + 64 * i, children + 64 * (i + 1), 1);
    sha256_compress_x2(a, b, kPadBlock64, kPadBlock64, 1);
    // Children of pair i+1 lie past parent slot i+1, so writing both parents now is safe in place.
    store_digest(a, parents + 32 * i);
    store_digest(b, parents + 32 * (i + 1));
  }
  if (i < count) {
    auto last = sha256_trunc254_node(children + 64 * i, children + 64 * i + 32);
    std::copy(last.begin(), last.end(), parents + 32 * i);
  }
}

}  // namespace tessera::crypto
