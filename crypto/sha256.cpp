#include "crypto/sha256.hpp"

#include <cpuid.h>

#include <cstring>

namespace tessera::crypto {
namespace {

inline std::uint32_t rotr(std::uint32_t x, int n) {
  return (x >> n) | (x << (32 - n));
}

inline std::uint32_t load_be32(const std::uint8_t* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
         std::uint32_t(p[3]);
}

void compress_portable(Sha256State& state, const std::uint8_t* blocks, std::size_t nblocks) {
  for (std::size_t b = 0; b < nblocks; ++b, blocks += 64) {
    std::uint32_t w[64];
    for (int t = 0; t < 16; ++t) w[t] = load_be32(blocks + 4 * t);
    for (int t = 16; t < 64; ++t) {
      std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    std::uint32_t a = state[0], bb = state[1], c = state[2], d = state[3];
    std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 64; ++t) {
      std::uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      std::uint32_t ch = (e & f) ^ (~e & g);
      std::uint32_t t1 = h + s1 + ch + kSha256RoundConstants[t] + w[t];
      std::uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      std::uint32_t maj = (a & bb) ^ (a & c) ^ (bb & c);
      std::uint32_t t2 = s0 + maj;
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = bb;
      bb = a;
      a = t1 + t2;
    }
    state[0] += a;
    state[1] += bb;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}

}  // namespace

// Defined in sha256_shani.cpp, compiled with the SHA/SSE4.1 target attributes.
void sha256_compress_shani(Sha256State& state, const std::uint8_t* blocks, std::size_t nblocks);
void sha256_compress_shani_x2(Sha256State& state_a, Sha256State& state_b,
                              const std::uint8_t* blocks_a, const std::uint8_t* blocks_b,
                              std::size_t nblocks);

bool sha_ni_available() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
  bool ssse3 = ecx & (1u << 9);
  bool sse41 = ecx & (1u << 19);
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
  bool sha = ebx & (1u << 29);
  return ssse3 && sse41 && sha;
}

Sha256Impl sha256_active_impl() {
  static const Sha256Impl impl = sha_ni_available() ? Sha256Impl::kShaNi : Sha256Impl::kPortable;
  return impl;
}

void sha256_compress_with(Sha256Impl impl, Sha256State& state, const std::uint8_t* blocks,
                          std::size_t nblocks) {
  if (impl == Sha256Impl::kShaNi) {
    sha256_compress_shani(state, blocks, nblocks);
  } else {
    compress_portable(state, blocks, nblocks);
  }
}

void sha256_compress(Sha256State& state, const std::uint8_t* blocks, std::size_t nblocks) {
  sha256_compress_with(sha256_active_impl(), state, blocks, nblocks);
}

void sha256_compress_x2(Sha256State& state_a, Sha256State& state_b, const std::uint8_t* blocks_a,
                        const std::uint8_t* blocks_b, std::size_t nblocks) {
  if (sha256_active_impl() == Sha256Impl::kShaNi) {
    sha256_compress_shani_x2(state_a, state_b, blocks_a, blocks_b, nblocks);
  } else {
    compress_portable(state_a, blocks_a, nblocks);
    compress_portable(state_b, blocks_b, nblocks);
  }
}

Sha256& Sha256::update(const std::uint8_t* data, std::size_t size) {
  total_ += size;
  if (buffered_) {
    std::size_t take = std::min(size, 64 - buffered_);
    std::memcpy(buffer_.data() + buffered_, data, take);
    buffered_ += take;
    data += take;
    size -= take;
    if (buffered_ < 64) return *this;
    sha256_compress(state_, buffer_.data(), 1);
    buffered_ = 0;
  }
  if (size >= 64) {
    sha256_compress(state_, data, size / 64);
    data += size / 64 * 64;
    size %= 64;
  }
  if (size) {
    std::memcpy(buffer_.data(), data, size);
    buffered_ = size;
  }
  return *this;
}

Digest32 Sha256::finish() {
  std::uint64_t bit_length = total_ * 8;
  std::uint8_t pad[72] = {0x80};
  std::size_t pad_len = (buffered_ < 56 ? 56 : 120) - buffered_;
  for (int i = 0; i < 8; ++i)
    pad[pad_len + i] = static_cast<std::uint8_t>(bit_length >> (56 - 8 * i));
  update(pad, pad_len + 8);
  Digest32 out;
  for (int i = 0; i < 8; ++i) {
    out[4 * i] = static_cast<std::uint8_t>(state_[i] >> 24);
    out[4 * i + 1] = static_cast<std::uint8_t>(state_[i] >> 16);
    out[4 * i + 2] = static_cast<std::uint8_t>(state_[i] >> 8);
    out[4 * i + 3] = static_cast<std::uint8_t>(state_[i]);
  }
  return out;
}

Digest32 sha256(const std::uint8_t* data, std::size_t size) {
  return Sha256().update(data, size).finish();
}

}  // namespace tessera::crypto
