// The GPU tests' runner: without a CUDA device (or in a build without CUDA) it prints why and
// exits 77, which CTest reports as "skipped", never as passed. A device that is there but cannot
// be set up (a kernel image not built for it, its tables not loading) fails.
#include <catch2/catch.hpp>

#include <iostream>

#include "gpu/poseidon_device.hpp"
#include "gpu/staged_poseidon_device.hpp"
#include "test/support/catch_session.hpp"
#include "test/support/device_under_test.hpp"

namespace tessera::test {

// CUDA device 0, batches as PC2 uses them, trees of write_tree_file's chunk (8^6 leaves).
DeviceUnderTest device_under_test() {
  std::string why_not;
  auto device = gpu::open_poseidon_device(0, why_not);
  if (!device) FAIL(why_not);
  return {std::move(device), gpu::kDefaultColumnBatch, 6};
}

}  // namespace tessera::test

int main(int argc, char** argv) {
  std::string why_not;
  if (!tessera::gpu::poseidon_device_present(0, why_not)) {
    std::cout << "skipped: " << why_not << "\n";
    return 77;
  }
  if (!tessera::gpu::open_poseidon_device(0, why_not)) {
    std::cout << "FAILED: CUDA device 0 is present but unusable: " << why_not << "\n";
    return 1;
  }
  return tessera::test::run_catch_session(argc, argv);
}
