#include <catch2/catch.hpp>

#include <filesystem>

#include "chain/types/bitfield.hpp"
#include "common/cbor/cbor.hpp"
#include "common/error.hpp"
#include "storage/datastore/backup.hpp"
#include "storage/datastore/keys.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/datastore/miner_records.hpp"
#include "storage/datastore/sector_info.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::datastore;

namespace {

// Copies the committed goleveldb fixture so the test never modifies it.
std::filesystem::path copy_fixture(const test::TempDir& dir) {
  auto target = dir / "metadata";
  std::filesystem::copy(std::filesystem::path(TESSERA_TEST_FIXTURES) / "goleveldb-metadata",
                        target);
  return target;
}

}  // namespace

// test/fixtures/goleveldb-metadata was written by goleveldb (Debian's golang-github-syndtr-
// goleveldb-dev, the engine lotus uses) with lotus's options, by
// test/tools/goleveldb/src/lotusmeta ("lotusmeta write"); its records are built there by hand.
TEST_CASE("reads a metadata datastore written by goleveldb", "[datastore]") {
  test::TempDir dir;
  auto store = MetadataStore::open(copy_fixture(dir));

  CHECK(read_miner_id(*store) == 1000u);
  CHECK(read_next_id(*store) == 8u);

  auto allocated = store->get(kAllocatedKey);
  REQUIRE(allocated);
  auto bits = chain::BitField::from_cbor(*allocated);
  CHECK(bits.count() == 9);
  CHECK(bits.contains(0));
  CHECK(bits.contains(8));
  CHECK_FALSE(bits.contains(9));
  CHECK(bits.first_unset() == 9);

  auto sectors = store->list(kSectorsPrefix);
  REQUIRE(sectors.size() == 2);

  // lotus v1.23.x record: canonical key order, 38 keys.
  auto proving = decode_sector_info(*store->get(sector_key(7)));
  CHECK(proving.state == "Proving");
  CHECK(proving.sector_number == 7);
  CHECK(proving.sector_type == 5);
  CHECK(proving.seed_epoch == 250);
  CHECK(proving.log.size() == 1);
  CHECK(proving.log[0].kind == "event;sealing.SectorStartCC");
  REQUIRE(proving.comm_r);
  CHECK(proving.comm_r->codec == 0xf102);

  // lotus v1.13.x record: declaration order, 26 keys, with the retired PreCommitInfo key.
  auto old = decode_sector_info(*store->get(sector_key(8)));
  CHECK(old.state == "PreCommit2");
  CHECK(old.sector_number == 8);
  CHECK(old.ticket_epoch == -1);
  CHECK(old.pre_commit2_fails == 1);
  CHECK(old.last_err == "seal pre commit(2) failed: example");
  CHECK_FALSE(old.comm_r);
}

TEST_CASE("metadata records round trip and reject corrupt values", "[datastore]") {
  test::TempDir dir;
  auto store = MetadataStore::open(dir / "metadata");
  CHECK_FALSE(read_miner_id(*store));
  CHECK_FALSE(read_next_id(*store));

  write_miner_id(*store, 1234);
  write_next_id(*store, 300);
  CHECK(store->get(kMinerAddressKey) == Bytes{0x00, 0xd2, 0x09});
  CHECK(store->get(kNextIdKey) == Bytes{0xac, 0x02});
  CHECK(read_miner_id(*store) == 1234u);
  CHECK(read_next_id(*store) == 300u);

  store->put(kNextIdKey, Bytes{0xff});  // truncated uvarint
  CHECK_THROWS_AS(read_next_id(*store), InvalidInput);
  store->put(kMinerAddressKey, Bytes{0x01, 0x02});  // not an ID address
  CHECK_THROWS_AS(read_miner_id(*store), InvalidInput);
}

TEST_CASE("data survives reopening", "[datastore]") {
  test::TempDir dir;
  {
    auto store = MetadataStore::open(dir / "metadata");
    store->put("/a", to_bytes("1"));
    store->put_all({{"/b", to_bytes("2")},
                    {"/c", to_bytes("3")},
                    {"/d", to_bytes("4")},
                    {"/e", to_bytes("5")}});
    store->remove("/a");
    store->remove_all({"/d", "/e", "/absent"});
  }
  auto store = MetadataStore::open(dir / "metadata");
  CHECK_FALSE(store->get("/a"));
  CHECK(store->list("/").size() == 2);
  CHECK(store->list("/c").size() == 1);
  CHECK_FALSE(store->get("/d"));
}

TEST_CASE("backup then restore reproduces every record", "[datastore][backup]") {
  test::TempDir dir;
  auto source = MetadataStore::open(copy_fixture(dir));
  write_next_id(*source, 42);
  CHECK(write_backup_file(*source, dir / "backup.cbor") == 5);
  CHECK_THROWS_AS(write_backup_file(*source, dir / "backup.cbor"), Conflict);

  auto restored = MetadataStore::open(dir / "restored");
  CHECK(restore_backup_file(*restored, dir / "backup.cbor") == 5);
  CHECK(restored->list("") == source->list(""));

  // A truncated backup is refused and writes nothing.
  auto bytes = std::filesystem::file_size(dir / "backup.cbor");
  std::filesystem::copy_file(dir / "backup.cbor", dir / "short.cbor");
  std::filesystem::resize_file(dir / "short.cbor", bytes - 7);
  auto empty = MetadataStore::open(dir / "empty");
  CHECK_THROWS_AS(restore_backup_file(*empty, dir / "short.cbor"), InvalidInput);
  CHECK(empty->list("").empty());
  CHECK_THROWS_AS(restore_backup_file(*empty, dir / "missing.cbor"), NotFound);
}
