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
// the two streams are interleaved, which nearly doubles throughput on one core.
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
inline Digest32 sha256(const Bytes& data) { return sha256(data.data(), data.size()); }

}  // namespace tessera::crypto
