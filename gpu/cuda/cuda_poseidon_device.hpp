// The CUDA PoseidonDevice (gpu/poseidon_device.hpp); this header needs no CUDA headers.
#pragma once

#include <memory>
#include <string>

#include "gpu/poseidon_device.hpp"

namespace tessera::gpu::cuda {

// As open_poseidon_device, for builds with CUDA.
std::unique_ptr<PoseidonDevice> open_cuda_poseidon_device(unsigned ordinal, std::string& why_not);

}  // namespace tessera::gpu::cuda
