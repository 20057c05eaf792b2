#include "sealing/porep/pc1.hpp"

#include <fcntl.h>
#include <sys/mman.h>

#include <atomic>
#include <bit>
#include <cstring>
#include <future>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "common/file_io.hpp"
#include "sealing/porep/labels.hpp"

namespace tessera::porep {
namespace {

constexpr std::uint64_t kChunkNodes = 1 << 14;   // parent cache read granularity
constexpr std::uint64_t kPrefetchDistance = 64;  // nodes ahead whose parents are prefetched
constexpr std::uint64_t kRecord = kTotalParents * 4;
constexpr std::uint64_t kTouchWindow = 2048;  // nodes the touching thread stays ahead
constexpr std::uint64_t kPublishEvery = 256;  // nodes between progress stores of the hashing thread

// Streams the parent cache of one layer in chunks of decoded parent indices.
class ParentReader {
 public:
  explicit ParentReader(const std::filesystem::path& cache) : file_(cache, O_RDONLY) {}
  // Parents of nodes [start, start + count), kTotalParents each.
  const std::uint32_t* read(std::uint64_t start, std::uint64_t count) {
    static_assert(std::endian::native == std::endian::little,
                  "the parent cache holds little-endian u32s");
    parents_.resize(count * kTotalParents);
    file_.read_at(start * kRecord, reinterpret_cast<std::uint8_t*>(parents_.data()),
                  count * kRecord);
    return parents_.data();
  }

 private:
  File file_;
  std::vector<std::uint32_t> parents_;
};

struct LayerJob {
  const crypto::Digest32& replica_id;
  std::uint32_t layer;
  std::uint64_t nodes;
  const std::filesystem::path& parent_cache;
  std::uint8_t* current;
  const std::uint8_t* previous;
  const std::function<void(std::uint32_t, double)>& progress;

  std::size_t distinct() const { return layer == 1 ? kBaseDegree : kTotalParents; }
  const std::uint8_t* source(std::size_t p) const { return p < kBaseDegree ? current : previous; }
  void report(std::uint64_t done) const {
    if (progress) progress(layer, static_cast<double>(done) / static_cast<double>(nodes));
  }
};

void spin_pause(unsigned& spins) {
  if (++spins < 64) {
    __builtin_ia32_pause();
  } else {
    std::this_thread::yield();
  }
}

void label_layer_single(const LayerJob& job, std::atomic<std::uint64_t>* labelled = nullptr) {
  ParentReader reader(job.parent_cache);
  LabelMessage message(job.replica_id, job.layer);
  const std::size_t distinct = job.distinct();
  std::uint8_t* const current = job.current;  // locals: stores of labels may alias job's fields
  const std::uint8_t* const previous = job.previous;
  const auto parent_label = [&](std::size_t p, std::uint32_t parent) {
    return (p < kBaseDegree ? current : previous) + 32 * std::uint64_t{parent};
  };
  const std::uint64_t nodes = job.nodes;
  for (std::uint64_t start = 0; start < nodes; start += kChunkNodes) {
    const std::uint64_t count = std::min(kChunkNodes, nodes - start);
    const std::uint32_t* parents = reader.read(start, count);
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::uint64_t node = start + i;
      if (i + kPrefetchDistance < count) {
        const std::uint32_t* ahead = &parents[(i + kPrefetchDistance) * kTotalParents];
        for (std::size_t p = 0; p < distinct; ++p) __builtin_prefetch(parent_label(p, ahead[p]));
      }
      crypto::Digest32 label;
      if (node == 0) {
        label = label_hash(job.replica_id, job.layer, 0, nullptr);
      } else {
        const std::uint32_t* node_parents = &parents[i * kTotalParents];
        for (std::size_t p = 0; p < distinct; ++p) {  // slot s holds parent s mod distinct
          const std::uint8_t* parent = parent_label(p, node_parents[p]);
          for (std::size_t s = p; s < kLabelParentSlots; s += distinct)
            std::memcpy(message.slot(s), parent, 32);
        }
        message.set_node(node);
        label = message.hash();
      }
      std::memcpy(current + 32 * node, label.data(), 32);
      if (labelled && (node + 1) % kPublishEvery == 0)
        labelled->store(node + 1, std::memory_order_release);
    }
    job.report(start + count);
  }
}

// Two threads, no copying: the hashing thread runs label_layer_single while a second thread
// reads one byte of each parent of the nodes up to kTouchWindow ahead of it (expander parents
// from the previous layer, base parents already labelled), so the hashing thread finds those
// labels in a cache instead of DRAM. The hashing thread never waits for it.
void label_layer_touch_ahead(const LayerJob& job) {
  std::atomic<std::uint64_t> labelled{0};
  std::atomic<bool> finished{false};
  std::thread toucher([&] {
    try {
      ParentReader reader(job.parent_cache);
      std::uint8_t acc = 0;
      const std::size_t distinct = job.distinct();
      for (std::uint64_t start = 0; start < job.nodes && !finished; start += kChunkNodes) {
        const std::uint64_t count = std::min(kChunkNodes, job.nodes - start);
        const std::uint32_t* parents = reader.read(start, count);
        for (std::uint64_t i = 0; i < count; ++i) {
          const std::uint64_t node = start + i;
          std::uint64_t ready = labelled.load(std::memory_order_acquire);
          if (node < ready + kPrefetchDistance) continue;  // the hashing thread is there already
          unsigned spins = 0;
          while (node > ready + kTouchWindow) {
            if (finished) return;
            spin_pause(spins);
            ready = labelled.load(std::memory_order_acquire);
          }
          const std::uint32_t* node_parents = &parents[i * kTotalParents];
          for (std::size_t p = 0; p < distinct; ++p) {
            if (p < kBaseDegree && node_parents[p] >= ready) continue;  // not labelled yet
            acc ^= job.source(p)[32 * std::uint64_t{node_parents[p]}];
          }
        }
      }
      volatile std::uint8_t sink = acc;
      (void)sink;
    } catch (...) {
      // touching is only a hint: the hashing thread does not depend on it
    }
  });
  try {
    label_layer_single(job, &labelled);
  } catch (...) {
    finished = true;
    toucher.join();
    throw;
  }
  finished = true;
  toucher.join();
}

}  // namespace

LayerBuffers::LayerBuffers(std::uint64_t layer_bytes) : layer_bytes_(layer_bytes) {
  const std::uint64_t size = 2 * layer_bytes_;
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw IoError("cannot map " + std::to_string(size) + " bytes for layers");
  ::madvise(p, size, MADV_HUGEPAGE);  // advisory: ignored where THP is off
  base_ = static_cast<std::uint8_t*>(p);
  for (std::uint64_t offset = 0; offset < size; offset += 4096) base_[offset] = 0;
}

LayerBuffers::~LayerBuffers() {
  ::munmap(base_, 2 * layer_bytes_);
}

std::string layer_file_name(std::uint32_t layer) {
  return "sc-02-data-layer-" + std::to_string(layer) + ".dat";
}

void label_layers_to_files(const SdrGraph& graph, const crypto::Digest32& replica_id,
                           std::uint32_t layers, const std::filesystem::path& parent_cache,
                           const std::filesystem::path& cache_dir, LayerBuffers& buffers,
                           const std::function<void(std::uint32_t, double)>& progress,
                           LabelThreads threads) {
  const std::uint64_t nodes = graph.nodes();
  std::error_code ec;
  if (std::filesystem::file_size(parent_cache, ec) != nodes * kRecord || ec) {
    throw InvalidInput("parent cache " + parent_cache.string() + " does not match a graph of " +
                       std::to_string(nodes) + " nodes");
  }
  if (threads == LabelThreads::kAuto) {
    threads = std::thread::hardware_concurrency() >= 2 ? LabelThreads::kTouchAhead
                                                       : LabelThreads::kSingle;
  }
  if (buffers.layer_bytes() != nodes * 32) {
    throw InvalidInput("layer buffers of " + std::to_string(buffers.layer_bytes()) +
                       " bytes for a layer of " + std::to_string(nodes * 32));
  }
  std::uint8_t* current = buffers.layer(0);
  std::uint8_t* previous = buffers.layer(1);
  // A finished layer is only read while the next one is labelled, so it is written to its file
  // meanwhile; the write must end before its buffer is reused two layers later.
  std::future<void> writing;
  for (std::uint32_t layer = 1; layer <= layers; ++layer) {
    LayerJob job{replica_id, layer, nodes, parent_cache, current, previous, progress};
    if (threads == LabelThreads::kTouchAhead) {
      label_layer_touch_ahead(job);
    } else {
      label_layer_single(job);
    }
    if (writing.valid()) writing.get();
    writing = std::async(std::launch::async, [buffer = current, bytes = nodes * 32,
                                              file = cache_dir / layer_file_name(layer)] {
      File out(file, O_WRONLY | O_CREAT | O_TRUNC);
      out.write_all(buffer, bytes);
      out.sync();
    });
    std::swap(current, previous);
  }
  writing.get();
}

void label_layers_to_files(const SdrGraph& graph, const crypto::Digest32& replica_id,
                           std::uint32_t layers, const std::filesystem::path& parent_cache,
                           const std::filesystem::path& cache_dir,
                           const std::function<void(std::uint32_t, double)>& progress,
                           LabelThreads threads) {
  LayerBuffers buffers(graph.nodes() * 32);
  label_layers_to_files(graph, replica_id, layers, parent_cache, cache_dir, buffers, progress,
                        threads);
}

}  // namespace tessera::porep
