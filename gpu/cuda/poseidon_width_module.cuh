// The module of one Poseidon width: its table in this translation unit's __constant__ memory
// (64 KiB per module, so each width needs a .cu file of its own), the kernel and its host entry
// points (kernels.hpp). Include once, from a .cu file that defines TESSERA_POSEIDON_WIDTH.
#ifndef TESSERA_POSEIDON_WIDTH
#error "define TESSERA_POSEIDON_WIDTH before including poseidon_width_module.cuh"
#endif

#include <memory>

#include "gpu/cuda/kernels.hpp"
#include "gpu/hash_node.hpp"
#include "gpu/poseidon_table.hpp"

namespace tessera::gpu::cuda {
namespace {

static_assert(sizeof(PoseidonTable<TESSERA_POSEIDON_WIDTH>) <= 64 * 1024,
              "a module's __constant__ memory is 64 KiB");
__constant__ PoseidonTable<TESSERA_POSEIDON_WIDTH> table;

// One thread per output (gpu/hash_node.hpp); a non-canonical input sets *invalid.
__global__ void hash_kernel(const std::uint8_t* in, std::size_t stride, std::size_t step,
                            std::size_t count, std::uint8_t* out, int* invalid) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i < count && !hash_node<TESSERA_POSEIDON_WIDTH>(table, in, stride, step, i, out))
    atomicExch(invalid, 1);
}

}  // namespace

template <>
cudaError_t upload_poseidon_table<TESSERA_POSEIDON_WIDTH>() {
  auto host = std::make_unique<PoseidonTable<TESSERA_POSEIDON_WIDTH>>();
  fill_poseidon_table(*host);
  return cudaMemcpyToSymbol(table, host.get(), sizeof(PoseidonTable<TESSERA_POSEIDON_WIDTH>));
}

template <>
cudaError_t launch_hash_nodes<TESSERA_POSEIDON_WIDTH>(cudaStream_t stream, const std::uint8_t* in,
                                                      std::size_t stride, std::size_t step,
                                                      std::size_t count, std::uint8_t* out,
                                                      int* invalid) {
  constexpr unsigned kThreads = 128;
  if (count == 0) return cudaSuccess;
  const auto blocks = static_cast<unsigned>((count + kThreads - 1) / kThreads);
  hash_kernel<<<blocks, kThreads, 0, stream>>>(in, stride, step, count, out, invalid);
  return cudaGetLastError();
}

}  // namespace tessera::gpu::cuda
