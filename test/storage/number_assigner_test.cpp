#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <thread>

#include "common/cid/varint.hpp"
#include "common/error.hpp"
#include "storage/datastore/keys.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/sectorid/number_assigner.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using chain::BitField;
using sectorid::SectorNumberAssigner;

namespace {

std::uint64_t stored_next_id(const datastore::MetadataStore& store) {
  auto raw = store.get(datastore::kNextIdKey);
  REQUIRE(raw);
  std::size_t at = 0;
  return cid::read_uvarint(*raw, at);
}

}  // namespace

TEST_CASE("sector numbers are assigned as lotus does, idempotently", "[sectorid]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  SectorNumberAssigner assigner(*store);
  CHECK(assigner.meta().next == 0);
  CHECK(assigner.allocate(1, "req-a") == std::vector<std::uint64_t>{0});
  CHECK(assigner.allocate(3, "req-b") == std::vector<std::uint64_t>{1, 2, 3});
  CHECK(assigner.allocate(1, "req-a") == std::vector<std::uint64_t>{0});  // retried: same number
  CHECK(assigner.allocate(5, "req-b") == std::vector<std::uint64_t>{1, 2, 3});
  // lotus's keys: the allocated bitfield (CBOR) and the legacy counter holding the last number
  CHECK(BitField::from_cbor(*store->get(datastore::kAllocatedKey)) == BitField::from_runs({0, 4}));
  CHECK(stored_next_id(*store) == 3);
  CHECK(assigner.meta().next == 4);

  // Reserved numbers are skipped.
  store->put(datastore::kReservedKey, BitField::from_runs({4, 2}).to_cbor());  // 4, 5
  CHECK(assigner.allocate(2, "req-c") == std::vector<std::uint64_t>{6, 7});

  // Seeding (the chain's allocated numbers, or [0, n] from the fork's sectorid file).
  assigner.seed(BitField::from_runs({0, 100}));
  CHECK(assigner.allocate(1, "req-d") == std::vector<std::uint64_t>{100});

  // What was acknowledged survives a restart, retries included.
  store.reset();
  store = datastore::MetadataStore::open(dir / "metadata");
  SectorNumberAssigner reopened(*store);
  CHECK(reopened.allocate(2, "req-c") == std::vector<std::uint64_t>{6, 7});
  CHECK(reopened.allocate(1, "req-e") == std::vector<std::uint64_t>{101});
}

TEST_CASE("a legacy counter and the goleveldb fixture seed the assigner", "[sectorid]") {
  test::TempDir dir;
  {
    auto store = datastore::MetadataStore::open(dir / "legacy");
    Bytes seven;
    cid::put_uvarint(seven, 7);
    store->put(datastore::kNextIdKey, seven);  // lotus <= 1.17: last number handed out was 7
    CHECK(SectorNumberAssigner(*store).allocate(1, "x") == std::vector<std::uint64_t>{8});
  }
  // test/fixtures/goleveldb-metadata (written by goleveldb): /storage/nextid 8, bits 0..8.
  std::filesystem::copy(std::filesystem::path(TESSERA_TEST_FIXTURES) / "goleveldb-metadata",
                        dir / "fixture");
  auto store = datastore::MetadataStore::open(dir / "fixture");
  CHECK(SectorNumberAssigner(*store).allocate(1, "x") == std::vector<std::uint64_t>{9});
}

TEST_CASE("concurrent allocations never repeat a number", "[sectorid]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  SectorNumberAssigner assigner(*store);
  constexpr int kThreads = 8, kEach = 50;
  std::vector<std::vector<std::uint64_t>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto n = assigner.allocate(1 + i % 3, "t" + std::to_string(t) + "-" + std::to_string(i));
        got[t].insert(got[t].end(), n.begin(), n.end());
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::uint64_t> all;
  std::size_t total = 0;
  for (const auto& v : got) {
    all.insert(v.begin(), v.end());
    total += v.size();
  }
  CHECK(all.size() == total);         // no duplicates
  CHECK(*all.rbegin() == total - 1);  // and no gaps
}

TEST_CASE("bad allocation requests are refused and change nothing", "[sectorid]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  SectorNumberAssigner assigner(*store);
  CHECK_THROWS_AS(assigner.allocate(1, ""), InvalidInput);
  CHECK_THROWS_AS(assigner.allocate(1, "has/slash"), InvalidInput);
  CHECK_THROWS_AS(assigner.allocate(1, std::string(129, 'k')), InvalidInput);
  CHECK_THROWS_AS(assigner.allocate(0, "k"), InvalidInput);
  CHECK_THROWS_AS(assigner.allocate(sectorid::kMaxBatch + 1, "k"), InvalidInput);
  CHECK_FALSE(store->get(datastore::kAllocatedKey));
  store->put(datastore::kAllocatedKey, hex_decode("ff"));
  CHECK_THROWS_WITH(assigner.allocate(1, "k"),
                    Catch::Contains("corrupt /storage/sectorsids/allocated"));
}

TEST_CASE("concurrent retries of one request share its numbers", "[sectorid]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  SectorNumberAssigner assigner(*store);
  std::vector<std::vector<std::uint64_t>> got(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        auto n = assigner.allocate(2, "shared-" + std::to_string(i));  // every thread, same keys
        got[t].insert(got[t].end(), n.begin(), n.end());
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 1; t < 8; ++t) CHECK(got[t] == got[0]);
  CHECK(assigner.meta().next == 40);  // 20 requests × 2 numbers, each allocated once
}
