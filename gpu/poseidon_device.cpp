#include "gpu/poseidon_device.hpp"

#include <cstring>

#include "gpu/staged_poseidon_device.hpp"

#if TESSERA_HAVE_CUDA
#include "gpu/cuda/cuda_accelerator.hpp"
#endif

namespace tessera::gpu {
namespace {

[[maybe_unused]] constexpr const char* kNoCuda =
    "this build has no CUDA (TESSERA_CUDA found no nvcc or was OFF)";

}  // namespace

void hash_columns_in_memory(PoseidonDevice& device, const std::vector<const std::uint8_t*>& layers,
                            std::size_t count, std::uint8_t* out) {
  device.hash_columns(
      layers.size(),
      [&](std::size_t layer, std::size_t first, std::size_t n, std::uint8_t* to) {
        std::memcpy(to, layers[layer] + 32 * first, 32 * n);
      },
      count, out);
}

bool poseidon_device_present(unsigned ordinal, std::string& why_not) {
#if TESSERA_HAVE_CUDA
  return cuda::cuda_device_present(ordinal, why_not);
#else
  (void)ordinal;
  why_not = kNoCuda;
  return false;
#endif
}

std::unique_ptr<Accelerator> open_accelerator(unsigned ordinal, std::string& why_not) {
#if TESSERA_HAVE_CUDA
  if (!cuda::cuda_device_present(ordinal, why_not)) return nullptr;
  try {
    return cuda::open_cuda_accelerator(ordinal);
  } catch (const DeviceError& e) {
    why_not = e.what();
  } catch (const std::exception& e) {  // the tables (InvalidInput), host memory (bad_alloc)
    why_not = "CUDA device " + std::to_string(ordinal) + " could not be set up: " + e.what();
  }
  return nullptr;
#else
  (void)ordinal;
  why_not = kNoCuda;
  return nullptr;
#endif
}

std::unique_ptr<PoseidonDevice> open_poseidon_device(unsigned ordinal, std::string& why_not) {
  auto accelerator = open_accelerator(ordinal, why_not);
  if (!accelerator) return nullptr;
  try {
    return staged_poseidon_device(std::move(accelerator));
  } catch (const DeviceError& e) {  // no room for the staging buffers
    why_not = e.what();
  }
  return nullptr;
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
