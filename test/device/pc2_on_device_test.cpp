// PC2 on the CUDA device writes the CPU path's files byte for byte (tree-c, tree-r-last, p_aux,
// t_aux, the replica) for 2 KiB, 8 MiB and 512 MiB sectors, and a device failing mid-run leaves
// PC2 to the CPU with the same files.
#include <catch2/catch.hpp>

#include <random>

#include "gpu/poseidon_device.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/files.hpp"
#include "test/support/pc2_outputs.hpp"
#include "test/support/poseidon_devices.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::porep;

namespace {

// PC1 of random data for the proof type, then PC2 on the CPU and on the device (and through a
// device that fails after `good_calls` calls, when given): the same files every time.
void check_pc2_on_device(std::int64_t registered_proof, std::optional<int> good_calls = {}) {
  const auto& info = seal_proof_info(registered_proof);
  test::TempDir dir;
  test::EnvGuard parents{"FIL_PROOFS_PARENT_CACHE", (dir / "parent-cache").string()};
  const auto staged = dir / "staged", cache = dir / "cache", sealed = dir / "sealed";
  {
    std::mt19937_64 rng(static_cast<std::uint64_t>(registered_proof));
    Bytes unpadded(info.sector_size / 128 * 127), padded(info.sector_size);
    for (auto& b : unpadded) b = static_cast<std::uint8_t>(rng());
    fr32_pad(unpadded.data(), padded.data(), unpadded.size() / 127);
    test::write_bytes(staged, padded);
  }
  SealInputs inputs;
  inputs.registered_proof = registered_proof;
  inputs.sector_number = 12;
  inputs.ticket.fill(5);
  precommit1(inputs, staged, cache, sealed);
  const auto cpu = precommit2(registered_proof, cache, sealed);
  const auto cpu_files = test::pc2_outputs(cache, sealed);

  std::string why_not;
  auto gpu = gpu::open_poseidon_device(0, why_not);
  REQUIRE(gpu);
  const auto on_gpu = precommit2(registered_proof, cache, sealed, {}, nullptr, gpu.get());
  CHECK(on_gpu.trees_built_on == gpu->description());
  CHECK(on_gpu.comm_r == cpu.comm_r);
  CHECK(test::pc2_outputs(cache, sealed) == cpu_files);

  if (good_calls) {
    test::FailingPoseidonDevice failing(*gpu, *good_calls);
    int failures = 0;
    const auto fallback = precommit2(registered_proof, cache, sealed, {}, nullptr, &failing,
                                     [&](const gpu::DeviceError&) { ++failures; });
    CHECK(failures == 1);
    CHECK(fallback.trees_built_on == "CPU");
    CHECK(fallback.comm_r == cpu.comm_r);
    CHECK(test::pc2_outputs(cache, sealed) == cpu_files);
  }
}

}  // namespace

TEST_CASE("2 KiB PC2 on the device writes the CPU's files", "[device][pc2]") {
  check_pc2_on_device(5, 1);
}

TEST_CASE("8 MiB PC2 on the device writes the CPU's files; a failure mid-run falls back",
          "[device][pc2]") {
  check_pc2_on_device(6, 2);
}

TEST_CASE("512 MiB PC2 on the device writes the CPU's files", "[device][pc2][512mib]") {
  check_pc2_on_device(7, 70);  // 64 TreeC chunks: the failure comes inside TreeC
}
