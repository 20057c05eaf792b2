// The PoseidonDevice of any Accelerator: inputs staged through pinned host memory, columns hashed
// in batches on two streams (one batch copied and hashed while the other's results come back),
// tree rows hashed level by level on the device. The CUDA device is this over CUDA; the same code
// runs over the host accelerator in the tests of machines without a GPU.
#pragma once

#include <cstddef>
#include <memory>

#include "gpu/accelerator.hpp"
#include "gpu/poseidon_device.hpp"

namespace tessera::gpu {

// Columns per batch of hash_columns on the GPU: each of the two in flight stages 11 layers of
// 2 MiB, pinned on the host and on the device.
inline constexpr std::size_t kDefaultColumnBatch = std::size_t{1} << 16;

// The device hashing on `accelerator` (which needs at least 2 streams, its tables loaded), with
// its staging memory allocated: columns per batch `column_batch` (> 0). Host memory held: pinned
// 12 × 32 × column_batch bytes per stream, plus 32 bytes per node of the largest hash_rows call
// so far (leaves and rows), the same again on the device. Throws DeviceError when the memory
// cannot be had.
std::unique_ptr<PoseidonDevice> staged_poseidon_device(
    std::unique_ptr<Accelerator> accelerator, std::size_t column_batch = kDefaultColumnBatch);

}  // namespace tessera::gpu
