#include "test/support/host_accelerator.hpp"

#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <new>
#include <thread>

#include "common/error.hpp"
#include "gpu/hash_node.hpp"
#include "gpu/poseidon_table.hpp"
#include "gpu/staged_poseidon_device.hpp"

namespace tessera::test {

using gpu::DeviceError;
using gpu::hash_node;
using gpu::PoseidonTable;

namespace {

constexpr std::align_val_t kAlignment{256};  // as cudaMalloc's
constexpr std::uint8_t kGarbage = 0xa5;      // what fresh memory holds

// A thread running the operations given to it one after another, in order.
class StreamThread {
 public:
  StreamThread() : thread_([this] { run(); }) {}
  StreamThread(const StreamThread&) = delete;
  StreamThread& operator=(const StreamThread&) = delete;

  // Runs what is queued, then stops.
  ~StreamThread() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_.notify_all();
    thread_.join();
  }

  void enqueue(std::function<void()> op) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(op));
    }
    work_.notify_all();
  }

  // Returns once every operation enqueued before has run.
  void wait() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return queue_.empty() && !running_; });
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      auto op = std::move(queue_.front());
      queue_.pop_front();
      running_ = true;
      lock.unlock();
      op();
      lock.lock();
      running_ = false;
      if (queue_.empty()) idle_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable work_, idle_;
  std::deque<std::function<void()>> queue_;
  bool running_ = false, stopping_ = false;
  std::thread thread_;  // last: starts once the members it uses exist
};

template <int Width>
void hash_on_host(const PoseidonTable<Width>& table, const std::uint8_t* in, std::size_t stride,
                  std::size_t step, std::size_t count, std::uint8_t* out, int* invalid) {
  for (std::size_t i = 0; i < count; ++i) {
    if (!hash_node<Width>(table, in, stride, step, i, out)) *invalid = 1;
  }
}

template <int Width>
std::unique_ptr<PoseidonTable<Width>> filled_table() {
  auto table = std::make_unique<PoseidonTable<Width>>();
  gpu::fill_poseidon_table(*table);
  return table;
}

}  // namespace

struct HostAccelerator::State {
  explicit State(std::uint64_t fail_at) : fail_at(fail_at) {}

  // Counts a call; true when it is the one chosen to fail (an enqueue then only records the
  // failure). Throws DeviceError for every call after a failure.
  bool count_call() {
    std::lock_guard lock(mutex);
    if (!failure.empty()) throw DeviceError("the host accelerator failed earlier: " + failure);
    if (++calls != fail_at) return false;
    failure = "forced failure of call " + std::to_string(calls);
    return true;
  }

  StreamThread& stream(std::size_t s) {
    if (s >= 2) throw InvalidInput("the host accelerator has streams 0 and 1");
    return streams[s];
  }

  const std::uint64_t fail_at;
  std::mutex mutex;  // guards calls and failure
  std::uint64_t calls = 0;
  std::string failure;  // why the accelerator failed; empty while it works
  const std::unique_ptr<PoseidonTable<3>> table3 = filled_table<3>();
  const std::unique_ptr<PoseidonTable<9>> table9 = filled_table<9>();
  const std::unique_ptr<PoseidonTable<12>> table12 = filled_table<12>();
  StreamThread streams[2];  // last: their threads stop before the tables go
};

HostAccelerator::HostAccelerator(std::uint64_t fail_at)
    : state_(std::make_unique<State>(fail_at)) {}

HostAccelerator::~HostAccelerator() = default;

std::uint64_t HostAccelerator::calls() const {
  std::lock_guard lock(state_->mutex);
  return state_->calls;
}

std::string HostAccelerator::description() const {
  return "the host posing as a GPU (HostAccelerator)";
}

std::size_t HostAccelerator::streams() const {
  return 2;
}

void* HostAccelerator::allocate(std::size_t bytes, Memory kind) {
  if (state_->count_call())
    throw DeviceError(kind == Memory::kDevice ? "out of device memory (forced)"
                                              : "out of pinned memory (forced)");
  const std::size_t size = bytes ? bytes : 1;
  void* memory = ::operator new(size, kAlignment);
  std::memset(memory, kGarbage, size);
  return memory;
}

void HostAccelerator::release(void* memory, Memory) noexcept {
  ::operator delete(memory, kAlignment);
}

void HostAccelerator::copy_to_device(std::size_t stream, void* device, const void* host,
                                     std::size_t bytes) {
  if (state_->count_call()) return;
  state_->stream(stream).enqueue([=] { std::memcpy(device, host, bytes); });
}

void HostAccelerator::copy_to_host(std::size_t stream, void* host, const void* device,
                                   std::size_t bytes) {
  if (state_->count_call()) return;
  state_->stream(stream).enqueue([=] { std::memcpy(host, device, bytes); });
}

void HostAccelerator::zero(std::size_t stream, void* device, std::size_t bytes) {
  if (state_->count_call()) return;
  state_->stream(stream).enqueue([=] { std::memset(device, 0, bytes); });
}

void HostAccelerator::hash_nodes(std::size_t stream, int width, const std::uint8_t* in,
                                 std::size_t stride, std::size_t step, std::size_t count,
                                 std::uint8_t* out, int* invalid) {
  if (width != 3 && width != 9 && width != 12)
    throw InvalidInput("no Poseidon kernel of width " + std::to_string(width));
  if (state_->count_call()) return;
  State& s = *state_;
  s.stream(stream).enqueue([=, &s] {
    if (width == 3) hash_on_host(*s.table3, in, stride, step, count, out, invalid);
    if (width == 9) hash_on_host(*s.table9, in, stride, step, count, out, invalid);
    if (width == 12) hash_on_host(*s.table12, in, stride, step, count, out, invalid);
  });
}

void HostAccelerator::synchronize(std::size_t stream) {
  state_->stream(stream).wait();  // first, always: the host cannot abandon an operation midway
  // Fails when chosen to, and after any earlier failure, as a kernel's fault shows at a wait.
  if (state_->count_call()) throw DeviceError("lost the device while waiting (forced)");
}

StagedOnHost::StagedOnHost(std::uint64_t fail_at, std::size_t column_batch) {
  auto owned = std::make_unique<HostAccelerator>(fail_at);
  accelerator = owned.get();
  device = gpu::staged_poseidon_device(std::move(owned), column_batch);
}

}  // namespace tessera::test
