// Fixed-base multiplication speed (Groth16 parameter generation's cost) with random 255-bit
// scalars below r, on one core, timed in CPU time (the machine is shared, so wall time counts
// other people's work): the table built for about 2^20 products (porep-sized setups choose 16-bit
// windows), then 2^18 G1 and 2^15 G2 products. The yardstick, measured in the same run, is one
// mixed addition (Jacobian + affine, the curve.hpp formula) of the same group: "madds/product" is
// a product's cost in mixed additions. Summing one table entry per 12-bit window with mixed
// additions, then normalising, costs about 23; 16-bit signed windows summed in affine coordinates
// with shared inversions should cost about 16 additions of ~6 multiplications, ~9 madds.
//
//   build/bench/bench_fixed_base
#include <time.h>

#include <cstdio>
#include <random>
#include <vector>

#include "crypto/bls12_381/fixed_base.hpp"

using namespace tessera;
using namespace tessera::bls12_381;

namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

std::vector<Scalar> random_scalars(std::size_t n, std::mt19937_64& rng) {
  std::vector<Scalar> scalars(n);
  for (Scalar& s : scalars) {
    s = {rng(), rng(), rng(), rng() & 0x3fffffffffffffffULL};  // 254 bits: below r
    s[3] |= 0x4000000000000000ULL;                             // 255 bits
  }
  return scalars;
}

// CPU seconds per mixed addition, over `n` additions of distinct points.
template <class Curve>
double seconds_per_mixed_add(const Affine<Curve>& g, std::size_t n) {
  const auto step = Jacobian<Curve>::from_affine(g).mul(12345).to_affine();
  auto acc = Jacobian<Curve>::from_affine(g);
  const double start = thread_cpu_seconds();
  for (std::size_t i = 0; i < n; ++i) acc = acc + step;
  const double seconds = thread_cpu_seconds() - start;
  volatile bool sink = acc.is_identity();
  (void)sink;
  return seconds / static_cast<double>(n);
}

template <class Curve>
void run(const char* group, const Affine<Curve>& g, unsigned log_n, std::mt19937_64& rng) {
  const std::size_t n = std::size_t{1} << log_n;
  const auto scalars = random_scalars(n, rng);
  std::vector<Affine<Curve>> out(n);
  CoreBudget one_core(1);
  StageContext single(one_core, 1);
  const double madd = seconds_per_mixed_add(g, 100000);
  const double table_start = thread_cpu_seconds();
  const FixedBaseTable<Curve> table(g, std::size_t{1} << 20, single);
  const double table_seconds = thread_cpu_seconds() - table_start;
  const double mul_start = thread_cpu_seconds();
  table.mul(scalars, out, single);
  const double mul_seconds = thread_cpu_seconds() - mul_start;
  std::printf(
      "%s %u-bit windows: table %7.1f ms   2^%u products %8.1f ms   %6.2f us/product"
      "   %5.1f madds/product (madd %.0f ns)\n",
      group, table.window_bits(), table_seconds * 1e3, log_n, mul_seconds * 1e3,
      mul_seconds * 1e6 / static_cast<double>(n), mul_seconds / (madd * static_cast<double>(n)),
      madd * 1e9);
}

}  // namespace

int main() {
  std::mt19937_64 rng(20261203);
  run("G1", g1_generator(), 18, rng);
  run("G2", g2_generator(), 15, rng);
  return 0;
}
