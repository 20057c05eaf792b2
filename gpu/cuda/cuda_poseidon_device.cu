#include "gpu/cuda/cuda_poseidon_device.hpp"

#include <cuda_runtime.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "gpu/cuda/kernels.hpp"

namespace tessera::gpu::cuda {
namespace {

// Columns per batch of hash_columns: two batches are in flight (one per stream), each with 11
// layers of 2 MiB pinned on the host and on the device.
constexpr std::size_t kColumnBatch = std::size_t{1} << 16;
constexpr std::size_t kMaxLayers = 11;

// A buffer pinned on the host or allocated on the device, freed with it.
struct Buffer {
  std::uint8_t* data = nullptr;
  std::size_t size = 0;
  bool pinned_host = false;
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { release(); }
  void release() {
    if (data) pinned_host ? cudaFreeHost(data) : cudaFree(data);
    data = nullptr;
    size = 0;
  }
  // Grows to at least `bytes`; the old contents are lost.
  cudaError_t reserve(std::size_t bytes, bool host) {
    if (data && size >= bytes) return cudaSuccess;
    release();
    pinned_host = host;
    void* p = nullptr;
    const cudaError_t err = host ? cudaMallocHost(&p, bytes) : cudaMalloc(&p, bytes);
    if (err != cudaSuccess) return err;
    data = static_cast<std::uint8_t*>(p);
    size = bytes;
    return cudaSuccess;
  }
};

// One stream with its staging buffers.
struct Slot {
  cudaStream_t stream = nullptr;
  Buffer in_host, in_device, out_host, out_device, invalid_host, invalid_device;
};

class CudaPoseidonDevice final : public PoseidonDevice {
 public:
  explicit CudaPoseidonDevice(int ordinal) : ordinal_(ordinal) {}

  ~CudaPoseidonDevice() override {
    cudaSetDevice(ordinal_);
    for (Slot& slot : slots_) {
      if (slot.stream) {
        cudaStreamSynchronize(slot.stream);
        cudaStreamDestroy(slot.stream);
      }
    }
  }

  // Streams, staging buffers and the constant tables; throws DeviceError.
  void initialise() {
    check(cudaSetDevice(ordinal_), "select the device");
    cudaDeviceProp prop{};
    check(cudaGetDeviceProperties(&prop, ordinal_), "read the device's properties");
    description_ = std::string(prop.name) + " (CUDA device " + std::to_string(ordinal_) + ", " +
                   std::to_string(prop.totalGlobalMem >> 30) + " GiB)";
    for (Slot& slot : slots_) {
      check(cudaStreamCreateWithFlags(&slot.stream, cudaStreamNonBlocking), "create a stream");
      check(slot.in_host.reserve(kMaxLayers * kColumnBatch * 32, true), "pin staging memory");
      check(slot.in_device.reserve(kMaxLayers * kColumnBatch * 32, false), "allocate");
      check(slot.out_host.reserve(kColumnBatch * 32, true), "pin staging memory");
      check(slot.out_device.reserve(kColumnBatch * 32, false), "allocate");
      check(slot.invalid_host.reserve(sizeof(int), true), "pin staging memory");
      check(slot.invalid_device.reserve(sizeof(int), false), "allocate");
    }
    check(upload_poseidon_table<3>(), "load the arity-2 constants");
    check(upload_poseidon_table<9>(), "load the arity-8 constants");
    check(upload_poseidon_table<12>(), "load the arity-11 constants");
    // The uploads may still be in flight from pageable memory, and the kernels run on
    // non-blocking streams that do not wait for them.
    check(cudaDeviceSynchronize(), "load the constants");
  }

  std::string description() const override { return description_; }

  void hash_columns(const std::vector<const std::uint8_t*>& layers, std::size_t count,
                    std::uint8_t* out) override {
    std::lock_guard lock(mutex_);
    const std::size_t width = layers.size() + 1;
    if (width != 3 && width != 12) {
      throw InvalidInput("TreeC columns of " + std::to_string(layers.size()) +
                         " layers: the device hashes 2 or 11");
    }
    begin_call();
    struct Pending {
      std::size_t first = 0, n = 0;
      bool active = false;
    } pending[2];
    auto finish = [&](int s) {
      if (!pending[s].active) return;
      Slot& slot = slots_[s];
      check(cudaStreamSynchronize(slot.stream), "hash TreeC columns");
      pending[s].active = false;
      if (*reinterpret_cast<int*>(slot.invalid_host.data)) {
        throw InvalidInput("a TreeC label is not a field element (a corrupt layer file?)");
      }
      std::memcpy(out + 32 * pending[s].first, slot.out_host.data, 32 * pending[s].n);
    };
    guarded([&] {
      int s = 0;
      for (std::size_t first = 0; first < count; first += kColumnBatch, s ^= 1) {
        finish(s);
        Slot& slot = slots_[s];
        const std::size_t n = std::min(kColumnBatch, count - first);
        for (std::size_t l = 0; l < layers.size(); ++l) {
          std::memcpy(slot.in_host.data + 32 * l * n, layers[l] + 32 * first, 32 * n);
        }
        check(cudaMemsetAsync(slot.invalid_device.data, 0, sizeof(int), slot.stream), "enqueue");
        check(cudaMemcpyAsync(slot.in_device.data, slot.in_host.data, 32 * n * layers.size(),
                              cudaMemcpyHostToDevice, slot.stream),
              "copy labels to the device");
        check(width == 3 ? launch_hash_nodes<3>(slot.stream, slot.in_device.data, n, 1, n,
                                                slot.out_device.data, invalid_flag(slot))
                         : launch_hash_nodes<12>(slot.stream, slot.in_device.data, n, 1, n,
                                                 slot.out_device.data, invalid_flag(slot)),
              "launch the column kernel");
        check(cudaMemcpyAsync(slot.out_host.data, slot.out_device.data, 32 * n,
                              cudaMemcpyDeviceToHost, slot.stream),
              "copy column hashes from the device");
        check(cudaMemcpyAsync(slot.invalid_host.data, slot.invalid_device.data, sizeof(int),
                              cudaMemcpyDeviceToHost, slot.stream),
              "copy the kernel's flag");
        pending[s] = {first, n, true};
      }
      finish(s);
      finish(s ^ 1);
    });
  }

  std::vector<Bytes> hash_rows(const std::uint8_t* leaves, std::size_t count,
                               std::size_t levels) override {
    std::lock_guard lock(mutex_);
    std::size_t span = 1;  // 8^levels, or a number above count (stops before overflowing)
    for (std::size_t r = 0; r < levels && span <= count; ++r) span *= 8;
    if (count == 0 || span > count || count % span != 0) {
      throw InvalidInput(std::to_string(count) + " leaves do not make " + std::to_string(levels) +
                         " whole arity-8 rows");
    }
    begin_call();
    std::vector<std::size_t> offset{0};  // node offset of each row, leaves first
    for (std::size_t r = 1, width = count; r <= levels; ++r, width /= 8) {
      offset.push_back(offset.back() + width);
    }
    const std::size_t nodes = offset.back() + count / span;
    std::vector<Bytes> rows;
    guarded([&] {
      Slot& slot = slots_[0];
      check(rows_host_.reserve(32 * nodes, true), "pin staging memory");
      check(rows_device_.reserve(32 * nodes, false), "allocate tree rows");
      std::memcpy(rows_host_.data, leaves, 32 * count);
      check(cudaMemsetAsync(slot.invalid_device.data, 0, sizeof(int), slot.stream), "enqueue");
      check(cudaMemcpyAsync(rows_device_.data, rows_host_.data, 32 * count, cudaMemcpyHostToDevice,
                            slot.stream),
            "copy leaves to the device");
      for (std::size_t r = 1, width = count / 8; r <= levels; ++r, width /= 8) {
        check(launch_hash_nodes<9>(slot.stream, rows_device_.data + 32 * offset[r - 1], 1, 8, width,
                                   rows_device_.data + 32 * offset[r], invalid_flag(slot)),
              "launch the tree kernel");
      }
      check(cudaMemcpyAsync(rows_host_.data + 32 * count, rows_device_.data + 32 * count,
                            32 * (nodes - count), cudaMemcpyDeviceToHost, slot.stream),
            "copy tree rows from the device");
      check(cudaMemcpyAsync(slot.invalid_host.data, slot.invalid_device.data, sizeof(int),
                            cudaMemcpyDeviceToHost, slot.stream),
            "copy the kernel's flag");
      check(cudaStreamSynchronize(slot.stream), "hash tree rows");
      if (*reinterpret_cast<int*>(slot.invalid_host.data)) {
        throw InvalidInput("a tree leaf is not a field element (a corrupt replica?)");
      }
      for (std::size_t r = 1; r <= levels; ++r) {
        const std::size_t width = (r < levels ? offset[r + 1] : nodes) - offset[r];
        const std::uint8_t* row = rows_host_.data + 32 * offset[r];
        rows.emplace_back(row, row + 32 * width);
      }
    });
    return rows;
  }

 private:
  int* invalid_flag(Slot& slot) { return reinterpret_cast<int*>(slot.invalid_device.data); }

  // Every call starts on this thread's view of the device, unless an earlier failure left the
  // device unusable (CUDA errors in kernels are sticky for the whole context).
  void begin_call() {
    if (!broken_.empty()) throw DeviceError(description_ + " is unusable: " + broken_);
    check(cudaSetDevice(ordinal_), "select the device");
  }

  // Runs body; on any exception waits for both streams first, so no copy still in flight
  // writes into buffers a later call reuses.
  template <typename Body>
  void guarded(const Body& body) {
    try {
      body();
    } catch (...) {
      for (Slot& slot : slots_) cudaStreamSynchronize(slot.stream);
      throw;
    }
  }

  void check(cudaError_t err, const char* what) {
    if (err == cudaSuccess) return;
    broken_ = std::string(what) + ": " + cudaGetErrorString(err);
    throw DeviceError(
        (description_.empty() ? "CUDA device " + std::to_string(ordinal_) : description_) + ": " +
        broken_);
  }

  int ordinal_;
  std::string description_;
  std::mutex mutex_;
  std::string broken_;  // why the device is unusable; empty while it works
  Slot slots_[2];
  Buffer rows_host_, rows_device_;
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

std::unique_ptr<PoseidonDevice> open_cuda_poseidon_device(unsigned ordinal, std::string& why_not) {
  if (!cuda_device_present(ordinal, why_not)) return nullptr;
  auto device = std::make_unique<CudaPoseidonDevice>(static_cast<int>(ordinal));
  try {
    device->initialise();
  } catch (const DeviceError& e) {
    why_not = e.what();
    return nullptr;
  } catch (const std::exception& e) {  // the tables (InvalidInput), host memory (bad_alloc)
    why_not = "CUDA device " + std::to_string(ordinal) + " could not be set up: " + e.what();
    return nullptr;
  }
  return device;
}

}  // namespace tessera::gpu::cuda
