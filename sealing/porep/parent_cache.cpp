#include "sealing/porep/parent_cache.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "common/encoding.hpp"
#include "common/error.hpp"

namespace tessera::porep {
namespace {

constexpr std::uint64_t kNodesPerChunk = 1 << 16;

void write_all(int fd, const std::uint8_t* data, std::size_t size, const std::string& path) {
  while (size) {
    auto n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw IoError("write " + path + ": " + std::strerror(errno));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

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
                                          const std::function<void(double)>& progress) {
  const auto path = dir / parent_cache_file_name(graph);
  const std::uint64_t expected = graph.nodes() * kTotalParents * 4;
  std::error_code ec;
  if (std::filesystem::file_size(path, ec) == expected && !ec) return path;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw IoError("create " + dir.string() + ": " + ec.message());
  const auto temp = path.string() + ".tmp-" + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError("create " + temp + ": " + std::strerror(errno));
  try {
    std::vector<std::uint8_t> chunk;
    std::uint32_t parents[kTotalParents];
    for (std::uint64_t start = 0; start < graph.nodes(); start += kNodesPerChunk) {
      const std::uint64_t end = std::min(graph.nodes(), start + kNodesPerChunk);
      chunk.resize((end - start) * kTotalParents * 4);
      std::uint8_t* out = chunk.data();
      for (std::uint64_t node = start; node < end; ++node) {
        graph.parents(node, parents);
        for (auto p : parents) {
          for (int b = 0; b < 4; ++b) *out++ = static_cast<std::uint8_t>(p >> (8 * b));
        }
      }
      write_all(fd, chunk.data(), chunk.size(), temp);
      if (progress) progress(static_cast<double>(end) / static_cast<double>(graph.nodes()));
    }
    if (::fsync(fd) != 0) throw IoError("fsync " + temp + ": " + std::strerror(errno));
    ::close(fd);
    fd = -1;
    std::filesystem::rename(temp, path);
  } catch (...) {
    if (fd >= 0) ::close(fd);
    std::filesystem::remove(temp, ec);
    throw;
  }
  return path;
}

}  // namespace tessera::porep
