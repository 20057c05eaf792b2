// Multi-scalar multiplication speed with random 255-bit scalars below r: G1 with 2^10, 2^14 and
// 2^18 points and G2 with 2^10 and 2^14 points on one core, timed in CPU time (the machine is
// shared, so wall time counts other people's work), each with two ratios:
//  - against blst's Pippenger MSM measured on this build machine (reference/snark.md §6.1:
//    blst @dece82e, gcc -O2, 2 vCPU AMD EPYC at 2.6 GHz, single thread; midpoints of ranges);
//  - against a yardstick measured in the same run: one mixed addition (Jacobian + affine, the
//    curve.hpp formula) on the same group, printed as "madds/point", the MSM's cost per point in
//    mixed additions. Pippenger with windows of c bits needs about 256/c bucket additions per
//    point plus the bucket sums, so a few tens is expected; blst's 2^18 figure is ~21 G1 madds
//    of this code per point.
// Then G1 with 2^18 points on all the machine's cores: the busiest thread's CPU time and the
// speedup it means over one core on the same input (see run()).
//
//   build/bench/bench_msm
#include <time.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "crypto/bls12_381/msm.hpp"

using namespace tessera;
using namespace tessera::bls12_381;

namespace {

// blst's MSM times in ms (source: reference/snark.md §6.1).
constexpr double kBlstG1Msm10 = 20;
constexpr double kBlstG1Msm14 = 221.5;  // 211–232 ms
constexpr double kBlstG1Msm18 = 2380;
constexpr double kBlstG2Msm10 = 55;
constexpr double kBlstG2Msm14 = 537;

// CPU seconds of this thread (or of the whole process): unlike wall time they do not count the
// time other processes on the shared machine take from us.
double cpu_seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// CPU seconds (user + system) of each of the process's threads, by thread id, from
// /proc/self/task (10 ms resolution).
std::map<std::string, double> cpu_seconds_by_thread() {
  std::map<std::string, double> out;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream stat(task.path() / "stat");
    std::string line;
    std::getline(stat, line);
    // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stod(field);
      if (i == 15) stime = std::stod(field);
    }
    out[task.path().filename().string()] = (utime + stime) / tick;
  }
  return out;
}

// Affine forms of Jacobian points with one inversion in all (Montgomery's trick).
template <class Curve>
std::vector<Affine<Curve>> to_affine_all(const std::vector<Jacobian<Curve>>& points) {
  using F = typename Curve::Field;
  std::vector<F> prefix(points.size());
  F product = F::one();
  for (std::size_t i = 0; i < points.size(); ++i) {
    prefix[i] = product;
    product *= points[i].z;
  }
  F inverse = product.inverse();
  std::vector<Affine<Curve>> out(points.size());
  for (std::size_t i = points.size(); i-- > 0;) {
    const F zi = inverse * prefix[i];
    inverse *= points[i].z;
    const F zi2 = zi.square();
    out[i] = {points[i].x * zi2, points[i].y * zi2 * zi, false};
  }
  return out;
}

// n distinct points s·g, (s + t)·g, (s + 2t)·g, ... for fixed random s, t.
template <class Curve>
std::vector<Affine<Curve>> random_points(const Affine<Curve>& g, std::size_t n,
                                         std::mt19937_64& rng) {
  const auto start = Jacobian<Curve>::from_affine(g).mul(rng());
  const auto step = Jacobian<Curve>::from_affine(g).mul(rng()).to_affine();
  std::vector<Jacobian<Curve>> points(n);
  points[0] = start;
  for (std::size_t i = 1; i < n; ++i) points[i] = points[i - 1] + step;
  return to_affine_all(points);
}

std::vector<Scalar> random_scalars(std::size_t n, std::mt19937_64& rng) {
  std::vector<Scalar> scalars(n);
  for (Scalar& s : scalars) {
    s = {rng(), rng(), rng(), rng() & 0x3fffffffffffffffULL};  // 254 bits: below r
    s[3] |= 0x4000000000000000ULL;                             // 255 bits
  }
  return scalars;
}

// CPU seconds per mixed addition on the given points, over one pass.
template <class Curve>
double seconds_per_mixed_add(const std::vector<Affine<Curve>>& points) {
  auto acc = Jacobian<Curve>::from_affine(points[0]);
  const double start = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
  for (std::size_t i = 1; i < points.size(); ++i) acc = acc + points[i];
  const double seconds = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - start;
  volatile bool sink = acc.is_identity();
  (void)sink;
  return seconds / static_cast<double>(points.size() - 1);
}

struct Timing {
  double cpu = 0;      // CPU seconds of all the process's threads
  double busiest = 0;  // CPU seconds of the thread that used the most
};

// The run with the least CPU time among `runs` MSMs.
template <class Curve>
Timing best_msm(const std::vector<Affine<Curve>>& points, const std::vector<Scalar>& scalars,
                StageContext& ctx, int runs) {
  Timing best;
  for (int r = 0; r < runs; ++r) {
    const auto threads_before = cpu_seconds_by_thread();
    const double cpu_start = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
    const auto sum = msm(std::span(points), std::span(scalars), ctx);
    Timing t{cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start};
    for (const auto& [thread, seconds] : cpu_seconds_by_thread()) {
      const auto before = threads_before.find(thread);
      t.busiest =
          std::max(t.busiest, seconds - (before == threads_before.end() ? 0 : before->second));
    }
    volatile bool sink = sum.is_identity();
    (void)sink;
    if (r == 0 || t.cpu < best.cpu) best = t;
  }
  return best;
}

// One core: the CPU time, with its ratio to blst and its cost in mixed additions per point.
// Several cores: the CPU time of the busiest thread, about the wall time on otherwise idle
// cores (wall time here is not: the shared machine's scheduler gives this session a fixed share
// of the cores however many threads it runs), the speedup it gives over one core's CPU time on
// the same input, and the CPU time of all threads.
template <class Curve>
void run(const char* group, const Affine<Curve>& g, unsigned log_n, unsigned cores, int runs,
         double blst_ms, std::mt19937_64& rng) {
  const std::size_t n = std::size_t{1} << log_n;
  const auto points = random_points(g, n, rng);
  const auto scalars = random_scalars(n, rng);
  CoreBudget one_core(1);
  StageContext single(one_core, 1);
  if (cores == 1) {
    const double madd = seconds_per_mixed_add(points);
    const Timing t = best_msm(points, scalars, single, runs);
    std::printf(
        "%s 2^%-2u 1 core   cpu %8.1f ms   blst %7.1f ms   ratio %.2f   %6.2f us/point"
        "   %5.1f madds/point (madd %.0f ns)\n",
        group, log_n, t.cpu * 1e3, blst_ms, t.cpu * 1e3 / blst_ms,
        t.cpu * 1e6 / static_cast<double>(n), t.cpu / (madd * static_cast<double>(n)), madd * 1e9);
    return;
  }
  CoreBudget budget(cores);
  StageContext all(budget, cores);
  const Timing t1 = best_msm(points, scalars, single, runs);
  const Timing t = best_msm(points, scalars, all, runs);
  std::printf(
      "%s 2^%-2u %u cores  busiest thread cpu %7.1f ms   blst(1 core) %7.1f ms   ratio %.2f"
      "   speedup over 1 core (cpu %.1f ms) %.2f   cpu of all threads %.1f ms\n",
      group, log_n, cores, t.busiest * 1e3, blst_ms, t.busiest * 1e3 / blst_ms, t1.cpu * 1e3,
      t1.cpu / t.busiest, t.cpu * 1e3);
}

}  // namespace

int main() {
  std::mt19937_64 rng(20240611);
  const unsigned all = CoreBudget::hardware_cores();
  run("G1", g1_generator(), 10, 1, 5, kBlstG1Msm10, rng);
  run("G1", g1_generator(), 14, 1, 3, kBlstG1Msm14, rng);
  run("G1", g1_generator(), 18, 1, 2, kBlstG1Msm18, rng);
  run("G1", g1_generator(), 18, all, 2, kBlstG1Msm18, rng);
  run("G2", g2_generator(), 10, 1, 5, kBlstG2Msm10, rng);
  run("G2", g2_generator(), 14, 1, 3, kBlstG2Msm14, rng);
  return 0;
}
