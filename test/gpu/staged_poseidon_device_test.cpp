// The staged Poseidon pipeline (gpu/staged_poseidon_device.hpp) over the host accelerator: the
// shared device tests run on it here (test/device/poseidon_device_test.cpp, through
// device_under_test below), and a failure at any accelerator call, from setting up to the last
// wait, ends in a DeviceError, never in a wrong result, and leaves the device refusing work; a
// failing label read is the caller's error and leaves the device working.
#include <catch2/catch.hpp>

#include <cstring>

#include "common/error.hpp"
#include "crypto/fr.hpp"
#include "crypto/merkle.hpp"
#include "crypto/poseidon.hpp"
#include "gpu/staged_poseidon_device.hpp"
#include "test/support/device_under_test.hpp"
#include "test/support/host_accelerator.hpp"

using namespace tessera;
using crypto::Fr;
using test::random_nodes;

namespace tessera::test {

// Batches of 64 columns and trees of 8^3 leaves: several batches on both streams in little time.
DeviceUnderTest device_under_test() {
  return {StagedOnHost(0, 64).device, 64, 3};
}

}  // namespace tessera::test

namespace {

constexpr std::size_t kBatch = 16;

// The work of the failure test: columns of 2 layers over three batches, then two rows of a tree.
struct Work {
  Bytes layer0 = random_nodes(3 * kBatch, 1), layer1 = random_nodes(3 * kBatch, 2);
  Bytes leaves = random_nodes(64, 3);

  Bytes want_columns() const {
    Bytes out(layer0.size());
    for (std::size_t i = 0; i < 3 * kBatch; ++i) {
      crypto::poseidon_hash({Fr::from_bytes(&layer0[32 * i]), Fr::from_bytes(&layer1[32 * i])}, 2)
          .to_bytes(out.data() + 32 * i);
    }
    return out;
  }

  std::vector<Bytes> want_rows() const {
    const Bytes row1 = crypto::hash_row(crypto::TreeHash::kPoseidon, 8, leaves);
    return {row1, crypto::hash_row(crypto::TreeHash::kPoseidon, 8, row1)};
  }
};

// A staged device of kBatch-column batches whose accelerator fails at call `fail_at` (0: never).
test::StagedOnHost failing(std::uint64_t fail_at) {
  return test::StagedOnHost(fail_at, kBatch);
}

}  // namespace

TEST_CASE("staged pipeline: a failing accelerator call gives a DeviceError, never a wrong result",
          "[gpu][staged]") {
  const Work work;
  const Bytes want_columns = work.want_columns();
  const auto want_rows = work.want_rows();

  auto healthy = failing(0);
  const std::uint64_t setup_calls = healthy.accelerator->calls();
  Bytes columns(want_columns.size());
  gpu::hash_columns_in_memory(*healthy.device, {work.layer0.data(), work.layer1.data()}, 3 * kBatch,
                              columns.data());
  REQUIRE(columns == want_columns);
  REQUIRE(healthy.device->hash_rows(work.leaves.data(), 64, 2) == want_rows);
  const std::uint64_t all_calls = healthy.accelerator->calls();
  REQUIRE(setup_calls == 12);  // 6 buffers for each of 2 streams
  REQUIRE(all_calls > setup_calls + 12);

  for (std::uint64_t fail_at = 1; fail_at <= setup_calls; ++fail_at) {
    CAPTURE(fail_at);
    CHECK_THROWS_AS(failing(fail_at), gpu::DeviceError);
  }
  for (std::uint64_t fail_at = setup_calls + 1; fail_at <= all_calls; ++fail_at) {
    CAPTURE(fail_at);
    auto f = failing(fail_at);
    int failed_calls = 0;
    // Each call either returns the right result or throws DeviceError; after the first
    // DeviceError every call throws one.
    Bytes out(want_columns.size());
    try {
      gpu::hash_columns_in_memory(*f.device, {work.layer0.data(), work.layer1.data()}, 3 * kBatch,
                                  out.data());
      CHECK(out == want_columns);
    } catch (const gpu::DeviceError&) {
      ++failed_calls;
    }
    try {
      const auto rows = f.device->hash_rows(work.leaves.data(), 64, 2);
      CHECK(failed_calls == 0);
      CHECK(rows == want_rows);
    } catch (const gpu::DeviceError&) {
      ++failed_calls;
    }
    CHECK(failed_calls >= 1);
    CHECK_THROWS_AS(f.device->hash_rows(work.leaves.data(), 8, 1), gpu::DeviceError);
  }
}

TEST_CASE("staged pipeline: refused shapes and widths change nothing", "[gpu][staged]") {
  auto f = failing(0);
  const Bytes layer = random_nodes(8, 4);
  Bytes out(32 * 8);
  const std::vector<const std::uint8_t*> three(3, layer.data());
  CHECK_THROWS_AS(gpu::hash_columns_in_memory(*f.device, three, 8, out.data()), InvalidInput);
  CHECK_THROWS_AS(f.device->hash_rows(layer.data(), 7, 1), InvalidInput);
  CHECK_THROWS_AS(gpu::staged_poseidon_device(std::make_unique<test::HostAccelerator>(), 0),
                  InvalidInput);
  test::HostAccelerator accelerator;
  CHECK_THROWS_AS(accelerator.hash_nodes(0, 5, layer.data(), 1, 4, 2, out.data(), nullptr),
                  InvalidInput);
  gpu::hash_columns_in_memory(*f.device, {layer.data(), layer.data()}, 8, out.data());
  CHECK(Fr::from_bytes(out.data()) ==
        crypto::poseidon_hash({Fr::from_bytes(layer.data()), Fr::from_bytes(layer.data())}, 2));
}

// The labels come from the caller's reader (PC2: the layer files): a read failing part way is the
// reader's error, not the device's, so the device goes on working.
TEST_CASE("staged pipeline: a failing label read ends the call and leaves the device working",
          "[gpu][staged]") {
  const Work work;
  auto f = failing(0);
  Bytes out(32 * 3 * kBatch);
  int reads = 0;
  auto failing_reader = [&](std::size_t layer, std::size_t first, std::size_t n, std::uint8_t* to) {
    if (++reads == 3) throw IoError("read layer file: input/output error");
    const Bytes& labels = layer == 0 ? work.layer0 : work.layer1;
    std::memcpy(to, labels.data() + 32 * first, 32 * n);
  };
  CHECK_THROWS_AS(f.device->hash_columns(2, failing_reader, 3 * kBatch, out.data()), IoError);
  gpu::hash_columns_in_memory(*f.device, {work.layer0.data(), work.layer1.data()}, 3 * kBatch,
                              out.data());
  CHECK(out == work.want_columns());
}
