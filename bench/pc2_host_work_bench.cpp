// The host's own work in PC2 on a device (bench/pc2_support.hpp: PC2 through the device
// pipeline, the device's copies and kernels taken as free), against reading PC2's input once in
// the same run (the bound: PC2 cannot take less), with writing as much as PC2 writes printed
// beside it, for a sector of random data after PC1. With the CPU PC2's time, the host work bounds
// the GPU PC2's speed-up on this host. Runs on any machine; best of three of each.
//
//   build/bench/bench_pc2_host_work [sector MiB: 8 or 512, default 512]
//       [work dir, default /var/tmp] [keep: keep the sector for the next run, and reuse a kept one]
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "bench/pc2_support.hpp"

using namespace tessera;

int main(int argc, char** argv) {
  const auto args = bench::pc2_bench_args(argc, argv);
  if (!args) return 2;
  const std::uint64_t mib = args->mib;
  const std::int64_t proof = args->proof;
  const bool keep = argc > 3 && std::string(argv[3]) == "keep";
  const auto dir = args->work / ("tessera-bench-pc2-host-work-" + std::to_string(mib));
  const auto kept = dir / "pc1-done";  // written once PC1 has finished
  if (keep && std::filesystem::exists(kept)) {
    std::printf("PC1 for %llu MiB: reusing %s\n", static_cast<unsigned long long>(mib),
                dir.c_str());
  } else {
    const double pc1_s = bench::sector_after_pc1(*args, dir);
    std::ofstream{kept};
    std::printf("PC1 for %llu MiB: %.1f s\n", static_cast<unsigned long long>(mib), pc1_s);
  }
  double host_s = 1e300;
  bench::Pc2Io io{0, 1e300, 0, 1e300};
  for (int run = 0; run < 3; ++run) {
    host_s = std::min(host_s, bench::pc2_host_work_seconds(proof, dir / "cache", dir / "sealed"));
    const auto one = bench::pc2_io(proof, dir / "cache", dir / "sealed");
    io = {one.read_bytes, std::min(io.read_seconds, one.read_seconds), one.written_bytes,
          std::min(io.write_seconds, one.write_seconds)};
  }
  std::printf(
      "host's own work in device PC2 for %llu MiB (copies and kernels taken as free): %.2f s; "
      "reading its %.2f GiB of input alone: %.2f s, ratio %.2f; writing its %.2f GiB of output "
      "alone (synced): %.2f s (best of 3 each)\n",
      static_cast<unsigned long long>(mib), host_s, static_cast<double>(io.read_bytes) / (1 << 30),
      io.read_seconds, host_s / io.read_seconds, static_cast<double>(io.written_bytes) / (1 << 30),
      io.write_seconds);
  if (!keep) std::filesystem::remove_all(dir);
  return 0;
}
