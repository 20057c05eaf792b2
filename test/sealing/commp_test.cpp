#include <catch2/catch.hpp>

#include <random>

#include "common/error.hpp"
#include "crypto/sha256_trunc254.hpp"
#include "sealing/porep/commd.hpp"
#include "sealing/porep/commp.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/zero_commitments.hpp"

using namespace tessera;
using namespace tessera::porep;

namespace {
std::string hex_of(const crypto::Digest32& d) {
  return hex_encode(Bytes(d.begin(), d.end()));
}
}  // namespace

// Zero-commitment table of reference/proofs.md §2.3 (levels 0-30 as in supraseal
// c1/tree_d_cc_nodes.h; level 2 and 6 asserted in rust-fil-proofs tests/pieces.rs).
TEST_CASE("zero commitments match the published table", "[commp]") {
  CHECK(hex_of(zero_commitment(0)) == std::string(64, '0'));
  CHECK(hex_of(zero_commitment(1)) ==
        "f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb0b");
  CHECK(hex_of(zero_commitment(6)) ==
        "fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833");
  CHECK(hex_of(zero_commitment(18)) ==
        "65f29e5d98d246c38b388cfc06db1f6b021303c5a289000bdce832a9c3ec421c");
  CHECK(hex_of(zero_commitment(30)) ==
        "077e5fde35c50a9303a55009e3498a4ebedff39c42b710b730d8ec7ac7afa63e");
  CHECK(hex_of(zero_commitment(31)) ==
        "e64005a6bfe3777953b8ad6ef93f0fca1049b2041654f2a411f7702799cece02");
}

// go-fil-commcid / data-segment fixture (reference/proofs.md §2.5): 127×00‖127×01‖127×02‖127×03.
TEST_CASE("CommP of the four-block fixture", "[commp]") {
  Bytes data;
  for (int v = 0; v < 4; ++v) data.insert(data.end(), 127, static_cast<std::uint8_t>(v));
  auto piece = compute_commp(data.data(), data.size());
  CHECK(hex_of(piece.commitment) ==
        "496dae0cc9e265efe5a006e80626a5dc5c409e5d3155c13984caf6c8d5cfd605");
  CHECK(piece.padded_size == 512);

  // Fed in odd-sized chunks it gives the same root.
  CommPBuilder builder;
  for (std::size_t i = 0; i < data.size(); i += 50) {
    builder.write(data.data() + i, std::min<std::size_t>(50, data.size() - i));
  }
  CHECK(builder.finish().commitment == piece.commitment);
}

TEST_CASE("CommP zero-pads to the next 127·2^k", "[commp]") {
  Bytes zeros(2032, 0);
  auto full = compute_commp(zeros.data(), zeros.size());
  CHECK(full.padded_size == 2048);
  CHECK(full.commitment == zero_commitment(6));
  auto short_piece = compute_commp(zeros.data(), 1000);  // padded up to 1016 bytes -> 1 KiB
  CHECK(short_piece.padded_size == 1024);
  CHECK(short_piece.commitment == zero_commitment(5));
  auto tiny = compute_commp(zeros.data(), 1);
  CHECK(tiny.padded_size == 128);
  CHECK(tiny.commitment == zero_commitment(2));
}

TEST_CASE("Fr32 pad and unpad are inverse and keep the top bits clear", "[fr32]") {
  std::mt19937 rng(7);
  Bytes data(127 * 9);
  for (auto& b : data) b = static_cast<std::uint8_t>(rng());
  Bytes padded(128 * 9), back(127 * 9);
  fr32_pad(data.data(), padded.data(), 9);
  for (std::size_t e = 0; e < padded.size(); e += 32) CHECK((padded[e + 31] & 0xc0) == 0);
  fr32_unpad(padded.data(), back.data(), 9);
  CHECK(back == data);
  // All-ones data: each element holds 254 one bits.
  Bytes ones(127, 0xff), ones_padded(128);
  fr32_pad(ones.data(), ones_padded.data(), 1);
  for (int e = 0; e < 4; ++e) {
    CHECK(ones_padded[32 * e] == 0xff);
    CHECK(ones_padded[32 * e + 31] == 0x3f);
  }
}

TEST_CASE("CommD from pieces", "[commd]") {
  // No pieces: the zero sector (Z[6] for 2 KiB, reference/proofs.md §2.3).
  CHECK(compute_commd(2048, {}) == zero_commitment(6));
  // One zero piece filling the sector, or several zero pieces, give the same root.
  CHECK(compute_commd(2048, {{zero_commitment(6), 2048}}) == zero_commitment(6));
  CHECK(compute_commd(2048, {{zero_commitment(2), 128}, {zero_commitment(3), 256}}) ==
        zero_commitment(6));
  // A data piece followed by padding equals the CommP of the data zero-padded to the sector.
  Bytes data;
  for (int v = 0; v < 4; ++v) data.insert(data.end(), 127, static_cast<std::uint8_t>(v));
  auto piece = compute_commp(data.data(), data.size());
  Bytes sector = data;
  sector.resize(2032, 0);
  CHECK(compute_commd(2048, {piece}) == compute_commp(sector.data(), sector.size()).commitment);
  // A 128-byte piece then a 512-byte piece: the second is aligned to 512 (left-padded).
  Bytes aligned(2032, 0);
  std::copy(data.begin(), data.begin() + 127, aligned.begin());
  std::copy(data.begin(), data.end(), aligned.begin() + 508);
  auto first = compute_commp(data.data(), 127);
  CHECK(compute_commd(2048, {first, piece}) ==
        compute_commp(aligned.data(), aligned.size()).commitment);

  CHECK_THROWS_AS(compute_commd(2048, {{zero_commitment(2), 100}}), InvalidInput);
  CHECK_THROWS_AS(compute_commd(2048, {{zero_commitment(6), 2048}, {zero_commitment(2), 128}}),
                  InvalidInput);
  CHECK_THROWS_AS(compute_commd(3000, {}), InvalidInput);
}

TEST_CASE("a tree level hashed in pairs equals node by node, also in place", "[commp]") {
  Bytes children(32 * 10);
  for (std::size_t i = 0; i < children.size(); ++i)
    children[i] = static_cast<std::uint8_t>(i ^ 0x5c);
  Bytes parents(32 * 5);
  crypto::sha256_trunc254_level(children.data(), parents.data(), 5);
  for (std::size_t i = 0; i < 5; ++i) {
    auto expected =
        crypto::sha256_trunc254_node(children.data() + 64 * i, children.data() + 64 * i + 32);
    CHECK(std::equal(expected.begin(), expected.end(), parents.begin() + 32 * i));
  }
  crypto::sha256_trunc254_level(children.data(), children.data(), 5);
  CHECK(std::equal(parents.begin(), parents.end(), children.begin()));
}

TEST_CASE("CommP hashed on several threads equals the single-threaded stream", "[commp]") {
  std::mt19937_64 rng(3);
  for (std::size_t size : {std::size_t{1000}, std::size_t{127} << 13, (std::size_t{127} << 15) - 5,
                           (std::size_t{127} << 15) + 1, std::size_t{5'000'000}}) {
    std::vector<std::uint8_t> data(size);
    for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    auto single = compute_commp(data.data(), size);
    for (unsigned threads : {2u, 4u, 8u}) {
      auto parallel = compute_commp(data.data(), size, threads);
      CHECK(parallel.commitment == single.commitment);
      CHECK(parallel.padded_size == single.padded_size);
    }
  }
}
