#include "gpu/poseidon_device.hpp"

#if TESSERA_HAVE_CUDA
#include "gpu/cuda/cuda_poseidon_device.hpp"
#endif

namespace tessera::gpu {
namespace {

[[maybe_unused]] constexpr const char* kNoCuda =
    "this build has no CUDA (TESSERA_CUDA found no nvcc or was OFF)";

}  // namespace

bool poseidon_device_present(unsigned ordinal, std::string& why_not) {
#if TESSERA_HAVE_CUDA
  return cuda::cuda_device_present(ordinal, why_not);
#else
  (void)ordinal;
  why_not = kNoCuda;
  return false;
#endif
}

std::unique_ptr<PoseidonDevice> open_poseidon_device(unsigned ordinal, std::string& why_not) {
#if TESSERA_HAVE_CUDA
  return cuda::open_cuda_poseidon_device(ordinal, why_not);
#else
  (void)ordinal;
  why_not = kNoCuda;
  return nullptr;
#endif
}

double device_fr_muls_per_second(unsigned ordinal) {
#if TESSERA_HAVE_CUDA
  return cuda::cuda_fr_muls_per_second(ordinal);
#else
  (void)ordinal;
  throw DeviceError(kNoCuda);
#endif
}

}  // namespace tessera::gpu
