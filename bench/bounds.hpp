// What the benchmarks measure their results against, in the same run: wall-clock seconds and
// the machine's single-core SHA-256 compression rate.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "crypto/sha256.hpp"

namespace tessera::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Compressions/s of one core over one second of 4096-block runs.
inline double compressions_per_second(crypto::Sha256Impl impl = crypto::sha256_active_impl()) {
  std::vector<std::uint8_t> blocks(64 * 4096, 0x5a);
  crypto::Sha256State state = crypto::kSha256Init;
  std::size_t done = 0;
  auto start = Clock::now();
  while (seconds_since(start) < 1.0) {
    crypto::sha256_compress_with(impl, state, blocks.data(), 4096);
    done += 4096;
  }
  volatile auto sink = state[0];
  (void)sink;
  return static_cast<double>(done) / seconds_since(start);
}

}  // namespace tessera::bench
