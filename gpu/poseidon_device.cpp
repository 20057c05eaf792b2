#include "gpu/poseidon_device.hpp"

#if TESSERA_HAVE_CUDA
#include "gpu/cuda/cuda_poseidon_device.hpp"
#endif

namespace tessera::gpu {

std::unique_ptr<PoseidonDevice> open_poseidon_device(unsigned ordinal, std::string& why_not) {
#if TESSERA_HAVE_CUDA
  return cuda::open_cuda_poseidon_device(ordinal, why_not);
#else
  (void)ordinal;
  why_not = "this build has no CUDA (TESSERA_CUDA found no nvcc or was OFF)";
  return nullptr;
#endif
}

}  // namespace tessera::gpu
