// What the staged Poseidon pipeline (gpu/staged_poseidon_device.hpp) needs from a device: memory
// on it and pinned on the host, streams that run copies and Poseidon kernels in order, and a wait
// for a stream. CUDA implements it (gpu/cuda/cuda_accelerator.hpp); so does the tests' host
// accelerator (test/support/host_accelerator.hpp), which runs the same pipeline and kernel code
// on machines without a GPU. No CUDA header is needed to use it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "gpu/device_error.hpp"

namespace tessera::gpu {

class Accelerator {
 public:
  enum class Memory { kPinnedHost, kDevice };

  virtual ~Accelerator() = default;

  // "NVIDIA H200 (CUDA device 0, 139 GiB)": for logs and lotus-bench.
  virtual std::string description() const = 0;

  // The streams, numbered 0 .. streams() − 1: operations on one stream run in the order they
  // were enqueued; operations on different streams may overlap.
  virtual std::size_t streams() const = 0;

  // `bytes` of the given memory (never nullptr), uninitialised; release gives it back. Throws
  // DeviceError when there is not enough.
  virtual void* allocate(std::size_t bytes, Memory kind) = 0;
  virtual void release(void* memory, Memory kind) noexcept = 0;

  // Enqueue on `stream`: copy pinned host memory to device memory, device memory to pinned host
  // memory, zero device memory, or out[i] = Poseidon of width `width` (3, 9 or 12) over the
  // width − 1 nodes in[i·step + c·stride] (c < width − 1) for i < count, nodes being 32-byte
  // little-endian canonical field elements in device memory; a non-canonical input sets
  // *invalid (device memory) to a non-zero value and leaves out[i] unwritten.
  virtual void copy_to_device(std::size_t stream, void* device, const void* host,
                              std::size_t bytes) = 0;
  virtual void copy_to_host(std::size_t stream, void* host, const void* device,
                            std::size_t bytes) = 0;
  virtual void zero(std::size_t stream, void* device, std::size_t bytes) = 0;
  virtual void hash_nodes(std::size_t stream, int width, const std::uint8_t* in, std::size_t stride,
                          std::size_t step, std::size_t count, std::uint8_t* out, int* invalid) = 0;

  // Returns once everything enqueued on `stream` has run.
  virtual void synchronize(std::size_t stream) = 0;

  // Every call above throws DeviceError when the device fails, an enqueue possibly only at a later
  // synchronize; what the failed operations were to write is then unusable, and so may be the
  // device itself (CUDA's errors in kernels last as long as its context).
};

}  // namespace tessera::gpu
