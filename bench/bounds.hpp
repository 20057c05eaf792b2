// What the benchmarks measure their results against, in the same run: wall-clock and thread CPU
// seconds, the machine's single-core SHA-256 compression rate and Fr multiplication rate.
#pragma once

#include <time.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "crypto/fr.hpp"
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

// This thread's CPU time in seconds: unlike wall time it does not count the time other
// processes on a shared machine take from us.
inline double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Mean ns of one call of `op` in thread CPU time, repeated in batches of `batch` for at least
// `seconds`.
inline double time_ns(const std::function<void()>& op, int batch, double seconds) {
  std::uint64_t done = 0;
  const double start = thread_cpu_seconds();
  while (thread_cpu_seconds() - start < seconds) {
    for (int i = 0; i < batch; ++i) op();
    done += static_cast<std::uint64_t>(batch);
  }
  return (thread_cpu_seconds() - start) * 1e9 / static_cast<double>(done);
}

// Fr multiplications per second of one core (a dependent chain, half a second of wall time).
inline double fr_muls_per_second() {
  crypto::Fr x = crypto::Fr::from_uint(3), y = crypto::Fr::from_uint(7);
  std::uint64_t done = 0;
  auto start = Clock::now();
  while (seconds_since(start) < 0.5) {
    for (int i = 0; i < 100000; ++i) x = x * y;
    done += 100000;
  }
  volatile bool sink = x.is_zero();
  (void)sink;
  return static_cast<double>(done) / seconds_since(start);
}

}  // namespace tessera::bench
