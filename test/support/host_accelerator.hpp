// The Accelerator on the host, for running the staged Poseidon pipeline (and PC2 on it) on
// machines without a GPU, in tests. It behaves as a CUDA device does where the pipeline could go
// wrong: device and pinned memory are separate and start out as garbage, so a copy left out shows;
// each stream is a thread of its own running its operations in order, so a buffer reused before
// its stream is done races (ThreadSanitizer sees it); the kernels are gpu/hash_node.hpp, the
// device's own code compiled for the host. A chosen operation can fail as a device that runs out
// of memory or faults would: an enqueue's failure shows at the next wait, and after it every call
// fails.
#pragma once

#include <cstdint>
#include <memory>

#include "gpu/accelerator.hpp"
#include "gpu/poseidon_device.hpp"

namespace tessera::test {

class HostAccelerator final : public gpu::Accelerator {
 public:
  // fail_at: the call (counted from 1 over allocate, the enqueues and synchronize) that fails
  // with a DeviceError; 0 for none.
  explicit HostAccelerator(std::uint64_t fail_at = 0);
  ~HostAccelerator() override;

  // The calls counted so far (as fail_at counts them).
  std::uint64_t calls() const;

  std::string description() const override;
  std::size_t streams() const override;
  void* allocate(std::size_t bytes, Memory kind) override;
  void release(void* memory, Memory kind) noexcept override;
  void copy_to_device(std::size_t stream, void* device, const void* host,
                      std::size_t bytes) override;
  void copy_to_host(std::size_t stream, void* host, const void* device, std::size_t bytes) override;
  void zero(std::size_t stream, void* device, std::size_t bytes) override;
  void hash_nodes(std::size_t stream, int width, const std::uint8_t* in, std::size_t stride,
                  std::size_t step, std::size_t count, std::uint8_t* out, int* invalid) override;
  void synchronize(std::size_t stream) override;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The staged pipeline (gpu/staged_poseidon_device.hpp) over a HostAccelerator that fails at call
// `fail_at` (0: never), `column_batch` columns per batch, with that accelerator at hand to count
// its calls. Throws DeviceError when fail_at falls in the pipeline's set-up.
struct StagedOnHost {
  StagedOnHost(std::uint64_t fail_at, std::size_t column_batch);

  HostAccelerator* accelerator;  // owned by device
  std::unique_ptr<gpu::PoseidonDevice> device;
};

}  // namespace tessera::test
