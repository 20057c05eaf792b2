// Poseidon and PC2 tree speed: hashes/s per core for the arities sealing uses, and the time of
// TreeC + TreeRLast for a sector of the given size built from its files on every core, as PC2
// does. The bound printed alongside is the same run's Fr multiplications/s divided by the
// multiplications one hash needs in neptune's optimized (sparse-matrix) schedule with every
// product reduced; tessera's lazy reduction and batched partial rounds beat it (ratio > 1 is
// faster). Arities 2 and 11 are also set against neptune's own figures: 11 and 49 µs per hash
// on one M1 core (argumentcomputer/neptune issue #236), the goal of issue #13 being ≤ 1.0.
//
//   build/bench/bench_poseidon [sector MiB for the tree run, default 32; 0 skips it] [work dir]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "bench/bounds.hpp"
#include "common/progress.hpp"
#include "crypto/fr.hpp"
#include "crypto/poseidon.hpp"
#include "sealing/porep/pc1.hpp"
#include "sealing/porep/seal_on_disk.hpp"

using namespace tessera;
using bench::Clock;
using bench::seconds_since;

namespace {

// Multiplications of one optimized hash: S-boxes (3 each), dense full-round mixing, sparse
// partial-round mixing.
double muls_per_hash(std::size_t arity) {
  const auto& c = crypto::poseidon_constants(arity);
  const double t = static_cast<double>(arity + 1);
  return static_cast<double>(c.full_rounds) * (3 * t + t * t) +
         static_cast<double>(c.partial_rounds) * (3 + 2 * t - 1);
}

double hashes_per_second(std::size_t arity) {
  std::vector<crypto::Fr> inputs;
  for (std::size_t i = 0; i < arity; ++i) inputs.push_back(crypto::Fr::from_uint(i + 1));
  std::uint64_t done = 0;
  auto start = Clock::now();
  while (seconds_since(start) < 1.0) {
    for (int i = 0; i < 100; ++i) inputs[0] = crypto::poseidon_hash(inputs, arity);
    done += 100;
  }
  return static_cast<double>(done) / seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 32;
  const std::filesystem::path work = argc > 2 ? argv[2] : "/var/tmp";
  const double muls = bench::fr_muls_per_second();
  std::printf("Fr multiplications/s, one core: %.4g (%.1f ns each)\n", muls, 1e9 / muls);
  for (std::size_t arity : {2, 8, 11}) {
    const double rate = hashes_per_second(arity);
    const double bound = muls / muls_per_hash(arity);
    std::printf("Poseidon-%zu: %.4g hashes/s per core (%.1f us), bound %.4g, ratio %.2f", arity,
                rate, 1e6 / rate, bound, rate / bound);
    const double neptune_us = arity == 2 ? 11 : arity == 11 ? 49 : 0;
    if (neptune_us > 0) {
      std::printf("; neptune %.0f us, time ratio %.2f", neptune_us, 1e6 / rate / neptune_us);
    }
    std::printf("\n");
  }
  if (mib == 0) return 0;

  // A sector of random data through PC1, then PC2 timed (TreeC + encoding + TreeRLast).
  const std::uint64_t sector = mib << 20;
  const std::int64_t proof = mib == 512 ? 7 : mib == 8 ? 6 : -1;
  if (proof < 0) {
    std::fprintf(stderr, "tree run needs a sealable size: 8 or 512 (MiB)\n");
    return 1;
  }
  const auto dir = work / "tessera-bench-pc2";
  std::filesystem::create_directories(dir);
  ::setenv("FIL_PROOFS_PARENT_CACHE", (work / "tessera-bench-parents").c_str(), 0);
  {
    std::mt19937_64 rng(1);
    std::ofstream staged(dir / "staged", std::ios::binary);
    std::vector<std::uint8_t> block(32);
    for (std::uint64_t i = 0; i < sector / 32; ++i) {
      for (auto& b : block) b = static_cast<std::uint8_t>(rng());
      block[31] &= 0x3f;
      staged.write(reinterpret_cast<const char*>(block.data()), 32);
    }
  }
  porep::SealInputs inputs;
  inputs.registered_proof = proof;
  const bool terminal = progress::is_terminal(std::cerr);
  progress::Reporter pc1_progress(std::cerr, "PC1", terminal);
  auto start = Clock::now();
  porep::precommit1(inputs, dir / "staged", dir / "cache", dir / "sealed",
                    [&](const std::string& step, double f) { pc1_progress.update(step, f); });
  pc1_progress.finish("");
  std::printf("PC1 (tree-d + labels) for %llu MiB: %.1f s\n", static_cast<unsigned long long>(mib),
              seconds_since(start));
  start = Clock::now();
  progress::Reporter pc2_progress(std::cerr, "PC2", terminal);
  porep::precommit2(proof, dir / "cache", dir / "sealed",
                    [&](const std::string& step, double f) { pc2_progress.update(step, f); });
  pc2_progress.finish("");
  std::printf("PC2 (TreeC + encoding + TreeRLast) for %llu MiB on %u threads: %.1f s\n",
              static_cast<unsigned long long>(mib), std::thread::hardware_concurrency(),
              seconds_since(start));
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak RSS %.2f GiB\n", static_cast<double>(usage.ru_maxrss) / (1024.0 * 1024.0));
  std::filesystem::remove_all(dir);
  return 0;
}
