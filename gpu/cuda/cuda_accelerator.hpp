// CUDA's Accelerator (gpu/accelerator.hpp) and the device queries of builds with CUDA; this
// header needs no CUDA headers.
#pragma once

#include <memory>
#include <string>

#include "gpu/accelerator.hpp"

namespace tessera::gpu::cuda {

// As poseidon_device_present, for builds with CUDA.
bool cuda_device_present(unsigned ordinal, std::string& why_not);

// CUDA device `ordinal` as an Accelerator with 2 streams, its Poseidon tables loaded into
// constant memory. Throws DeviceError when the device cannot be set up.
std::unique_ptr<Accelerator> open_cuda_accelerator(unsigned ordinal);

// As device_fr_muls_per_second, for builds with CUDA (gpu/cuda/fr_mul_rate.cu).
double cuda_fr_muls_per_second(unsigned ordinal);

}  // namespace tessera::gpu::cuda
