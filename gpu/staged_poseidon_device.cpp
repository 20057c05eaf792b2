#include "gpu/staged_poseidon_device.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>

namespace tessera::gpu {
namespace {

constexpr std::size_t kMaxLayers = 11;

// Memory of one kind on the accelerator, given back with its holder.
class Buffer {
 public:
  Buffer(Accelerator& accelerator, Accelerator::Memory kind)
      : accelerator_(accelerator), kind_(kind) {}
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { release(); }

  std::uint8_t* data() const { return data_; }

  // Grows to at least `bytes`; the old contents are lost. Throws DeviceError.
  void reserve(std::size_t bytes) {
    if (data_ && size_ >= bytes) return;
    release();
    data_ = static_cast<std::uint8_t*>(accelerator_.allocate(bytes, kind_));
    size_ = bytes;
  }

 private:
  void release() {
    if (data_) accelerator_.release(data_, kind_);
    data_ = nullptr;
    size_ = 0;
  }

  Accelerator& accelerator_;
  Accelerator::Memory kind_;
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

// One stream with its staging buffers.
struct Slot {
  Slot(Accelerator& a, std::size_t stream)
      : stream(stream),
        in_host(a, Accelerator::Memory::kPinnedHost),
        in_device(a, Accelerator::Memory::kDevice),
        out_host(a, Accelerator::Memory::kPinnedHost),
        out_device(a, Accelerator::Memory::kDevice),
        invalid_host(a, Accelerator::Memory::kPinnedHost),
        invalid_device(a, Accelerator::Memory::kDevice) {}

  int* invalid_flag() const { return reinterpret_cast<int*>(invalid_device.data()); }
  bool invalid() const {
    int flag;
    std::memcpy(&flag, invalid_host.data(), sizeof flag);
    return flag != 0;
  }

  std::size_t stream;
  Buffer in_host, in_device, out_host, out_device, invalid_host, invalid_device;
};

class StagedPoseidonDevice final : public PoseidonDevice {
 public:
  StagedPoseidonDevice(std::unique_ptr<Accelerator> accelerator, std::size_t column_batch)
      : accelerator_(std::move(accelerator)),
        column_batch_(column_batch),
        slots_{Slot(*accelerator_, 0), Slot(*accelerator_, 1)},
        rows_host_(*accelerator_, Accelerator::Memory::kPinnedHost),
        rows_device_(*accelerator_, Accelerator::Memory::kDevice) {
    if (column_batch_ == 0 || accelerator_->streams() < 2)
      throw InvalidInput("a staged Poseidon device needs 2 streams and batches of columns");
    for (Slot& slot : slots_) {
      slot.in_host.reserve(kMaxLayers * column_batch_ * 32);
      slot.in_device.reserve(kMaxLayers * column_batch_ * 32);
      slot.out_host.reserve(column_batch_ * 32);
      slot.out_device.reserve(column_batch_ * 32);
      slot.invalid_host.reserve(sizeof(int));
      slot.invalid_device.reserve(sizeof(int));
    }
  }

  ~StagedPoseidonDevice() override { drain(); }  // before the buffers go

  std::string description() const override { return accelerator_->description(); }

  void hash_columns(std::size_t layers, const LabelReader& read, std::size_t count,
                    std::uint8_t* out) override {
    std::lock_guard lock(mutex_);
    const int width = static_cast<int>(layers) + 1;
    if (layers != 2 && layers != 11) {
      throw InvalidInput("TreeC columns of " + std::to_string(layers) +
                         " layers: the device hashes 2 or 11");
    }
    check_usable();
    struct Pending {
      std::size_t first = 0, n = 0;
      bool active = false;
    } pending[2];
    // Waits for slot s's batch and copies its hashes out.
    auto finish = [&](int s) {
      if (!pending[s].active) return;
      Slot& slot = slots_[s];
      accelerator_->synchronize(slot.stream);
      pending[s].active = false;
      if (slot.invalid())
        throw InvalidInput("a TreeC label is not a field element (a corrupt layer file?)");
      std::memcpy(out + 32 * pending[s].first, slot.out_host.data(), 32 * pending[s].n);
    };
    guarded([&] {
      int s = 0;
      for (std::size_t first = 0; first < count; first += column_batch_, s ^= 1) {
        finish(s);
        Slot& slot = slots_[s];
        const std::size_t n = std::min(column_batch_, count - first);
        // Read while the other stream's batch is on the device; layer-major: stride n, step 1.
        for (std::size_t l = 0; l < layers; ++l)
          read(l, first, n, slot.in_host.data() + 32 * l * n);
        accelerator_->zero(slot.stream, slot.invalid_device.data(), sizeof(int));
        accelerator_->copy_to_device(slot.stream, slot.in_device.data(), slot.in_host.data(),
                                     32 * n * layers);
        accelerator_->hash_nodes(slot.stream, width, slot.in_device.data(), n, 1, n,
                                 slot.out_device.data(), slot.invalid_flag());
        accelerator_->copy_to_host(slot.stream, slot.out_host.data(), slot.out_device.data(),
                                   32 * n);
        accelerator_->copy_to_host(slot.stream, slot.invalid_host.data(),
                                   slot.invalid_device.data(), sizeof(int));
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
    check_usable();
    std::vector<std::size_t> offset{0};  // node offset of each row, leaves first
    for (std::size_t r = 1, width = count; r <= levels; ++r, width /= 8)
      offset.push_back(offset.back() + width);
    const std::size_t nodes = offset.back() + count / span;
    std::vector<Bytes> rows;
    guarded([&] {
      Slot& slot = slots_[0];
      rows_host_.reserve(32 * nodes);
      rows_device_.reserve(32 * nodes);
      std::memcpy(rows_host_.data(), leaves, 32 * count);
      accelerator_->zero(slot.stream, slot.invalid_device.data(), sizeof(int));
      accelerator_->copy_to_device(slot.stream, rows_device_.data(), rows_host_.data(), 32 * count);
      for (std::size_t r = 1, width = count / 8; r <= levels; ++r, width /= 8) {
        accelerator_->hash_nodes(slot.stream, 9, rows_device_.data() + 32 * offset[r - 1], 1, 8,
                                 width, rows_device_.data() + 32 * offset[r], slot.invalid_flag());
      }
      accelerator_->copy_to_host(slot.stream, rows_host_.data() + 32 * count,
                                 rows_device_.data() + 32 * count, 32 * (nodes - count));
      accelerator_->copy_to_host(slot.stream, slot.invalid_host.data(), slot.invalid_device.data(),
                                 sizeof(int));
      accelerator_->synchronize(slot.stream);
      if (slot.invalid())
        throw InvalidInput("a tree leaf is not a field element (a corrupt replica?)");
      for (std::size_t r = 1; r <= levels; ++r) {
        const std::size_t width = (r < levels ? offset[r + 1] : nodes) - offset[r];
        const std::uint8_t* row = rows_host_.data() + 32 * offset[r];
        rows.emplace_back(row, row + 32 * width);
      }
    });
    return rows;
  }

 private:
  // Refuses every call once a device failure has left the accelerator unusable.
  void check_usable() const {
    if (!broken_.empty()) throw DeviceError("unusable since an earlier failure: " + broken_);
  }

  // Runs body. On any exception first waits for both streams, so no operation still in flight
  // writes into buffers a later call reuses; a DeviceError marks the device unusable.
  template <typename Body>
  void guarded(const Body& body) {
    try {
      body();
    } catch (const DeviceError& e) {
      broken_ = e.what();
      drain();
      throw;
    } catch (...) {
      drain();
      throw;
    }
  }

  // Waits for both streams; a failing one has nothing left in flight that could be used.
  void drain() noexcept {
    for (Slot& slot : slots_) {
      try {
        accelerator_->synchronize(slot.stream);
      } catch (const DeviceError&) {  // already failing: the caller reports the first error
      }
    }
  }

  std::unique_ptr<Accelerator> accelerator_;
  const std::size_t column_batch_;
  std::mutex mutex_;
  std::string broken_;  // why the device is unusable; empty while it works
  Slot slots_[2];
  Buffer rows_host_, rows_device_;
};

}  // namespace

std::unique_ptr<PoseidonDevice> staged_poseidon_device(std::unique_ptr<Accelerator> accelerator,
                                                       std::size_t column_batch) {
  return std::make_unique<StagedPoseidonDevice>(std::move(accelerator), column_batch);
}

}  // namespace tessera::gpu
