#include "gpu/cuda/cuda_accelerator.hpp"

#include <cuda_runtime.h>

#include "gpu/cuda/kernels.hpp"
#include "gpu/device_error.hpp"

namespace tessera::gpu::cuda {
namespace {

constexpr std::size_t kStreams = 2;

class CudaAccelerator final : public Accelerator {
 public:
  explicit CudaAccelerator(int ordinal) : ordinal_(ordinal) {}

  ~CudaAccelerator() override {
    cudaSetDevice(ordinal_);
    for (cudaStream_t stream : streams_) {
      if (!stream) continue;
      cudaStreamSynchronize(stream);
      cudaStreamDestroy(stream);
    }
  }

  // Streams and the constant tables; throws DeviceError.
  void initialise() {
    check(cudaSetDevice(ordinal_), "select the device");
    cudaDeviceProp prop{};
    check(cudaGetDeviceProperties(&prop, ordinal_), "read the device's properties");
    description_ = std::string(prop.name) + " (CUDA device " + std::to_string(ordinal_) + ", " +
                   std::to_string(prop.totalGlobalMem >> 30) + " GiB)";
    for (cudaStream_t& stream : streams_)
      check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "create a stream");
    check(upload_poseidon_table<3>(), "load the arity-2 constants");
    check(upload_poseidon_table<9>(), "load the arity-8 constants");
    check(upload_poseidon_table<12>(), "load the arity-11 constants");
    // The uploads may still be in flight from pageable memory, and the kernels run on
    // non-blocking streams that do not wait for them.
    check(cudaDeviceSynchronize(), "load the constants");
  }

  std::string description() const override { return description_; }
  std::size_t streams() const override { return kStreams; }

  void* allocate(std::size_t bytes, Memory kind) override {
    select();
    void* memory = nullptr;
    if (kind == Memory::kPinnedHost)
      check(cudaMallocHost(&memory, bytes), "pin staging memory");
    else
      check(cudaMalloc(&memory, bytes), "allocate device memory");
    return memory;
  }

  void release(void* memory, Memory kind) noexcept override {
    cudaSetDevice(ordinal_);
    kind == Memory::kPinnedHost ? cudaFreeHost(memory) : cudaFree(memory);
  }

  void copy_to_device(std::size_t stream, void* device, const void* host,
                      std::size_t bytes) override {
    select();
    check(cudaMemcpyAsync(device, host, bytes, cudaMemcpyHostToDevice, at(stream)),
          "copy to the device");
  }

  void copy_to_host(std::size_t stream, void* host, const void* device,
                    std::size_t bytes) override {
    select();
    check(cudaMemcpyAsync(host, device, bytes, cudaMemcpyDeviceToHost, at(stream)),
          "copy from the device");
  }

  void zero(std::size_t stream, void* device, std::size_t bytes) override {
    select();
    check(cudaMemsetAsync(device, 0, bytes, at(stream)), "enqueue");
  }

  void hash_nodes(std::size_t stream, int width, const std::uint8_t* in, std::size_t stride,
                  std::size_t step, std::size_t count, std::uint8_t* out, int* invalid) override {
    if (width != 3 && width != 9 && width != 12)
      throw InvalidInput("no Poseidon kernel of width " + std::to_string(width));
    select();
    const cudaStream_t s = at(stream);
    check(width == 3   ? launch_hash_nodes<3>(s, in, stride, step, count, out, invalid)
          : width == 9 ? launch_hash_nodes<9>(s, in, stride, step, count, out, invalid)
                       : launch_hash_nodes<12>(s, in, stride, step, count, out, invalid),
          "launch a Poseidon kernel");
  }

  void synchronize(std::size_t stream) override {
    select();
    check(cudaStreamSynchronize(at(stream)), "run the device's work");
  }

 private:
  // Every call works on this device, whichever device the calling thread had selected.
  void select() { check(cudaSetDevice(ordinal_), "select the device"); }

  cudaStream_t at(std::size_t stream) const {
    if (stream >= kStreams) throw InvalidInput("a CUDA accelerator has streams 0 and 1");
    return streams_[stream];
  }

  void check(cudaError_t err, const char* what) const {
    if (err == cudaSuccess) return;
    throw DeviceError(
        (description_.empty() ? "CUDA device " + std::to_string(ordinal_) : description_) + ": " +
        what + ": " + cudaGetErrorString(err));
  }

  int ordinal_;
  std::string description_;
  cudaStream_t streams_[kStreams] = {};
};

}  // namespace

bool cuda_device_present(unsigned ordinal, std::string& why_not) {
  int devices = 0;
  const cudaError_t err = cudaGetDeviceCount(&devices);
  if (err == cudaErrorInsufficientDriver) {
    why_not = "no CUDA device: no NVIDIA driver, or one older than this build's CUDA runtime";
    return false;
  }
  if (err != cudaSuccess) {
    why_not = std::string("no CUDA device: ") + cudaGetErrorString(err);
    return false;
  }
  if (ordinal >= static_cast<unsigned>(devices)) {
    why_not =
        "no CUDA device " + std::to_string(ordinal) + " (" + std::to_string(devices) + " found)";
    return false;
  }
  return true;
}

std::unique_ptr<Accelerator> open_cuda_accelerator(unsigned ordinal) {
  auto accelerator = std::make_unique<CudaAccelerator>(static_cast<int>(ordinal));
  accelerator->initialise();
  return accelerator;
}

}  // namespace tessera::gpu::cuda
