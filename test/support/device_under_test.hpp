// The PoseidonDevice the shared device tests (test/device/poseidon_device_test.cpp) run on, and
// the sizes that span its batches: in tessera_device_tests CUDA device 0 (test/device/
// device_main.cpp), in tessera_tests the staged pipeline over the host accelerator with small
// batches (test/gpu/staged_poseidon_device_test.cpp), so the pipeline runs on every machine.
#pragma once

#include <cstddef>
#include <memory>
#include <random>

#include "crypto/fr.hpp"
#include "gpu/poseidon_device.hpp"

namespace tessera::test {

struct DeviceUnderTest {
  std::unique_ptr<gpu::PoseidonDevice> device;
  std::size_t column_batch;  // columns per batch of hash_columns
  std::size_t row_levels;    // levels of the larger row tests' trees (8^row_levels leaves)
};

// Fails the test when the device cannot be opened.
DeviceUnderTest device_under_test();

// `count` random field elements as 32-byte nodes, the same for the same seed.
inline Bytes random_nodes(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes out(32 * count);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint8_t bytes[32];
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
    crypto::Fr::from_bytes_reduce(bytes).to_bytes(out.data() + 32 * i);
  }
  return out;
}

}  // namespace tessera::test
