// SHA-256 (FIPS 180-4): the raw compression function with SHA-NI when the CPU has it (chosen
// once at run time) and a portable fallback, plus an incremental hasher on top.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "common/encoding.hpp"

namespace tessera::crypto {

using Sha256State = std::array<std::uint32_t, 8>;
using Digest32 = std::array<std::uint8_t, 32>;

// The initial hash value H(0).
inline constexpr Sha256State kSha256Init = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// The 64 round constants K (FIPS 180-4 §4.2.2), 16-byte aligned for SIMD loads.
alignas(16) inline constexpr std::uint32_t kSha256RoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

enum class Sha256Impl { kPortable, kShaNi };

// True when this CPU has the SHA extensions (and SSSE3/SSE4.1) that kShaNi needs.
bool sha_ni_available();
// The implementation sha256_compress uses on this machine.
Sha256Impl sha256_active_impl();

// Runs the compression function over nblocks consecutive 64-byte blocks, updating state.
void sha256_compress(Sha256State& state, const std::uint8_t* blocks, std::size_t nblocks);
// Same with an explicit implementation (kShaNi requires sha_ni_available()).
void sha256_compress_with(Sha256Impl impl, Sha256State& state, const std::uint8_t* blocks,
                          std::size_t nblocks);

// Two independent compressions at once (each state over its own nblocks blocks); with SHA-NI
// the two streams are interleaved, which raises throughput on one core (1.22× on the AMD Zen 5
// development VM, where SHA256RNDS2's throughput rather than its latency bounds one stream).
void sha256_compress_x2(Sha256State& state_a, Sha256State& state_b, const std::uint8_t* blocks_a,
                        const std::uint8_t* blocks_b, std::size_t nblocks);

// Incremental SHA-256 of a byte stream.
class Sha256 {
 public:
  Sha256& update(const std::uint8_t* data, std::size_t size);
  Sha256& update(const Bytes& data) { return update(data.data(), data.size()); }
  // Pads, returns the digest; the hasher must not be used afterwards.
  Digest32 finish();

 private:
  Sha256State state_ = kSha256Init;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_ = 0;
};

// One-shot SHA-256 of data.
Digest32 sha256(const std::uint8_t* data, std::size_t size);
inline Digest32 sha256(const Bytes& data) {
  return sha256(data.data(), data.size());
}

}  // namespace tessera::crypto
