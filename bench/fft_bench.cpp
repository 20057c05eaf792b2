// FFT speed over the Groth16 domains: time of one fft of 2^16 and 2^20 elements on one core and
// on every core, against a bound from the same run: (m/2)·log2(m) Fr multiplications (one per
// butterfly) at the measured time of one multiplication, divided by the cores used.
//
//   build/bench/bench_fft
#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include "bench/bounds.hpp"
#include "common/executor/core_budget.hpp"
#include "common/executor/stage_context.hpp"
#include "crypto/fr.hpp"
#include "crypto/fr_domain.hpp"

using namespace tessera;
using bench::Clock;
using bench::seconds_since;

namespace {

// The best of `runs` timings of one fft.
double fft_seconds(const crypto::FrDomain& domain, unsigned cores, int runs) {
  CoreBudget budget(cores);
  StageContext ctx(budget, cores);
  std::mt19937_64 rng(1);
  std::vector<crypto::Fr> a(domain.size());
  for (auto& x : a) x = crypto::Fr::from_uint(rng());
  double best = 1e30;
  for (int r = 0; r < runs; ++r) {
    auto start = Clock::now();
    domain.fft(a, ctx);
    best = std::min(best, seconds_since(start));
  }
  return best;
}

}  // namespace

int main() {
  const double mul = 1.0 / bench::fr_muls_per_second();
  const unsigned all = CoreBudget::hardware_cores();
  std::printf("Fr multiplication, one core: %.1f ns\n", mul * 1e9);
  for (unsigned log_m : {16u, 20u}) {
    const auto domain = crypto::FrDomain::for_size(std::uint64_t{1} << log_m);
    const double muls = static_cast<double>(domain.size() / 2) * log_m;
    for (unsigned cores : {1u, all}) {
      const double t = fft_seconds(domain, cores, log_m == 16 ? 5 : 2);
      const double bound = muls * mul / cores;
      std::printf("FFT 2^%u on %u core(s): %.2f ms, bound %.2f ms, ratio %.2f\n", log_m, cores,
                  t * 1e3, bound * 1e3, t / bound);
      if (all == 1) break;
    }
  }
  return 0;
}
