#include "crypto/chacha.hpp"

namespace tessera::crypto {
namespace {

inline std::uint32_t rotl(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

inline void quarter_round(std::uint32_t* s, int a, int b, int c, int d) {
  s[a] += s[b]; s[d] ^= s[a]; s[d] = rotl(s[d], 16);
  s[c] += s[d]; s[b] ^= s[c]; s[b] = rotl(s[b], 12);
  s[a] += s[b]; s[d] ^= s[a]; s[d] = rotl(s[d], 8);
  s[c] += s[d]; s[b] ^= s[c]; s[b] = rotl(s[b], 7);
}

// One ChaCha block from the 16-word input state, with `rounds` rounds (8 or 20).
void chacha_block(const std::uint32_t in[16], int rounds, std::uint32_t out[16]) {
  std::uint32_t s[16];
  for (int i = 0; i < 16; ++i) s[i] = in[i];
  for (int r = 0; r < rounds; r += 2) {
    quarter_round(s, 0, 4, 8, 12);
    quarter_round(s, 1, 5, 9, 13);
    quarter_round(s, 2, 6, 10, 14);
    quarter_round(s, 3, 7, 11, 15);
    quarter_round(s, 0, 5, 10, 15);
    quarter_round(s, 1, 6, 11, 12);
    quarter_round(s, 2, 7, 8, 13);
    quarter_round(s, 3, 4, 9, 14);
  }
  for (int i = 0; i < 16; ++i) out[i] = s[i] + in[i];
}

constexpr std::uint32_t kSigma[4] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

std::uint32_t load_le32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) |
         (std::uint32_t(p[3]) << 24);
}

}  // namespace

ChaCha8Rng::ChaCha8Rng(const std::array<std::uint8_t, 32>& seed) {
  for (int i = 0; i < 8; ++i) key_[i] = load_le32(seed.data() + 4 * i);
}

void ChaCha8Rng::refill() {
  std::uint32_t in[16] = {kSigma[0], kSigma[1], kSigma[2], kSigma[3]};
  for (int i = 0; i < 8; ++i) in[4 + i] = key_[i];
  in[12] = static_cast<std::uint32_t>(counter_);
  in[13] = static_cast<std::uint32_t>(counter_ >> 32);
  in[14] = 0;  // stream id 0
  in[15] = 0;
  chacha_block(in, 8, block_.data());
  ++counter_;
  index_ = 0;
}

std::uint32_t ChaCha8Rng::next_u32() {
  if (index_ >= 16) refill();
  return block_[index_++];
}

std::uint64_t ChaCha8Rng::next_u64() {
  std::uint64_t low = next_u32();
  std::uint64_t high = next_u32();
  return (high << 32) | low;
}

void chacha20_ietf_keystream(const std::array<std::uint8_t, 32>& key,
                             const std::array<std::uint8_t, 12>& nonce, std::uint32_t counter,
                             std::uint8_t* out, std::size_t size) {
  std::uint32_t in[16] = {kSigma[0], kSigma[1], kSigma[2], kSigma[3]};
  for (int i = 0; i < 8; ++i) in[4 + i] = load_le32(key.data() + 4 * i);
  for (int i = 0; i < 3; ++i) in[13 + i] = load_le32(nonce.data() + 4 * i);
  std::uint32_t block[16];
  for (std::size_t offset = 0; offset < size; offset += 64, ++counter) {
    in[12] = counter;
    chacha_block(in, 20, block);
    for (std::size_t i = 0; i < 64 && offset + i < size; ++i) {
      out[offset + i] ^= static_cast<std::uint8_t>(block[i / 4] >> (8 * (i % 4)));
    }
  }
}

}  // namespace tessera::crypto
