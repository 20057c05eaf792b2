// The CUDA PoseidonDevice (gpu/poseidon_device.hpp); this header needs no CUDA headers.
#pragma once

#include <memory>
#include <string>

#include "gpu/poseidon_device.hpp"

namespace tessera::gpu::cuda {

// As poseidon_device_present and open_poseidon_device, for builds with CUDA.
bool cuda_device_present(unsigned ordinal, std::string& why_not);
std::unique_ptr<PoseidonDevice> open_cuda_poseidon_device(unsigned ordinal, std::string& why_not);
// As device_fr_muls_per_second, for builds with CUDA (gpu/cuda/fr_mul_rate.cu).
double cuda_fr_muls_per_second(unsigned ordinal);

}  // namespace tessera::gpu::cuda
