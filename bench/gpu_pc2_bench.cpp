// PC2 on the GPU against PC2 on every host core, in the same run: a sector of random data through
// PC1, then PC2 timed on the CPU and on CUDA device 0 (every file PC2 writes must be the same,
// byte for byte: at 512 MiB this is the device test's check, done here), the ratio printed
// against the goal of 20×. Also the device's Poseidon-2/8/11 hashes/s (transfers included) next
// to the host's on all cores and as a share of the device's own Fr multiplication rate (its
// arithmetic bound, measured first), and from them a 32 GiB PC2 (2^30 arity-11 columns, 2 × 2^30/7
// arity-8 nodes for TreeC and TreeRLast; disk reads not counted) against supraseal's ~120 s on
// an RTX 3090 (reference/gpu-and-workers.md, Part A); how much of the device PC2's time the host
// spent waiting for the device, and the host's own work in it (bench/pc2_support.hpp) against
// reading PC2's input alone. Without a device it prints why and exits 77.
//
//   build/bench/bench_gpu_pc2 [sector MiB: 8 or 512, default 512] [work dir, default /var/tmp]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>
#include <vector>

#include "bench/bounds.hpp"
#include "bench/pc2_support.hpp"
#include "bench/timed_accelerator.hpp"
#include "crypto/fr.hpp"
#include "crypto/poseidon.hpp"
#include "gpu/poseidon32.hpp"
#include "gpu/poseidon_device.hpp"
#include "gpu/staged_poseidon_device.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "test/support/pc2_outputs.hpp"

using namespace tessera;
using bench::Clock;
using bench::seconds_since;

namespace {

Bytes random_nodes(std::size_t count) {
  std::mt19937_64 rng(count);
  Bytes out(32 * count);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint8_t bytes[32];
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
    crypto::Fr::from_bytes_reduce(bytes).to_bytes(out.data() + 32 * i);
  }
  return out;
}

// Hashes/s of the host's cores together, each hashing for one second.
double host_hashes_per_second(std::size_t arity) {
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<double> rates(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<crypto::Fr> in;
      for (std::size_t i = 0; i < arity; ++i) in.push_back(crypto::Fr::from_uint(i + t));
      std::uint64_t done = 0;
      const auto start = Clock::now();
      while (seconds_since(start) < 1.0) {
        for (int i = 0; i < 50; ++i) in[0] = crypto::poseidon_hash(in, arity);
        done += 50;
      }
      rates[t] = static_cast<double>(done) / seconds_since(start);
    });
  }
  for (auto& th : pool) th.join();
  double total = 0;
  for (double r : rates) total += r;
  return total;
}

// Fr multiplications in one hash as the device computes it (gpu/poseidon32.hpp and
// gpu/cuda/poseidon_kernels.cuh): 3 per S-box, the MDS products of the full rounds, the sparse
// products of the partial rounds, and the inputs into and the result out of Montgomery form.
double device_muls_per_hash(int width) {
  const int full = gpu::kPoseidonFullRounds * (3 * width + width * width);
  const int partial = gpu::poseidon_partial_rounds(width) * (3 + 1 + 2 * (width - 1));
  return full + partial + (width - 1) + 1;
}

// Best of three: hashes/s of the device over `count` columns of `arity` layers (arity 2, 11) or
// a tree of `count` leaves (arity 8, 7 levels).
double device_hashes_per_second(gpu::PoseidonDevice& device, std::size_t arity, std::size_t count) {
  const Bytes nodes = random_nodes(arity == 8 ? count : count * arity);
  double best = 0;
  for (int rep = 0; rep < 3; ++rep) {
    const auto start = Clock::now();
    double hashes;
    if (arity == 8) {
      device.hash_rows(nodes.data(), count, 7);
      hashes = static_cast<double>(count - 1) / 7;
    } else {
      std::vector<const std::uint8_t*> layers;
      for (std::size_t l = 0; l < arity; ++l) layers.push_back(nodes.data() + 32 * l * count);
      Bytes out(32 * count);
      gpu::hash_columns_in_memory(device, layers, count, out.data());
      hashes = static_cast<double>(count);
    }
    best = std::max(best, hashes / seconds_since(start));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const auto args = bench::pc2_bench_args(argc, argv);
  if (!args) return 2;
  const std::uint64_t mib = args->mib;
  const std::int64_t proof = args->proof;
  std::string why_not;
  auto accelerator = gpu::open_accelerator(0, why_not);
  if (!accelerator) {
    std::printf("skipped: %s\n", why_not.c_str());
    return 77;
  }
  auto timed = std::make_unique<bench::TimedAccelerator>(std::move(accelerator));
  const bench::TimedAccelerator& device_waits = *timed;
  auto device = gpu::staged_poseidon_device(std::move(timed));
  std::printf("device: %s; host: %u threads\n", device->description().c_str(),
              std::thread::hardware_concurrency());

  const double muls = gpu::device_fr_muls_per_second(0);
  std::printf("device Fr multiplications: %.4g/s\n", muls);
  double rate[12] = {};
  for (std::size_t arity : {2, 8, 11}) {
    rate[arity] =
        device_hashes_per_second(*device, arity, std::size_t{1} << (arity == 8 ? 21 : 20));
    const double host = host_hashes_per_second(arity);
    const double per_hash = device_muls_per_hash(static_cast<int>(arity) + 1);
    std::printf(
        "Poseidon-%zu: device %.4g hashes/s (%.0f multiplications each: %.0f%% of the device's "
        "rate), host (all threads) %.4g, ratio %.1f\n",
        arity, rate[arity], per_hash, 100 * rate[arity] * per_hash / muls, host,
        rate[arity] / host);
  }
  const double nodes_32g = static_cast<double>(std::uint64_t{1} << 30);
  const double pc2_32g = nodes_32g / rate[11] + 2 * nodes_32g / 7 / rate[8];
  std::printf(
      "32 GiB PC2 hashing on this device: %.0f s (supraseal on an RTX 3090: ~120 s; "
      "ratio %.2f, below 1 is faster); disk reads not counted\n",
      pc2_32g, pc2_32g / 120);

  const auto dir = args->work / "tessera-bench-gpu-pc2";
  std::printf("PC1 for %llu MiB: %.1f s\n", static_cast<unsigned long long>(mib),
              bench::sector_after_pc1(*args, dir));
  auto start = Clock::now();
  const auto cpu = porep::precommit2(proof, dir / "cache", dir / "sealed");
  const double cpu_s = seconds_since(start);
  const auto cpu_files = test::pc2_outputs(dir / "cache", dir / "sealed");
  start = Clock::now();
  const double waited_before = device_waits.waited_seconds();
  const auto gpu =
      porep::precommit2(proof, dir / "cache", dir / "sealed", {}, nullptr, device.get());
  const double gpu_s = seconds_since(start);
  const double waited = device_waits.waited_seconds() - waited_before;
  const bool same =
      cpu.comm_r == gpu.comm_r && test::pc2_outputs(dir / "cache", dir / "sealed") == cpu_files;
  std::printf(
      "PC2 for %llu MiB: host %.2f s, %s %.2f s, ratio %.1f (goal >= 20); CommR and all %zu "
      "files %s\n",
      static_cast<unsigned long long>(mib), cpu_s, gpu.trees_built_on.c_str(), gpu_s, cpu_s / gpu_s,
      cpu_files.size(), same ? "equal" : "DIFFER");
  std::printf(
      "device PC2: its calls waited %.2f s for the device, %.0f%% of its %.2f s (near 100%%: "
      "bound by the device; low: by the host's reading, staging and writing)\n",
      waited, 100 * waited / gpu_s, gpu_s);
  std::printf("32 GiB PC2 extrapolated linearly from this run: %.0f s\n",
              gpu_s * static_cast<double>(32768 / mib));
  const auto io = bench::pc2_io(proof, dir / "cache", dir / "sealed");
  // Last: it leaves invalid tree files behind.
  const double host_s = bench::pc2_host_work_seconds(proof, dir / "cache", dir / "sealed");
  std::printf(
      "host's own work in device PC2 (copies and kernels taken as free): %.2f s, %.0f%% of the "
      "device PC2's %.2f s; reading its %.2f GiB of input alone: %.2f s (ratio %.2f); writing its "
      "%.2f GiB of output alone (synced): %.2f s\n",
      host_s, 100 * host_s / gpu_s, gpu_s, static_cast<double>(io.read_bytes) / (1 << 30),
      io.read_seconds, host_s / io.read_seconds, static_cast<double>(io.written_bytes) / (1 << 30),
      io.write_seconds);
  std::filesystem::remove_all(dir);
  return same ? 0 : 1;
}
