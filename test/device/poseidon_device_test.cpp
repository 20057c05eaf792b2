// A PoseidonDevice against the CPU: neptune's vectors, random columns of 2 and 11 layers across
// several batches and both streams, tree rows, refused non-field inputs and shapes, row buffers
// reused across sizes, and two threads calling at once. The device is test::device_under_test():
// CUDA device 0 in tessera_device_tests, the same pipeline over the host accelerator in
// tessera_tests.
#include <catch2/catch.hpp>

#include <string>
#include <thread>

#include "common/error.hpp"
#include "crypto/fr.hpp"
#include "crypto/merkle.hpp"
#include "crypto/poseidon.hpp"
#include "gpu/poseidon_device.hpp"
#include "test/support/device_under_test.hpp"

using namespace tessera;
using crypto::Fr;
using test::random_nodes;

namespace {

Bytes counting_column_layers(std::size_t layers) {
  Bytes out(32 * layers);
  for (std::size_t l = 0; l < layers; ++l) Fr::from_uint(l).to_bytes(out.data() + 32 * l);
  return out;
}

// The CPU's column hashes, on every core.
Bytes cpu_columns(const std::vector<Bytes>& layers, std::size_t count) {
  Bytes out(32 * count);
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<Fr> column(layers.size());
      for (std::size_t i = t; i < count; i += threads) {
        for (std::size_t l = 0; l < layers.size(); ++l)
          column[l] = Fr::from_bytes(layers[l].data() + 32 * i);
        crypto::poseidon_hash(column, layers.size()).to_bytes(out.data() + 32 * i);
      }
    });
  }
  for (auto& th : pool) th.join();
  return out;
}

}  // namespace

// neptune src/poseidon.rs hash_values_aux (Standard strength, MerkleTree type, inputs
// 0..arity−1), as listed in reference/proofs.md §6.6 (big-endian hex).
TEST_CASE("device Poseidon gives neptune's vectors", "[device][poseidon]") {
  auto device = test::device_under_test().device;
  for (std::size_t arity : {2, 11}) {
    const Bytes column = counting_column_layers(arity);
    std::vector<const std::uint8_t*> layers;
    for (std::size_t l = 0; l < arity; ++l) layers.push_back(column.data() + 32 * l);
    Bytes out(32);
    gpu::hash_columns_in_memory(*device, layers, 1, out.data());
    CHECK(Fr::from_bytes(out.data()).to_hex_be() ==
          (arity == 2 ? "396508d75e76a56b739e0fd902efe161a6fba9339d05a69d2e203c369a02e7ff"
                      : "0c0fc1b2e5227f286ca537e232ebe87a09f3dcd8ccb08fc1cee3bbc32b693163"));
  }
  const auto rows = device->hash_rows(counting_column_layers(8).data(), 8, 1);
  REQUIRE(rows.size() == 1);
  CHECK(Fr::from_bytes(rows[0].data()).to_hex_be() ==
        "2394611da3a5de5512010042116770774b682e9d9cc4aed92a9934f56d38a5e6");
}

TEST_CASE("device column hashes equal the CPU's across batches", "[device][poseidon]") {
  auto [device, batch, levels] = test::device_under_test();
  const std::size_t count = 2 * batch + 7;  // two whole batches and a part
  for (std::size_t arity : {2, 11}) {
    CAPTURE(arity);
    std::vector<Bytes> layers;
    std::vector<const std::uint8_t*> pointers;
    for (std::size_t l = 0; l < arity; ++l) layers.push_back(random_nodes(count, 100 + l));
    for (const Bytes& layer : layers) pointers.push_back(layer.data());
    Bytes out(32 * count);
    gpu::hash_columns_in_memory(*device, pointers, count, out.data());
    CHECK(out == cpu_columns(layers, count));
  }
}

TEST_CASE("device tree rows equal the CPU's", "[device][poseidon]") {
  auto [device, batch, levels] = test::device_under_test();
  const std::size_t leaves = std::size_t{1} << (3 * levels);  // on the GPU, write_tree_file's chunk
  const Bytes data = random_nodes(leaves, 7);
  const auto rows = device->hash_rows(data.data(), leaves, levels);
  REQUIRE(rows.size() == levels);
  Bytes below = data;
  for (std::size_t r = 0; r < levels; ++r) {
    CAPTURE(r);
    below = crypto::hash_row(crypto::TreeHash::kPoseidon, 8, below);
    CHECK(rows[r] == below);
  }
}

TEST_CASE("the device refuses inputs that are not field elements and keeps working",
          "[device][poseidon]") {
  auto device = test::device_under_test().device;
  Bytes leaves = random_nodes(64, 3);
  std::fill(leaves.begin() + 32 * 9, leaves.begin() + 32 * 10, 0xff);
  CHECK_THROWS_AS(device->hash_rows(leaves.data(), 64, 2), InvalidInput);
  Bytes layer = random_nodes(64, 4), bad = layer;
  std::fill(bad.begin() + 32 * 63, bad.end(), 0xff);
  Bytes out(32 * 64);
  CHECK_THROWS_AS(gpu::hash_columns_in_memory(*device, {layer.data(), bad.data()}, 64, out.data()),
                  InvalidInput);
  gpu::hash_columns_in_memory(*device, {layer.data(), layer.data()}, 64, out.data());
  CHECK(out == cpu_columns({layer, layer}, 64));
  CHECK_THROWS_AS(device->hash_rows(leaves.data(), 60, 2), InvalidInput);  // not whole rows
}

TEST_CASE("the device refuses p itself, 9 layers and impossible rows; 0 columns are nothing",
          "[device][poseidon]") {
  auto device = test::device_under_test().device;
  Bytes layer = random_nodes(8, 5), at_modulus = layer;
  for (std::size_t limb = 0; limb < 4; ++limb) {
    for (std::size_t b = 0; b < 8; ++b) {  // p, little-endian, as node 3 of a layer
      at_modulus[32 * 3 + 8 * limb + b] =
          static_cast<std::uint8_t>(crypto::kFrModulus[limb] >> (8 * b));
    }
  }
  Bytes out(32 * 8);
  CHECK_THROWS_AS(
      gpu::hash_columns_in_memory(*device, {layer.data(), at_modulus.data()}, 8, out.data()),
      InvalidInput);
  CHECK_THROWS_AS(device->hash_rows(at_modulus.data(), 8, 1), InvalidInput);
  const std::vector<const std::uint8_t*> nine(9, layer.data());
  CHECK_THROWS_AS(gpu::hash_columns_in_memory(*device, nine, 8, out.data()), InvalidInput);
  CHECK_THROWS_AS(device->hash_rows(layer.data(), 8, 2), InvalidInput);   // 8 leaves, 2 levels
  CHECK_THROWS_AS(device->hash_rows(layer.data(), 8, 40), InvalidInput);  // 8^40 overflows
  gpu::hash_columns_in_memory(*device, {layer.data(), layer.data()}, 0, out.data());
  gpu::hash_columns_in_memory(*device, {layer.data(), layer.data()}, 8, out.data());
  CHECK(out == cpu_columns({layer, layer}, 8));
}

TEST_CASE("the device's row buffers grow and shrink between calls", "[device][poseidon]") {
  auto [device, batch, large_levels] = test::device_under_test();
  const Bytes small = random_nodes(8, 11);
  const Bytes large = random_nodes(std::size_t{1} << (3 * large_levels), 12);
  for (const Bytes* leaves : {&small, &large, &small}) {
    const std::size_t count = leaves->size() / 32;
    const std::size_t levels = count == 8 ? 1 : large_levels;
    const auto rows = device->hash_rows(leaves->data(), count, levels);
    REQUIRE(rows.size() == levels);
    CHECK(rows.back() == [&] {
      Bytes below = *leaves;
      for (std::size_t r = 0; r < levels; ++r)
        below = crypto::hash_row(crypto::TreeHash::kPoseidon, 8, below);
      return below;
    }());
  }
}

// PC2 hashes the next chunk's columns on one thread while it hashes the current chunk's rows on
// another (sealing/porep/tree_store.cpp): the calls are serialised and each gets its own result.
TEST_CASE("the device gives each of two threads calling it at once its own result",
          "[device][poseidon]") {
  auto [device, batch, levels] = test::device_under_test();
  const std::size_t columns = batch + 3, leaves = std::size_t{1} << (3 * levels - 3);
  std::vector<Bytes> layers;
  for (std::size_t l = 0; l < 11; ++l) layers.push_back(random_nodes(columns, 200 + l));
  std::vector<const std::uint8_t*> pointers;
  for (const Bytes& layer : layers) pointers.push_back(layer.data());
  const Bytes row_leaves = random_nodes(leaves, 300);
  const Bytes want_columns = cpu_columns(layers, columns);
  const Bytes want_row = crypto::hash_row(crypto::TreeHash::kPoseidon, 8, row_leaves);
  constexpr int kRounds = 4;
  std::vector<Bytes> got_columns(kRounds, Bytes(32 * columns));
  std::vector<Bytes> got_rows(kRounds);
  std::string column_error;
  std::thread column_thread([&] {
    try {
      for (int i = 0; i < kRounds; ++i)
        gpu::hash_columns_in_memory(*device, pointers, columns, got_columns[i].data());
    } catch (const std::exception& e) {
      column_error = e.what();
    }
  });
  try {
    for (int i = 0; i < kRounds; ++i)
      got_rows[i] = device->hash_rows(row_leaves.data(), leaves, 1)[0];
  } catch (...) {
    column_thread.join();
    throw;
  }
  column_thread.join();
  CHECK(column_error.empty());
  for (int i = 0; i < kRounds; ++i) {
    CAPTURE(i);
    CHECK(got_columns[i] == want_columns);
    CHECK(got_rows[i] == want_row);
  }
}
