#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "crypto/sha256.hpp"
#include "sealing/porep/labels.hpp"
#include "sealing/porep/parent_cache.hpp"
#include "sealing/porep/pc1.hpp"
#include "sealing/porep/sdr_graph.hpp"
#include "test/support/process.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::porep;

namespace {

std::string last_label_hex(std::uint64_t nodes, std::uint8_t porep_fill, SdrApi api) {
  PorepId porep_id;
  porep_id.fill(porep_fill);
  SdrGraph graph(nodes, porep_id, api);
  crypto::Digest32 replica_id;
  replica_id.fill(9);
  auto layers = label_layers_in_memory(graph, replica_id, 11);
  const Bytes& last = layers.back();
  return hex_encode(Bytes(last.end() - 32, last.end()));
}

}  // namespace

// rust-fil-proofs storage-proofs-porep tests/stacked_vanilla.rs test_stacked_porep_generate_labels
// (replica_id = [9; 32], 11 layers, last label of the last layer), as stored bytes in
// reference/proofs.md §4.7.
TEST_CASE("SDR labels match rust-fil-proofs' known answers", "[sdr]") {
  CHECK(last_label_hex(64, 0, SdrApi::kV1_0) ==
        "04ba0f9a6ba9fad35e4806d183a281eab3c25afa9a1bd5e3378da6f1f4f46204");
  CHECK(last_label_hex(128, 0, SdrApi::kV1_0) ==
        "86daa8c4521e197e48c1fae6c9a1e85ab894a8883b9f23cebe531ddcd1004c23");
  CHECK(last_label_hex(64, 123, SdrApi::kV1_1) ==
        "cfef0db78bf3b3ab9f1169774d2e7a77bc9054499d954834b51ca7c788110206");
  CHECK(last_label_hex(128, 123, SdrApi::kV1_1) ==
        "6d67c468cf81ab2289c1c9c72fa8777a232de4c1323dc0c6bd552ccc187c770f");
}

// Digest of the whole 2 KiB parent cache file (14 u32-LE parents per node) from rust-fil-proofs'
// storage-proofs-porep/parent_cache.json (proof ids 0 and 5, reference/proofs.md §4.6).
TEST_CASE("2 KiB parent cache digests match the published manifest", "[sdr]") {
  auto digest = [](std::uint64_t proof_id) {
    auto porep_id = porep_id_for(proof_id);
    SdrGraph graph(64, porep_id, sdr_api_for(porep_id));
    crypto::Sha256 h;
    std::uint32_t parents[kTotalParents];
    for (std::uint64_t node = 0; node < 64; ++node) {
      graph.parents(node, parents);
      std::uint8_t bytes[4 * kTotalParents];
      for (std::size_t i = 0; i < kTotalParents; ++i) {
        for (int b = 0; b < 4; ++b)
          bytes[4 * i + b] = static_cast<std::uint8_t>(parents[i] >> (8 * b));
      }
      h.update(bytes, sizeof bytes);
    }
    auto d = h.finish();
    return hex_encode(Bytes(d.begin(), d.end()));
  };
  CHECK(digest(0) == "3da49221e2ed55371b86d0bf3d6526fcf128af61bed904f966428db1b531750d");
  CHECK(digest(5) == "840057702eea7652cf97e04306c30fe57174714d90de156a25eddd6075c25b97");
}

// File names from rust-fil-proofs' parent_cache.json manifest (reference/proofs.md §4.6).
TEST_CASE("parent cache file names match the published manifest", "[sdr]") {
  auto name = [](std::uint64_t proof_id, std::uint64_t nodes) {
    auto porep_id = porep_id_for(proof_id);
    return parent_cache_file_name(SdrGraph(nodes, porep_id, sdr_api_for(porep_id)));
  };
  CHECK(name(5, 64) ==
        "v28-sdr-parent-494d91dc80f2df5272c4b9e129bc7ade9405225993af9fe34e6542a39a47554b.cache");
  CHECK(name(0, 64) ==
        "v28-sdr-parent-3f0eef38bb48af1f48ad65e14eb85b4ebfc167cec18cd81764f6d998836c9899.cache");
  CHECK(name(8, 1ULL << 30) ==
        "v28-sdr-parent-21981246c370f9d76c7a77ab273d94bde0ceb4e938292334960bce05585dc117.cache");
}

TEST_CASE("parent cache is generated once with the manifest digest", "[sdr]") {
  test::TempDir dir;
  auto porep_id = porep_id_for(5);
  SdrGraph graph(64, porep_id, sdr_api_for(porep_id));
  auto path = ensure_parent_cache(graph, dir.path());
  auto bytes = to_bytes(test::read_file(path));
  CHECK(bytes.size() == 3584);
  auto digest = crypto::sha256(bytes);
  CHECK(hex_encode(Bytes(digest.begin(), digest.end())) ==
        "840057702eea7652cf97e04306c30fe57174714d90de156a25eddd6075c25b97");
  auto mtime = std::filesystem::last_write_time(path);
  CHECK(ensure_parent_cache(graph, dir.path()) == path);  // reused, not rewritten
  CHECK(std::filesystem::last_write_time(path) == mtime);
}

TEST_CASE("two sealing calls building the same parent cache at once both get it", "[sdr]") {
  auto porep_id = porep_id_for(5);
  SdrGraph graph(1 << 15, porep_id, sdr_api_for(porep_id));  // 1 MiB: long enough to overlap
  for (int round = 0; round < 8; ++round) {
    test::TempDir dir;
    std::vector<std::string> failures(2);
    std::vector<std::thread> builders;
    for (std::size_t i = 0; i < failures.size(); ++i)
      builders.emplace_back([&, i] {
        try {
          ensure_parent_cache(graph, dir.path());
        } catch (const std::exception& e) {
          failures[i] = e.what();
        }
      });
    for (auto& b : builders) b.join();
    CHECK(failures == std::vector<std::string>(2));
    CHECK(std::filesystem::file_size(dir / parent_cache_file_name(graph)) ==
          graph.nodes() * kTotalParents * 4);
  }
}

TEST_CASE("file-based labelling equals in-memory labelling", "[sdr]") {
  test::TempDir dir;
  auto porep_id = porep_id_for(5);
  SdrGraph graph(1 << 15, porep_id,
                 sdr_api_for(porep_id));  // 1 MiB: many prefetch windows and rings
  crypto::Digest32 replica_id;
  replica_id.fill(0x11);
  replica_id[31] = 0x01;
  auto cache = ensure_parent_cache(graph, dir / "parents");
  std::filesystem::create_directories(dir / "cache");
  auto in_memory = label_layers_in_memory(graph, replica_id, 3);
  auto check_layers = [&] {
    for (std::uint32_t layer = 1; layer <= 3; ++layer) {
      CHECK(to_bytes(test::read_file(dir / "cache" / layer_file_name(layer))) ==
            in_memory[layer - 1]);
      std::filesystem::remove(dir / "cache" / layer_file_name(layer));
    }
  };
  LayerBuffers kept(graph.nodes() * 32);  // reused, holding the last run's labels
  for (auto threads : {LabelThreads::kSingle, LabelThreads::kTouchAhead}) {
    label_layers_to_files(graph, replica_id, 3, cache, dir / "cache", {}, threads);
    check_layers();
    label_layers_to_files(graph, replica_id, 3, cache, dir / "cache", kept, {}, threads);
    check_layers();
  }
  // Buffers for another layer size are refused before anything is written.
  LayerBuffers small(64 * 32);
  CHECK_THROWS_AS(label_layers_to_files(graph, replica_id, 1, cache, dir / "cache", small),
                  InvalidInput);
  CHECK_FALSE(std::filesystem::exists(dir / "cache" / layer_file_name(1)));
  // A parent cache of another graph is refused.
  SdrGraph other(64, porep_id, sdr_api_for(porep_id));
  CHECK_THROWS_AS(label_layers_to_files(graph, replica_id, 1,
                                        ensure_parent_cache(other, dir / "parents"), dir / "cache"),
                  InvalidInput);
}
