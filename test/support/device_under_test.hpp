// The PoseidonDevice the shared device tests (test/device/poseidon_device_test.cpp) run on, and
// the sizes that span its batches: in tessera_device_tests CUDA device 0 (test/device/
// device_main.cpp), in tessera_tests the staged pipeline over the host accelerator with small
// batches (test/gpu/staged_poseidon_device_test.cpp), so the pipeline runs on every machine.
#pragma once

#include <cstddef>
#include <memory>

#include "gpu/poseidon_device.hpp"

namespace tessera::test {

struct DeviceUnderTest {
  std::unique_ptr<gpu::PoseidonDevice> device;
  std::size_t column_batch;  // columns per batch of hash_columns
  std::size_t row_levels;    // levels of the larger row tests' trees (8^row_levels leaves)
};

// Fails the test when the device cannot be opened.
DeviceUnderTest device_under_test();

}  // namespace tessera::test
