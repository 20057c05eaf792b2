// The device's Fr multiplication rate (cuda_fr_muls_per_second): every thread of a full grid runs
// independent chains of fr32::mul, timed with CUDA events.
#include <cuda_runtime.h>

#include <algorithm>
#include <string>

#include "gpu/cuda/cuda_accelerator.hpp"
#include "gpu/device_error.hpp"
#include "gpu/poseidon32.hpp"

namespace tessera::gpu::cuda {
namespace {

constexpr int kChains = 4;  // independent products per thread, so one thread has work in flight
constexpr unsigned kThreads = 256;
constexpr unsigned kBlocksPerSm = 8;
constexpr std::uint32_t kIterations = 4096;

__global__ void mul_chains(std::uint32_t iterations, Fr32* out) {
  const std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x;
  Fr32 x[kChains];
  unrolled_for<kChains>([&](auto c) {
    constexpr int C = decltype(c)::value;
    x[C] = Fr32{{static_cast<std::uint32_t>(i) + C + 1, 0, 0, 0, 0, 0, 0, 0}};
  });
  const Fr32 y{{7, 5, 3, 1, 0, 0, 0, 0}};
  for (std::uint32_t n = 0; n < iterations; ++n) {
    unrolled_for<kChains>([&](auto c) {
      constexpr int C = decltype(c)::value;
      x[C] = fr32::mul(x[C], y);
    });
  }
  Fr32 sum = x[0];
  unrolled_for<kChains - 1>([&](auto c) { sum = fr32::add(sum, x[decltype(c)::value + 1]); });
  out[i] = sum;  // keeps the products from being optimised away
}

void check(cudaError_t err, const char* what) {
  if (err != cudaSuccess)
    throw DeviceError(std::string("measuring Fr multiplications: ") + what + ": " +
                      cudaGetErrorString(err));
}

// The output buffer and the two timing events of one measurement, freed however it ends.
struct Measurement {
  Fr32* out = nullptr;
  cudaEvent_t start = nullptr, stop = nullptr;
  Measurement() = default;
  Measurement(const Measurement&) = delete;
  Measurement& operator=(const Measurement&) = delete;
  ~Measurement() {
    cudaFree(out);
    if (start) cudaEventDestroy(start);
    if (stop) cudaEventDestroy(stop);
  }
};

}  // namespace

double cuda_fr_muls_per_second(unsigned ordinal) {
  std::string why_not;
  if (!cuda_device_present(ordinal, why_not)) throw DeviceError(why_not);
  const int device = static_cast<int>(ordinal);
  check(cudaSetDevice(device), "select the device");
  cudaDeviceProp prop{};
  check(cudaGetDeviceProperties(&prop, device), "read the device's properties");
  const unsigned blocks = static_cast<unsigned>(prop.multiProcessorCount) * kBlocksPerSm;
  Measurement m;
  check(cudaMalloc(&m.out, sizeof(Fr32) * blocks * kThreads), "allocate");
  check(cudaEventCreate(&m.start), "create an event");
  check(cudaEventCreate(&m.stop), "create an event");
  const double muls = static_cast<double>(blocks) * kThreads * kIterations * kChains;
  double best = 0;
  for (int rep = 0; rep < 4; ++rep) {  // the first run warms the device up and is not counted
    check(cudaEventRecord(m.start), "record an event");
    mul_chains<<<blocks, kThreads>>>(kIterations, m.out);
    check(cudaGetLastError(), "launch");
    check(cudaEventRecord(m.stop), "record an event");
    check(cudaEventSynchronize(m.stop), "run");
    float ms = 0;
    check(cudaEventElapsedTime(&ms, m.start, m.stop), "time");
    if (rep > 0 && ms > 0) best = std::max(best, muls / (ms / 1000.0));
  }
  return best;
}

}  // namespace tessera::gpu::cuda
