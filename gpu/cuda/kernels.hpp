// Host entry points of the Poseidon kernels, one set per width (3: TreeC columns of 2-layer
// sectors, 9: tree rows, 12: TreeC columns of 11-layer sectors). Each returns the CUDA status of
// its call; the caller turns failures into DeviceError.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

namespace tessera::gpu::cuda {

// Loads the width's PoseidonTable into the current device's constant memory.
template <int Width>
cudaError_t upload_poseidon_table();

// Enqueues the width's kernel on `stream` over `count` outputs (Accelerator::hash_nodes).
template <int Width>
cudaError_t launch_hash_nodes(cudaStream_t stream, const std::uint8_t* in, std::size_t stride,
                              std::size_t step, std::size_t count, std::uint8_t* out, int* invalid);

// Defined in poseidon_width3.cu, poseidon_width9.cu and poseidon_width12.cu.
#define TESSERA_DECLARE_POSEIDON_WIDTH(W)                                                       \
  template <>                                                                                   \
  cudaError_t upload_poseidon_table<W>();                                                       \
  template <>                                                                                   \
  cudaError_t launch_hash_nodes<W>(cudaStream_t, const std::uint8_t*, std::size_t, std::size_t, \
                                   std::size_t, std::uint8_t*, int*);
TESSERA_DECLARE_POSEIDON_WIDTH(3)
TESSERA_DECLARE_POSEIDON_WIDTH(9)
TESSERA_DECLARE_POSEIDON_WIDTH(12)
#undef TESSERA_DECLARE_POSEIDON_WIDTH

}  // namespace tessera::gpu::cuda
