// What the PC2 benchmarks share: their arguments, a sector of random data through PC1, the host's
// own work in PC2 on a device, and the least time reading PC2's input takes.
//
// pc2_host_work_seconds runs PC2 through the device pipeline (gpu/staged_poseidon_device) over
// an accelerator whose copies and kernels take no host time, as a GPU's copy engines and cores
// take none: what is left is the host's part (reading labels and the replica into the staging
// memory, the leaves' staging copies, encoding, writing the tree files). Its kernels write
// nothing, so the trees it writes are NOT valid: run it on a sector only to time it.
#pragma once

#include <fcntl.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <new>
#include <optional>
#include <random>

#include "bench/bounds.hpp"
#include "common/file_io.hpp"
#include "gpu/staged_poseidon_device.hpp"
#include "sealing/porep/pc1.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "sealing/porep/tree_store.hpp"

namespace tessera::bench {

// The PC2 benchmarks' first arguments: the sector size in MiB (8 or 512, default 512) and the
// work directory (default /var/tmp), with the registered proof of that size.
struct Pc2BenchArgs {
  std::uint64_t mib;
  std::filesystem::path work;
  std::int64_t proof;
};

// nullopt, having said why on stderr, for another size.
inline std::optional<Pc2BenchArgs> pc2_bench_args(int argc, char** argv) {
  const std::uint64_t mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 512;
  if (mib != 8 && mib != 512) {
    std::fprintf(stderr, "sector size: 8 or 512 (MiB)\n");
    return std::nullopt;
  }
  return Pc2BenchArgs{mib, argc > 2 ? argv[2] : "/var/tmp", mib == 512 ? 7 : 6};
}

// PC1 of args.mib MiB of random data into dir/cache and dir/sealed (dir emptied first;
// FIL_PROOFS_PARENT_CACHE, unless set, in args.work/tessera-bench-parents); returns its seconds.
inline double sector_after_pc1(const Pc2BenchArgs& args, const std::filesystem::path& dir) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ::setenv("FIL_PROOFS_PARENT_CACHE", (args.work / "tessera-bench-parents").c_str(), 0);
  {
    std::mt19937_64 rng(1);
    std::ofstream staged(dir / "staged", std::ios::binary);
    std::vector<std::uint8_t> block(32);
    for (std::uint64_t i = 0; i < (args.mib << 20) / 32; ++i) {
      for (auto& b : block) b = static_cast<std::uint8_t>(rng());
      block[31] &= 0x3f;
      staged.write(reinterpret_cast<const char*>(block.data()), 32);
    }
  }
  porep::SealInputs inputs;
  inputs.registered_proof = args.proof;
  const auto start = Clock::now();
  porep::precommit1(inputs, dir / "staged", dir / "cache", dir / "sealed");
  return seconds_since(start);
}

// Memory on the host, zeroed; every copy, kernel and wait costs nothing and does nothing.
class FreeAccelerator final : public gpu::Accelerator {
 public:
  std::string description() const override { return "no device (copies and kernels free)"; }
  std::size_t streams() const override { return 2; }
  void* allocate(std::size_t bytes, Memory) override {
    void* memory = ::operator new (bytes ? bytes : 1, std::align_val_t{256});
    std::memset(memory, 0, bytes ? bytes : 1);
    return memory;
  }
  void release(void* memory, Memory) noexcept override {
    ::operator delete (memory, std::align_val_t{256});
  }
  void copy_to_device(std::size_t, void*, const void*, std::size_t) override {}
  void copy_to_host(std::size_t, void*, const void*, std::size_t) override {}
  void zero(std::size_t, void*, std::size_t) override {}
  void hash_nodes(std::size_t, int, const std::uint8_t*, std::size_t, std::size_t, std::size_t,
                  std::uint8_t*, int*) override {}
  void synchronize(std::size_t) override {}
};

// Seconds of PC2 over FreeAccelerator on the sector in cache_dir / sealed_path after PC1; leaves
// invalid tree files behind.
inline double pc2_host_work_seconds(std::int64_t registered_proof,
                                    const std::filesystem::path& cache_dir,
                                    const std::filesystem::path& sealed_path) {
  auto device = gpu::staged_poseidon_device(std::make_unique<FreeAccelerator>());
  const auto start = Clock::now();
  porep::precommit2(registered_proof, cache_dir, sealed_path, {}, nullptr, device.get());
  return seconds_since(start);
}

// What PC2's input and output cost alone, in 8 MiB reads and writes, on the sector in cache_dir
// and sealed_path after a PC2.
struct Pc2Io {
  std::uint64_t read_bytes = 0;     // every layer's labels, tree-d's leaves, the replica
  double read_seconds = 0;          // reading them once (from the page cache when there)
  std::uint64_t written_bytes = 0;  // PC2's tree files and replica
  double write_seconds = 0;         // writing as many bytes to a new file and syncing it
};

inline Pc2Io pc2_io(std::int64_t registered_proof, const std::filesystem::path& cache_dir,
                    const std::filesystem::path& sealed_path) {
  const auto& info = porep::seal_proof_info(registered_proof);
  Pc2Io io;
  io.written_bytes = std::filesystem::file_size(sealed_path);
  for (const auto& entry : std::filesystem::directory_iterator(cache_dir)) {
    const auto name = entry.path().filename().string();
    if (name.starts_with("sc-02-data-tree-c") || name.starts_with("sc-02-data-tree-r-last"))
      io.written_bytes += entry.file_size();
  }
  constexpr std::size_t kBlock = std::size_t{8} << 20;
  Bytes buffer(kBlock, 0x5a);
  auto start = Clock::now();
  auto read_file = [&](const std::filesystem::path& path) {
    File file(path, O_RDONLY);
    for (std::uint64_t at = 0; at < info.sector_size; at += kBlock) {
      const auto n =
          static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, info.sector_size - at));
      file.read_at(at, buffer.data(), n);
    }
    io.read_bytes += info.sector_size;
  };
  for (std::uint32_t l = 1; l <= info.layers; ++l) read_file(cache_dir / porep::layer_file_name(l));
  read_file(porep::store_data_path(cache_dir, "tree-d"));
  read_file(sealed_path);
  io.read_seconds = seconds_since(start);

  const auto scratch = cache_dir / "io-bound.tmp";
  start = Clock::now();
  {
    File out(scratch, O_WRONLY | O_CREAT | O_TRUNC);
    for (std::uint64_t at = 0; at < io.written_bytes; at += kBlock) {
      out.write_at(
          at, buffer.data(),
          static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, io.written_bytes - at)));
    }
    out.sync();
  }
  io.write_seconds = seconds_since(start);
  std::filesystem::remove(scratch);
  return io;
}

}  // namespace tessera::bench
