#include "sealing/porep/parent_cache.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <vector>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/executor/stage_context.hpp"
#include "common/file_io.hpp"

namespace tessera::porep {
namespace {

constexpr std::uint64_t kNodesPerChunk = 1 << 16;
constexpr std::uint64_t kChunksPerCore = 4;  // chunks per core between two yield points

}  // namespace

std::string parent_cache_file_name(const SdrGraph& graph) {
  const std::string identifier =
      "stacked_graph::StackedGraph{expansion_degree: 8 base_graph: drgraph::BucketGraph{size: " +
      std::to_string(graph.nodes()) + "; degree: 6; hasher: poseidon_hasher} }";
  crypto::Sha256 h;
  const std::string hasher = "poseidon_hasher";
  h.update(reinterpret_cast<const std::uint8_t*>(hasher.data()), hasher.size());
  h.update(reinterpret_cast<const std::uint8_t*>(identifier.data()), identifier.size());
  for (auto key : graph.feistel_keys()) {
    std::uint8_t le[8];
    for (int i = 0; i < 8; ++i) le[i] = static_cast<std::uint8_t>(key >> (8 * i));
    h.update(le, 8);
  }
  std::uint8_t n_le[4];
  for (int i = 0; i < 4; ++i) n_le[i] = static_cast<std::uint8_t>(graph.nodes() >> (8 * i));
  h.update(n_le, 4);
  auto digest = h.finish();
  return "v28-sdr-parent-" + hex_encode(Bytes(digest.begin(), digest.end())) + ".cache";
}

std::filesystem::path parent_cache_dir() {
  if (const char* dir = std::getenv("FIL_PROOFS_PARENT_CACHE"); dir && *dir) return dir;
  return "/var/tmp/filecoin-parents";
}

std::filesystem::path ensure_parent_cache(const SdrGraph& graph, const std::filesystem::path& dir,
                                          StageContext& ctx) {
  const auto path = dir / parent_cache_file_name(graph);
  const std::uint64_t expected = graph.nodes() * kTotalParents * 4;
  std::error_code ec;
  if (std::filesystem::file_size(path, ec) == expected && !ec) return path;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw IoError("create " + dir.string() + ": " + ec.message());
  // Unique per call: two sealing tasks of one process may build the same cache at once, and
  // each renames its own complete file into place.
  static std::atomic<std::uint64_t> builds{0};
  const auto temp =
      path.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(builds++);
  try {
    File out(temp, O_WRONLY | O_CREAT | O_TRUNC);
    // Chunks are computed on the stage's cores and written at their offsets.
    const std::uint64_t chunks = (graph.nodes() + kNodesPerChunk - 1) / kNodesPerChunk;
    for (std::uint64_t batch = 0; batch < chunks;) {
      ctx.yield_point();
      const std::uint64_t batch_end =
          std::min(chunks, batch + kChunksPerCore * std::max(1u, ctx.cores()));
      parallel_for(ctx, batch_end - batch, [&](std::uint64_t first, std::uint64_t end) {
        std::vector<std::uint8_t> chunk;
        std::uint32_t parents[kTotalParents];
        for (std::uint64_t c = batch + first; c < batch + end; ++c) {
          const std::uint64_t start = c * kNodesPerChunk;
          const std::uint64_t stop = std::min(graph.nodes(), start + kNodesPerChunk);
          chunk.resize((stop - start) * kTotalParents * 4);
          std::uint8_t* dst = chunk.data();
          for (std::uint64_t node = start; node < stop; ++node) {
            graph.parents(node, parents);
            for (auto p : parents) {
              for (int b = 0; b < 4; ++b) *dst++ = static_cast<std::uint8_t>(p >> (8 * b));
            }
          }
          out.write_at(start * kTotalParents * 4, chunk.data(), chunk.size());
        }
      });
      batch = batch_end;
      ctx.report(std::min(graph.nodes(), batch * kNodesPerChunk), graph.nodes());
    }
    out.sync();
    std::filesystem::rename(temp, path);
  } catch (...) {
    std::filesystem::remove(temp, ec);
    throw;
  }
  return path;
}

std::filesystem::path ensure_parent_cache(const SdrGraph& graph, const std::filesystem::path& dir,
                                          const std::function<void(double)>& progress) {
  auto ctx = StageContext::best_effort(
      CoreBudget::process(), kAllCores, [&](std::uint64_t done, std::uint64_t total) {
        if (progress) progress(static_cast<double>(done) / static_cast<double>(total));
      });
  return ensure_parent_cache(graph, dir, ctx);
}

}  // namespace tessera::porep
