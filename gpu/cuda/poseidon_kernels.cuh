// Kernel bodies shared by the per-width .cu files. Each of those files keeps its PoseidonTable in
// its own __constant__ symbol (a module has 64 KiB of constant memory; the arity-11 table alone
// takes 55 KiB) and passes it here, so after inlining every constant is read through the
// constant cache. Nodes move as 32-byte little-endian canonical values, one thread per output.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gpu/poseidon32.hpp"

namespace tessera::gpu::cuda {

// A node's 32 bytes as 8 little-endian words (two 16-byte loads).
__device__ __forceinline__ Fr32 load_node(const std::uint8_t* base, std::size_t index) {
  const uint4* p = reinterpret_cast<const uint4*>(base + 32 * index);
  const uint4 a = p[0], b = p[1];
  return Fr32{{a.x, a.y, a.z, a.w, b.x, b.y, b.z, b.w}};
}

__device__ __forceinline__ void store_node(std::uint8_t* base, std::size_t index, const Fr32& v) {
  uint4* p = reinterpret_cast<uint4*>(base + 32 * index);
  p[0] = make_uint4(v.l[0], v.l[1], v.l[2], v.l[3]);
  p[1] = make_uint4(v.l[4], v.l[5], v.l[6], v.l[7]);
}

// out[i] = Poseidon over the inputs in[i·Arity + c] (c < Arity) for i < count; a non-canonical
// input sets *invalid and leaves out[i] unwritten. `stride`: elements between two inputs of one
// hash (1 for tree rows, count for layer-major columns); `step`: between two hashes' first inputs.
template <int Width>
__device__ __forceinline__ void hash_nodes(const PoseidonTable<Width>& table,
                                           const std::uint8_t* in, std::size_t stride,
                                           std::size_t step, std::size_t count, std::uint8_t* out,
                                           int* invalid) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  if (i >= count) return;
  Fr32 inputs[Width - 1];
  bool canonical = true;
  unrolled_for<Width - 1>([&](auto c) {
    constexpr int C = decltype(c)::value;
    canonical = fr32::from_canonical(load_node(in, i * step + C * stride), inputs[C]) && canonical;
  });
  if (!canonical) {
    atomicExch(invalid, 1);
    return;
  }
  store_node(out, i, fr32::to_canonical(poseidon32_hash(table, inputs)));
}

}  // namespace tessera::gpu::cuda
