// BLAKE2b as RFC 7693 specifies it. Written here rather than taken from libsodium because
// Filecoin needs digest lengths libsodium refuses (4-byte address checksums).
#include "crypto/blake2b.hpp"

#include <array>
#include <cstring>

#include "common/error.hpp"

namespace tessera::crypto {
namespace {

constexpr std::array<std::uint64_t, 8> kIv = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

constexpr std::uint8_t kSigma[12][16] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
                                         {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
                                         {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
                                         {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
                                         {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
                                         {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
                                         {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
                                         {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
                                         {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
                                         {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
                                         {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
                                         {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

inline std::uint64_t rotr64(std::uint64_t x, int n) {
  return (x >> n) | (x << (64 - n));
}

inline std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// F: compresses one 128-byte block; bytes_so_far counts every input byte up to this block's end.
void compress(std::array<std::uint64_t, 8>& h, const std::uint8_t* block,
              unsigned __int128 bytes_so_far, bool last) {
  std::uint64_t m[16], v[16];
  for (int i = 0; i < 16; ++i) m[i] = load_le64(block + 8 * i);
  for (int i = 0; i < 8; ++i) {
    v[i] = h[i];
    v[i + 8] = kIv[i];
  }
  v[12] ^= static_cast<std::uint64_t>(bytes_so_far);
  v[13] ^= static_cast<std::uint64_t>(bytes_so_far >> 64);
  if (last) v[14] = ~v[14];
  auto g = [&v](int a, int b, int c, int d, std::uint64_t x, std::uint64_t y) {
    v[a] = v[a] + v[b] + x;
    v[d] = rotr64(v[d] ^ v[a], 32);
    v[c] = v[c] + v[d];
    v[b] = rotr64(v[b] ^ v[c], 24);
    v[a] = v[a] + v[b] + y;
    v[d] = rotr64(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = rotr64(v[b] ^ v[c], 63);
  };
  for (const auto& s : kSigma) {
    g(0, 4, 8, 12, m[s[0]], m[s[1]]);
    g(1, 5, 9, 13, m[s[2]], m[s[3]]);
    g(2, 6, 10, 14, m[s[4]], m[s[5]]);
    g(3, 7, 11, 15, m[s[6]], m[s[7]]);
    g(0, 5, 10, 15, m[s[8]], m[s[9]]);
    g(1, 6, 11, 12, m[s[10]], m[s[11]]);
    g(2, 7, 8, 13, m[s[12]], m[s[13]]);
    g(3, 4, 9, 14, m[s[14]], m[s[15]]);
  }
  for (int i = 0; i < 8; ++i) h[i] ^= v[i] ^ v[i + 8];
}

}  // namespace

Bytes blake2b(const std::uint8_t* data, std::size_t size, std::size_t out_len,
              std::string_view key) {
  if (out_len < 1 || out_len > 64) throw InvalidInput("blake2b: digest length out of range");
  if (key.size() > 64) throw InvalidInput("blake2b: key length out of range");
  std::array<std::uint64_t, 8> h = kIv;
  h[0] ^= 0x01010000ULL ^ (std::uint64_t{key.size()} << 8) ^ out_len;

  std::uint8_t block[128];
  unsigned __int128 counted = 0;
  if (!key.empty()) {  // the key, zero-padded, is the first block
    std::memset(block, 0, sizeof block);
    std::memcpy(block, key.data(), key.size());
    counted = 128;
    compress(h, block, counted, size == 0);
  }
  // Every full block but the last one is compressed as "not last".
  while (size > 128) {
    counted += 128;
    compress(h, data, counted, false);
    data += 128;
    size -= 128;
  }
  if (size > 0 || key.empty()) {
    std::memset(block, 0, sizeof block);
    if (size > 0) std::memcpy(block, data, size);  // data may be null when size is 0
    counted += size;
    compress(h, block, counted, true);
  }
  Bytes out(out_len);
  for (std::size_t i = 0; i < out_len; ++i)
    out[i] = static_cast<std::uint8_t>(h[i / 8] >> (8 * (i % 8)));
  return out;
}

}  // namespace tessera::crypto
