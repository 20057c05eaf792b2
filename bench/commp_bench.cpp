// Prints the machine's single-core SHA-256 compression rate (the bound) and CommP throughput
// measured in the same run, with their ratio. CommP needs two compressions per tree node and
// one node per 32 padded bytes, so the bound is compressions/s × 16 padded bytes × 127/128.
//
//   build/bench/bench_commp [MiB of piece data, default 256]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
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
  auto start = Clock::now();
  auto piece = porep::compute_commp(data.data(), data.size());
  double elapsed = seconds_since(start);
  double rate = static_cast<double>(size) / elapsed;
  double bound = active * 16.0 * 127.0 / 128.0;
  std::printf("CommP of %zu MiB: %.1f MB/s unpadded; bound %.1f MB/s; ratio %.3f (padded size %llu)\n",
              mib, rate / 1e6, bound / 1e6, rate / bound,
              static_cast<unsigned long long>(piece.padded_size));
  return 0;
}
