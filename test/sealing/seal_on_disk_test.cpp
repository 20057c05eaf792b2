#include <fcntl.h>
#include <stdlib.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <optional>
#include <random>

#include "common/cid/cid.hpp"
#include "common/error.hpp"
#include "common/file_io.hpp"
#include "gpu/compute_lanes.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "sealing/porep/aux_files.hpp"
#include "sealing/porep/commit1.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "sealing/porep/sector_files.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/temp_dir.hpp"
#include "test/support/waiting_winning_post.hpp"

using namespace tessera;
using namespace tessera::porep;

namespace {

// A sector's files in a scratch directory, with its own parent cache directory.
struct SectorDir {
  test::TempDir dir;
  test::EnvGuard parents{"FIL_PROOFS_PARENT_CACHE", (dir / "parents").string()};
  std::filesystem::path staged = dir / "staged", cache = dir / "cache", sealed = dir / "sealed";
};

void write_file(const std::filesystem::path& path, const Bytes& data) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

Bytes read_file(const std::filesystem::path& path) {
  File in(path, O_RDONLY);
  Bytes data(in.size());
  in.read_at(0, data.data(), data.size());
  return data;
}

std::string hex(const crypto::Digest32& d) {
  return hex_encode(Bytes(d.begin(), d.end()));
}

Bytes oracle_sector() {
  Bytes unpadded(2032), padded(2048);
  for (std::size_t i = 0; i < unpadded.size(); ++i)
    unpadded[i] = static_cast<std::uint8_t>((i * 37 + 11) & 0xff);
  fr32_pad(unpadded.data(), padded.data(), 16);
  return padded;
}

SealInputs oracle_inputs() {
  SealInputs inputs;
  inputs.registered_proof = 5;
  inputs.actor_id = 1000;
  inputs.sector_number = 3;
  inputs.ticket.fill(0x07);
  return inputs;
}

void flip_byte(const std::filesystem::path& path, std::uint64_t offset) {
  File f(path, O_RDWR);
  std::uint8_t b;
  f.read_at(offset, &b, 1);
  b ^= 0x01;
  f.write_at(offset, &b, 1);
}

}  // namespace

// Same real rust-fil-proofs run as in seal_in_memory_test.cpp (lotus cmd/lotus-bench/simple.go).
TEST_CASE("2 KiB on-disk seal reproduces the rust-fil-proofs CommR", "[seal][disk][kat]") {
  SectorDir s;
  write_file(s.staged, Bytes(2048, 0));
  SealInputs inputs;
  inputs.actor_id = 1000;
  inputs.sector_number = 1;
  precommit1(inputs, s.staged, s.cache, s.sealed);
  auto pc2 = precommit2(inputs.registered_proof, s.cache, s.sealed);
  CHECK(cid::commitment_sealed_cid(Bytes(pc2.comm_r.begin(), pc2.comm_r.end())).to_string() ==
        "bagboea4b5abcbrshxgmmpaucffwp2elaofbcrvb7hmcu3653o4lsw2arlor4hn3c");
}

// PC1 and PC2 in their compute lanes (gpu/compute_lanes.hpp): PC1 on a core reserved for it; a
// WinningPoSt that asks for the cores while PC2 runs gets them at PC2's next batch boundary,
// before PC2 ends; the CommR is unchanged.
TEST_CASE("2 KiB PC1 and PC2 in their lanes; PC2 yields to a WinningPoSt at a batch boundary",
          "[seal][disk][lanes]") {
  SectorDir s;
  write_file(s.staged, Bytes(2048, 0));
  SealInputs inputs;
  inputs.actor_id = 1000;
  inputs.sector_number = 1;

  gpu::LanesConfig config;
  config.total_cores = 3;
  config.lane(gpu::ComputeClass::kPreCommit1).reserved_cores = 1;
  gpu::ComputeLanes lanes(config);
  {
    auto pc1_lane = lanes.enter(gpu::ComputeClass::kPreCommit1, 1);
    CHECK(&pc1_lane.ctx().budget() != &lanes.shared_budget());  // its reserved core
    precommit1(inputs, s.staged, s.cache, s.sealed, {}, &pc1_lane.ctx());
  }
  std::optional<gpu::LaneContext> pc2_lane(lanes.enter(gpu::ComputeClass::kPreCommit2, kAllCores));
  CHECK(pc2_lane->ctx().cores() == 2);  // the shared cores
  test::WaitingWinningPost winning(lanes);
  const auto pc2 = precommit2(
      inputs.registered_proof, s.cache, s.sealed,
      [&](const std::string&, double) { winning.start(); }, &pc2_lane->ctx());
  const int pc2_done = winning.mark();
  pc2_lane.reset();  // without a yield, the WinningPoSt gets the cores only now
  const int winning_at = winning.join();
  CHECK(winning_at > 0);
  CHECK(winning_at < pc2_done);
  CHECK(cid::commitment_sealed_cid(Bytes(pc2.comm_r.begin(), pc2.comm_r.end())).to_string() ==
        "bagboea4b5abcbrshxgmmpaucffwp2elaofbcrvb7hmcu3653o4lsw2arlor4hn3c");
}

TEST_CASE("2 KiB on-disk seal: oracle values, file layout, C1, PoSt, finalize, unseal",
          "[seal][disk][kat]") {
  SectorDir s;
  const Bytes data = oracle_sector();
  write_file(s.staged, data);
  auto inputs = oracle_inputs();
  auto pc1 = precommit1(inputs, s.staged, s.cache, s.sealed);
  auto pc2 = precommit2(inputs.registered_proof, s.cache, s.sealed);
  // The independent oracle's values (see seal_in_memory_test.cpp).
  CHECK(hex(pc1.comm_d) == "775307a96b72934390180e89b09709ebcf05c27e0da81eb6548987b67c0de23d");
  CHECK(hex(pc1.replica_id) == "d654ef884edf817c80953eb7c531c4620bfd13a68c737a506faf220f0be28537");
  CHECK(hex(pc2.comm_c) == "696566ea5f1d0596d76f7e40c5f531a53a00bd3dbc798c7d56b251e60ddd3632");
  CHECK(hex(pc2.comm_r_last) == "ac68add484d75ee61fa4ba4183d4b817dacc10500233626a6535d1d40990363b");
  CHECK(hex(pc2.comm_r) == "147f123b4e8632659d8df1a62bf9eeeeaabfaf4bf5d4616b4ef847a60db85055");

  // rust-fil-proofs' file sizes: tree-d 127 nodes, tree-c 73, tree-r-last keeps only the root
  // (3 rows, rows_to_discard 1), p_aux 64 bytes.
  CHECK(std::filesystem::file_size(s.cache / "sc-02-data-tree-d.dat") == 127 * 32);
  CHECK(std::filesystem::file_size(s.cache / "sc-02-data-tree-c.dat") == 73 * 32);
  CHECK(std::filesystem::file_size(s.cache / "sc-02-data-tree-r-last.dat") == 32);
  CHECK(std::filesystem::file_size(s.cache / "sc-02-data-layer-2.dat") == 2048);
  CHECK(read_p_aux(s.cache).comm_r_last == pc2.comm_r_last);
  auto t_aux = read_t_aux(s.cache);
  REQUIRE(t_aux.labels.size() == 2);
  CHECK(t_aux.labels[1] == StoreConfig{s.cache.string(), "layer-2", 64, 0});
  CHECK(t_aux.tree_d == StoreConfig{s.cache.string(), "tree-d", 127, 0});
  CHECK(t_aux.tree_r_last == StoreConfig{s.cache.string(), "tree-r-last", 73, 1});
  CHECK(t_aux.tree_c == StoreConfig{s.cache.string(), "tree-c", 73, 0});

  crypto::Digest32 seed;
  seed.fill(0x11);
  auto proof = commit1(inputs.registered_proof, s.cache, s.sealed, pc1.replica_id, seed);
  PorepPublicInputs pub{inputs.registered_proof, pc1.replica_id, pc1.comm_d, pc2.comm_r, seed};
  CHECK(verify_porep(pub, proof));

  post::PostChallengeParams params;
  params.randomness.fill(0x22);
  params.sector_size = 2048;
  auto check_post = [&] {
    SealedReplica replica(inputs.registered_proof, s.cache, s.sealed);
    auto sector_proof = post::prove_sector(params, 0, inputs.sector_number, replica.tree_r_last(),
                                           replica.aux().comm_c);
    return post::verify_sector(params, 0, pc2.comm_r, sector_proof);
  };
  CHECK(check_post());

  finalize_sector(inputs.registered_proof, s.cache);
  CHECK_FALSE(std::filesystem::exists(s.cache / "sc-02-data-layer-1.dat"));
  CHECK_FALSE(std::filesystem::exists(s.cache / "sc-02-data-tree-c.dat"));
  CHECK_FALSE(std::filesystem::exists(s.cache / "sc-02-data-tree-d.dat"));
  CHECK(check_post());  // rows above the leaves are rebuilt from the replica

  unseal_sector(inputs.registered_proof, pc1.replica_id, s.sealed, s.dir / "unseal",
                s.dir / "unsealed");
  CHECK(read_file(s.dir / "unsealed") == data);
}

TEST_CASE("on-disk sealing refuses bad input and detects tampering", "[seal][disk]") {
  SectorDir s;
  auto inputs = oracle_inputs();
  Bytes data = oracle_sector();

  SECTION("staged data longer than the sector") {
    data.push_back(0);
    write_file(s.staged, data);
    CHECK_THROWS_WITH(precommit1(inputs, s.staged, s.cache, s.sealed),
                      Catch::Contains("longer than"));
  }
  SECTION("truncated staged data") {
    data.resize(2000);
    write_file(s.staged, data);
    CHECK_THROWS_AS(precommit1(inputs, s.staged, s.cache, s.sealed), InvalidInput);
  }
  SECTION("sealed sectors") {
    write_file(s.staged, data);
    auto pc1 = precommit1(inputs, s.staged, s.cache, s.sealed);
    auto pc2 = precommit2(inputs.registered_proof, s.cache, s.sealed);
    crypto::Digest32 seed{};
    PorepPublicInputs pub{inputs.registered_proof, pc1.replica_id, pc1.comm_d, pc2.comm_r, seed};

    SECTION("wrong sector size") {
      CHECK_THROWS_WITH(SealedReplica(6, s.cache, s.sealed), Catch::Contains("sector size"));
      CHECK_THROWS_AS(commit1(6, s.cache, s.sealed, pc1.replica_id, seed), InvalidInput);
    }
    SECTION("truncated sealed file") {
      std::filesystem::resize_file(s.sealed, 1024);
      CHECK_THROWS_WITH(SealedReplica(5, s.cache, s.sealed), Catch::Contains("truncated"));
    }
    SECTION("corrupt p_aux") {
      std::filesystem::resize_file(s.cache / "p_aux", 63);
      CHECK_THROWS_WITH(SealedReplica(5, s.cache, s.sealed), Catch::Contains("p_aux"));
      write_p_aux(s.cache, {pc2.comm_r_last, pc2.comm_c});  // swapped
      CHECK_THROWS_WITH(commit1(5, s.cache, s.sealed, pc1.replica_id, seed),
                        Catch::Contains("does not match"));
    }
    SECTION("corrupt t_aux") {
      std::filesystem::resize_file(s.cache / "t_aux", 10);
      CHECK_THROWS_WITH(SealedReplica(5, s.cache, s.sealed), Catch::Contains("t_aux"));
    }
    // Tampering is caught when the files are opened (tree roots against p_aux) or by the proof.
    auto tampering_caught = [&] {
      try {
        return !verify_porep(pub, commit1(5, s.cache, s.sealed, pc1.replica_id, seed));
      } catch (const InvalidInput&) {
        return true;
      }
    };
    SECTION("a flipped byte in the replica fails the proof") {
      flip_byte(s.sealed, 7 * 32 + 3);
      CHECK(tampering_caught());
    }
    SECTION("flipped bytes in a layer fail the proof") {
      for (std::uint64_t node = 0; node < 64; ++node)
        flip_byte(s.cache / "sc-02-data-layer-1.dat", node * 32);
      CHECK(tampering_caught());
    }
  }
}

TEST_CASE("8 MiB on-disk seal -> C1 -> verify, PoSt after finalize", "[seal][disk][8mib]") {
  SectorDir s;
  std::mt19937 rng(5);
  Bytes unpadded((8u << 20) / 128 * 127), padded(8u << 20);
  for (auto& b : unpadded) b = static_cast<std::uint8_t>(rng());
  fr32_pad(unpadded.data(), padded.data(), unpadded.size() / 127);
  write_file(s.staged, padded);
  SealInputs inputs;
  inputs.registered_proof = 6;
  inputs.sector_number = 9;
  inputs.ticket.fill(3);
  auto pc1 = precommit1(inputs, s.staged, s.cache, s.sealed);
  auto pc2 = precommit2(6, s.cache, s.sealed);
  // 2^18 leaves: 7 rows; rows_to_discard 2 drops 2^15 and 2^12 -> 512+64+8+1 nodes cached
  CHECK(std::filesystem::file_size(s.cache / "sc-02-data-tree-r-last.dat") == 585 * 32);
  crypto::Digest32 seed;
  seed.fill(9);
  auto proof = commit1(6, s.cache, s.sealed, pc1.replica_id, seed);
  CHECK(verify_porep({6, pc1.replica_id, pc1.comm_d, pc2.comm_r, seed}, proof));
  finalize_sector(6, s.cache);
  post::PostChallengeParams params;
  params.randomness.fill(4);
  params.sector_size = 8 << 20;
  SealedReplica replica(6, s.cache, s.sealed);
  auto sector_proof = post::prove_sector(params, 0, 9, replica.tree_r_last(), replica.aux().comm_c);
  CHECK(post::verify_sector(params, 0, pc2.comm_r, sector_proof));
  sector_proof.inclusion_proofs[0].path[0].siblings[0][0] ^= 1;
  CHECK_FALSE(post::verify_sector(params, 0, pc2.comm_r, sector_proof));
}
