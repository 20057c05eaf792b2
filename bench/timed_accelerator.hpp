// An Accelerator passing every call to another and adding up the time its callers spent waiting
// for its streams: set against a run's wall time, whether the device or the host's own work
// (reading layers, staging, writing tree files) bounds it.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "gpu/accelerator.hpp"

namespace tessera::bench {

class TimedAccelerator final : public gpu::Accelerator {
 public:
  explicit TimedAccelerator(std::unique_ptr<gpu::Accelerator> inner) : inner_(std::move(inner)) {}

  // Seconds spent in synchronize so far.
  double waited_seconds() const { return static_cast<double>(waited_ns_.load()) * 1e-9; }

  std::string description() const override { return inner_->description(); }
  std::size_t streams() const override { return inner_->streams(); }
  void* allocate(std::size_t bytes, Memory kind) override { return inner_->allocate(bytes, kind); }
  void release(void* memory, Memory kind) noexcept override { inner_->release(memory, kind); }
  void copy_to_device(std::size_t stream, void* device, const void* host,
                      std::size_t bytes) override {
    inner_->copy_to_device(stream, device, host, bytes);
  }
  void copy_to_host(std::size_t stream, void* host, const void* device,
                    std::size_t bytes) override {
    inner_->copy_to_host(stream, host, device, bytes);
  }
  void zero(std::size_t stream, void* device, std::size_t bytes) override {
    inner_->zero(stream, device, bytes);
  }
  void hash_nodes(std::size_t stream, int width, const std::uint8_t* in, std::size_t stride,
                  std::size_t step, std::size_t count, std::uint8_t* out, int* invalid) override {
    inner_->hash_nodes(stream, width, in, stride, step, count, out, invalid);
  }
  void synchronize(std::size_t stream) override {
    const auto start = std::chrono::steady_clock::now();
    try {
      inner_->synchronize(stream);
    } catch (...) {
      add_since(start);
      throw;
    }
    add_since(start);
  }

 private:
  void add_since(std::chrono::steady_clock::time_point start) {
    waited_ns_ += std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  }

  std::unique_ptr<gpu::Accelerator> inner_;
  std::atomic<std::int64_t> waited_ns_{0};
};

}  // namespace tessera::bench
