// BLS12-381 arithmetic speed: ns per Fp and Fr multiplication, µs per Miller loop, final
// exponentiation, decompression, subgroup check and scalar multiplication, each with its ratio to
// blst's time measured on the build machine (reference/snark.md §6.1: blst @dece82e, gcc -O2,
// 2 vCPU AMD EPYC at 2.6 GHz, single thread; midpoints of the measured ranges). The goal of
// issue #13 is a ratio ≤ 1.3.
//
//   build/bench/bench_bls12_381

#include <cstdio>

#include "bench/bounds.hpp"
#include "crypto/bls12_381/pairing.hpp"
#include "crypto/bls12_381/serialization.hpp"
#include "crypto/fr.hpp"

using namespace tessera;
using namespace tessera::bls12_381;
using bench::time_ns;

namespace {

// blst's times in ns (source: reference/snark.md §6.1).
constexpr double kBlstFpMul = 43;             // 41–45 ns
constexpr double kBlstFrMul = 23;             // 23 ns
constexpr double kBlstMillerLoop = 314.5e3;   // 305–324 µs, one pair
constexpr double kBlstFinalExp = 380e3;       // 380 µs
constexpr double kBlstG1Decompress = 15.5e3;  // 15.5 µs
constexpr double kBlstG1Subgroup = 50e3;      // 50 µs
constexpr double kBlstG2Decompress = 31.5e3;  // 31–32 µs
constexpr double kBlstG2Subgroup = 55e3;      // 55 µs
constexpr double kBlstG1Mul = 106.5e3;        // 100–113 µs, 255-bit scalar
constexpr double kBlstG2Mul = 215.5e3;        // 208–223 µs

void report(const char* what, double ns, double blst_ns) {
  if (ns < 1e3) {
    std::printf("%-28s %9.1f ns   blst %9.1f ns   ratio %.2f\n", what, ns, blst_ns, ns / blst_ns);
  } else {
    std::printf("%-28s %9.1f us   blst %9.1f us   ratio %.2f\n", what, ns / 1e3, blst_ns / 1e3,
                ns / blst_ns);
  }
}

}  // namespace

int main() {
  // Dependent multiplication chains, as blst's figures were measured.
  Fp x = Fp::from_uint(3), y = Fp::from_uint(7);
  report("Fp mul", time_ns([&] { x = x * y; }, 100000, 0.5), kBlstFpMul);
  crypto::Fr a = crypto::Fr::from_uint(3), b = crypto::Fr::from_uint(7);
  report("Fr mul", time_ns([&] { a = a * b; }, 100000, 0.5), kBlstFrMul);

  const Scalar k = {0x0123456789abcdefULL, 0xfedcba9876543210ULL, 0x0f1e2d3c4b5a6978ULL,
                    0x53eda753299d7d48ULL};  // 255 bits, below r
  const G1Affine p = G1::from_affine(g1_generator()).mul(k).to_affine();
  const G2Affine q = G2::from_affine(g2_generator()).mul(k).to_affine();
  Fp12 f;
  report("Miller loop (1 pair)", time_ns([&] { f = miller_loop(p, q); }, 10, 1.0), kBlstMillerLoop);
  Fp12 e;
  report("final exponentiation", time_ns([&] { e = final_exponentiation(f); }, 10, 1.0),
         kBlstFinalExp);
  const auto pc = g1_to_compressed(p);
  const auto qc = g2_to_compressed(q);
  G1Affine pd;
  G2Affine qd;
  report("G1 decompress (unchecked)", time_ns([&] { pd = g1_from_compressed(pc, false); }, 10, 0.5),
         kBlstG1Decompress);
  report("G1 subgroup check", time_ns([&] { (void)g1_in_subgroup(pd); }, 10, 0.5), kBlstG1Subgroup);
  report("G2 decompress (unchecked)", time_ns([&] { qd = g2_from_compressed(qc, false); }, 10, 0.5),
         kBlstG2Decompress);
  report("G2 subgroup check", time_ns([&] { (void)g2_in_subgroup(qd); }, 10, 0.5), kBlstG2Subgroup);
  G1 pm;
  G2 qm;
  report("G1 scalar mul (255-bit)", time_ns([&] { pm = G1::from_affine(p).mul(k); }, 10, 0.5),
         kBlstG1Mul);
  report("G2 scalar mul (255-bit)", time_ns([&] { qm = G2::from_affine(q).mul(k); }, 10, 0.5),
         kBlstG2Mul);
  volatile bool sink = x.is_zero() || a.is_zero() || e.is_one() || pm.is_identity() ||
                       qm.is_identity() || pd.infinity || qd.infinity;
  (void)sink;
  return 0;
}
