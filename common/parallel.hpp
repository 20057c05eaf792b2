// Splitting a loop over the machine's cores: the one concurrency primitive the proof code uses.
#pragma once

#include <algorithm>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

namespace tessera {

// Calls body(begin, end) on disjoint ranges covering [0, n), one per hardware thread (fewer
// when n is small), and waits. The first exception thrown by a range is rethrown.
template <class Body>
void parallel_for(std::uint64_t n, Body&& body, std::uint64_t min_per_thread = 1) {
  const std::uint64_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::uint64_t threads =
      std::max<std::uint64_t>(1, std::min(cores, n / std::max<std::uint64_t>(1, min_per_thread)));
  if (threads <= 1) {
    if (n) body(std::uint64_t{0}, n);
    return;
  }
  std::vector<std::exception_ptr> errors(threads);
  std::vector<std::thread> pool;
  for (std::uint64_t t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      try {
        body(n * t / threads, n * (t + 1) / threads);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    });
  }
  for (auto& thread : pool) thread.join();
  for (auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

}  // namespace tessera
