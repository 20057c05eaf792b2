// Prints the machine's single-core SHA-256 compression rate (the bound) and CommP throughput
// measured in the same run, with their ratio. CommP needs two compressions per tree node and
// one node per 32 padded bytes, so the bound is compressions/s × 16 padded bytes × 127/128.
// Runs once on one thread and once on every core, and prints the scaling.
//
//   build/bench/bench_commp [MiB of piece data, default 256]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>

#include "bench/bounds.hpp"
#include "sealing/porep/commp.hpp"

using namespace tessera;
using bench::Clock;
using bench::compressions_per_second;
using bench::seconds_since;

int main(int argc, char** argv) {
  std::size_t mib = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 256;
  auto impl = crypto::sha256_active_impl();
  double portable = compressions_per_second(crypto::Sha256Impl::kPortable);
  double active = compressions_per_second(impl);
  std::printf("sha256 compressions/s, one core: %.3g (%s), portable %.3g\n", active,
              impl == crypto::Sha256Impl::kShaNi ? "SHA-NI" : "portable", portable);

  std::size_t size = mib * 1024 * 1024 / 127 * 127;
  std::vector<std::uint8_t> data(size);
  std::mt19937_64 rng(1);
  for (auto& b : data) b = static_cast<std::uint8_t>(rng());
  const double bound = active * 16.0 * 127.0 / 128.0;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  double one_core = 0;
  for (unsigned threads : {1u, cores}) {
    auto start = Clock::now();
    auto piece = porep::compute_commp(data.data(), data.size(), threads);
    const double rate = static_cast<double>(size) / seconds_since(start);
    if (threads == 1) one_core = rate;
    std::printf(
        "CommP of %zu MiB on %u thread(s): %.1f MB/s unpadded; one-core bound %.1f MB/s; ratio "
        "%.3f; "
        "scaling %.2fx (padded size %llu)\n",
        mib, threads, rate / 1e6, bound / 1e6, rate / bound, rate / one_core,
        static_cast<unsigned long long>(piece.padded_size));
  }
  return 0;
}
