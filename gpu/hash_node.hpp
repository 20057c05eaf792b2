// One output of the Poseidon kernels (Accelerator::hash_nodes), the same code on the device (one
// thread per output, gpu/cuda/poseidon_width_module.cuh) and on the host (the tests' host
// accelerator, test/support/host_accelerator.cpp). Nodes move as 32-byte little-endian canonical
// values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "gpu/poseidon32.hpp"

namespace tessera::gpu {

// A node's 32 bytes as 8 little-endian words (two 16-byte loads on the device).
TESSERA_HD Fr32 load_node(const std::uint8_t* base, std::size_t index) {
#ifdef __CUDA_ARCH__
  const uint4* p = reinterpret_cast<const uint4*>(base + 32 * index);
  const uint4 a = p[0], b = p[1];
  return Fr32{{a.x, a.y, a.z, a.w, b.x, b.y, b.z, b.w}};
#else
  Fr32 v;
  static_assert(sizeof v.l == 32);
  std::memcpy(v.l, base + 32 * index, 32);  // the host is little-endian, as the files are
  return v;
#endif
}

TESSERA_HD void store_node(std::uint8_t* base, std::size_t index, const Fr32& v) {
#ifdef __CUDA_ARCH__
  uint4* p = reinterpret_cast<uint4*>(base + 32 * index);
  p[0] = make_uint4(v.l[0], v.l[1], v.l[2], v.l[3]);
  p[1] = make_uint4(v.l[4], v.l[5], v.l[6], v.l[7]);
#else
  std::memcpy(base + 32 * index, v.l, 32);
#endif
}

// out[i] = Poseidon over the inputs in[i·step + c·stride] (c < Width − 1); false, with out[i]
// unwritten, when an input is not canonical. `stride`: elements between two inputs of one hash (1
// for tree rows, the count for layer-major columns); `step`: between two hashes' first inputs.
template <int Width>
TESSERA_HD bool hash_node(const PoseidonTable<Width>& table, const std::uint8_t* in,
                          std::size_t stride, std::size_t step, std::size_t i, std::uint8_t* out) {
  Fr32 inputs[Width - 1];
  bool canonical = true;
  unrolled_for<Width - 1>([&](auto c) {
    constexpr int C = decltype(c)::value;
    canonical = fr32::from_canonical(load_node(in, i * step + C * stride), inputs[C]) && canonical;
  });
  if (!canonical) return false;
  store_node(out, i, fr32::to_canonical(poseidon32_hash(table, inputs)));
  return true;
}

}  // namespace tessera::gpu
