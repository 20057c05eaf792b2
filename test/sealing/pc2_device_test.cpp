// PC2's device path (gpu/poseidon_device.hpp) on any machine: through a device that hashes with
// the CPU's code, and through the device pipeline over the host accelerator, PC2 writes the CPU
// path's files byte for byte; a device that fails at any call leaves PC2 to finish on the CPU
// with the same files; PC2 on a device still stops for a higher compute class at its next chunk
// boundary.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <random>

#include "gpu/compute_lanes.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "sealing/porep/tree_store.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/files.hpp"
#include "test/support/host_accelerator.hpp"
#include "test/support/poseidon_devices.hpp"
#include "test/support/temp_dir.hpp"
#include "test/support/waiting_winning_post.hpp"

using namespace tessera;
using namespace tessera::porep;

namespace {

// Every file of a sealed sector's directory, by name.
std::map<std::string, Bytes> snapshot(const std::filesystem::path& dir) {
  std::map<std::string, Bytes> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != "parents")
      files[std::filesystem::relative(entry.path(), dir).string()] = test::read_bytes(entry.path());
  }
  return files;
}

// A 2 KiB sector after PC1, in its own directory.
struct Pc1Done {
  test::TempDir dir;
  test::EnvGuard parents{"FIL_PROOFS_PARENT_CACHE", (dir / "parent-cache").string()};
  std::filesystem::path cache = dir / "sector" / "cache", sealed = dir / "sector" / "sealed";

  Pc1Done() {
    std::filesystem::create_directories(dir / "sector");
    const auto staged = dir / "staged";
    Bytes data(2048);
    std::mt19937 rng(3);
    for (std::size_t i = 0; i < data.size(); ++i)
      data[i] = i % 32 == 31 ? 0 : static_cast<std::uint8_t>(rng());  // Fr32: top bits clear
    test::write_bytes(staged, data);
    SealInputs inputs;
    inputs.registered_proof = 5;
    inputs.sector_number = 4;
    inputs.ticket.fill(9);
    precommit1(inputs, staged, cache, sealed);
  }
};

}  // namespace

TEST_CASE("PC2 through a PoseidonDevice writes the CPU's files", "[seal][disk][gpu]") {
  Pc1Done s;
  const auto cpu = precommit2(5, s.cache, s.sealed);
  CHECK(cpu.trees_built_on == "CPU");
  const auto cpu_files = snapshot(s.dir / "sector");
  test::CpuPoseidonDevice device;
  const auto on_device = precommit2(5, s.cache, s.sealed, {}, nullptr, &device);
  CHECK(on_device.trees_built_on == device.description());
  CHECK(on_device.comm_r == cpu.comm_r);
  CHECK(on_device.comm_c == cpu.comm_c);
  CHECK(snapshot(s.dir / "sector") == cpu_files);
}

// 2 KiB PC2 makes three device calls: TreeC's columns, TreeC's rows, TreeRLast's rows.
TEST_CASE("a device failing at any call leaves PC2 to the CPU, with the same files",
          "[seal][disk][gpu]") {
  Pc1Done s;
  const auto cpu = precommit2(5, s.cache, s.sealed);
  const auto cpu_files = snapshot(s.dir / "sector");
  test::CpuPoseidonDevice inner;
  for (int good_calls = 0; good_calls < 3; ++good_calls) {
    CAPTURE(good_calls);
    test::FailingPoseidonDevice device(inner, good_calls);
    int failures = 0;
    const auto result = precommit2(5, s.cache, s.sealed, {}, nullptr, &device,
                                   [&](const gpu::DeviceError&) { ++failures; });
    CHECK(failures == 1);
    CHECK(device.calls() == good_calls + 1);
    CHECK(result.trees_built_on == "CPU");
    CHECK(result.comm_r == cpu.comm_r);
    CHECK(snapshot(s.dir / "sector") == cpu_files);
  }
  test::FailingPoseidonDevice never_fails(inner, 100);
  CHECK(precommit2(5, s.cache, s.sealed, {}, nullptr, &never_fails).comm_r == cpu.comm_r);
  CHECK(never_fails.calls() == 3);
}

// The real device pipeline (gpu/staged_poseidon_device.hpp) over the host accelerator, failing at
// each of its calls in turn: PC2 ends with the CPU's files every time.
TEST_CASE("PC2 on the staged pipeline writes the CPU's files, falling back at any failed call",
          "[seal][disk][gpu][staged]") {
  Pc1Done s;
  const auto cpu = precommit2(5, s.cache, s.sealed);
  const auto cpu_files = snapshot(s.dir / "sector");
  test::StagedOnHost healthy(0, 16);
  const std::uint64_t setup_calls = healthy.accelerator->calls();
  const auto on_device = precommit2(5, s.cache, s.sealed, {}, nullptr, healthy.device.get());
  CHECK(on_device.trees_built_on == healthy.device->description());
  CHECK(on_device.comm_r == cpu.comm_r);
  CHECK(snapshot(s.dir / "sector") == cpu_files);
  const std::uint64_t all_calls = healthy.accelerator->calls();
  REQUIRE(all_calls > setup_calls + 10);
  for (std::uint64_t fail_at = setup_calls + 1; fail_at <= all_calls; ++fail_at) {
    CAPTURE(fail_at);
    test::StagedOnHost failing(fail_at, 16);
    int failures = 0;
    const auto result = precommit2(5, s.cache, s.sealed, {}, nullptr, failing.device.get(),
                                   [&](const gpu::DeviceError&) { ++failures; });
    CHECK(failures == 1);
    CHECK(result.trees_built_on == "CPU");
    CHECK(result.comm_r == cpu.comm_r);
    CHECK(snapshot(s.dir / "sector") == cpu_files);
  }
}

// 8^7 leaves: eight chunks, each read while the device hashes the one before.
TEST_CASE("a tree of several chunks built on a device equals the CPU's", "[seal][disk][gpu]") {
  test::TempDir dir;
  const std::uint64_t leaves = 1 << 21;
  Bytes data(leaves * 32);
  std::mt19937_64 rng(17);
  for (std::size_t i = 0; i < data.size(); ++i)
    data[i] =
        i % 32 == 31 ? static_cast<std::uint8_t>(rng() & 0x3f) : static_cast<std::uint8_t>(rng());
  LeafReader reader = [&](std::uint64_t first, std::size_t count, std::uint8_t* out) {
    std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(first * 32), count * 32, out);
  };
  const TreeLayout layout{crypto::TreeHash::kPoseidon, 8, leaves, false, 2};
  const auto cpu_root = write_tree_file(layout, reader, dir / "cpu.dat");
  test::CpuPoseidonDevice device;
  test::FailingPoseidonDevice counted(device, 1000);
  const auto device_root =
      write_tree_file(layout, reader, dir / "device.dat", {}, nullptr, &counted);
  CHECK(device_root == cpu_root);
  CHECK(counted.calls() == 8);
  CHECK(test::read_bytes(dir / "device.dat") == test::read_bytes(dir / "cpu.dat"));
  // A failure part way leaves no file behind.
  test::FailingPoseidonDevice failing(device, 3);
  CHECK_THROWS_AS(write_tree_file(layout, reader, dir / "failed.dat", {}, nullptr, &failing),
                  gpu::DeviceError);
  CHECK_FALSE(std::filesystem::exists(dir / "failed.dat"));
  CHECK_FALSE(std::filesystem::exists(dir / "failed.dat.tmp"));
}

// The device's work is paced by the PC2 lane's cores: a WinningPoSt asking for them while PC2
// hashes on the device gets them at the end of PC2's current chunk, before PC2 finishes.
TEST_CASE("PC2 on a device yields to a WinningPoSt at a chunk boundary", "[seal][disk][gpu]") {
  Pc1Done s;
  gpu::LanesConfig config;
  config.total_cores = 2;
  gpu::ComputeLanes lanes(config);
  test::CpuPoseidonDevice device;
  std::optional<gpu::LaneContext> pc2_lane(lanes.enter(gpu::ComputeClass::kPreCommit2, kAllCores));
  test::WaitingWinningPost winning(lanes);
  const auto pc2 = precommit2(
      5, s.cache, s.sealed, [&](const std::string&, double) { winning.start(); }, &pc2_lane->ctx(),
      &device);
  const int pc2_done = winning.mark();
  pc2_lane.reset();  // without a yield, the WinningPoSt gets the cores only now
  const int winning_at = winning.join();
  CHECK(pc2.trees_built_on == device.description());
  CHECK(winning_at > 0);
  CHECK(winning_at < pc2_done);
}
