#include <catch2/catch.hpp>

#include <openssl/sha.h>

#include <string>
#include <utility>
#include <vector>

#include "common/cbor/cbor.hpp"
#include "common/error.hpp"
#include "storage/datastore/backup_format.hpp"

using namespace tessera;
using namespace tessera::datastore;

using Entries = std::vector<std::pair<std::string, Bytes>>;

// Layout of reference/lotus-compat.md §2.5 (lotus lib/backupds/datastore.go Backup):
// 82 9f (82 key value)* ff 5820 sha256(9f..ff).
TEST_CASE("backup file bytes follow lotus's layout", "[cbor][backup]") {
  const auto bytes = encode_backup({{"/a", to_bytes("1")}});
  const std::string body =
      "9f"
      "82"
      "422f61"
      "4131"
      "ff";
  Bytes body_bytes = hex_decode(body);
  Bytes digest(SHA256_DIGEST_LENGTH);
  SHA256(body_bytes.data(), body_bytes.size(), digest.data());
  CHECK(hex_encode(bytes) == "82" + body + "5820" + hex_encode(digest));

  const auto empty = encode_backup({});
  Bytes empty_body{0x9f, 0xff};
  SHA256(empty_body.data(), empty_body.size(), digest.data());
  CHECK(hex_encode(empty) == "829fff5820" + hex_encode(digest));
  CHECK(decode_backup(empty).empty());
}

TEST_CASE("backup round trip and checksum", "[cbor][backup]") {
  Entries entries = {{"/miner-address", hex_decode("00e807")},
                     {"/storage/nextid", hex_decode("e907")},
                     {"/sectors/2", Bytes(300, 0xa0)},
                     {"/empty", Bytes{}}};
  const auto bytes = encode_backup(entries);
  CHECK(decode_backup(bytes) == entries);

  // Any flipped byte inside the entry list breaks the checksum (or the structure).
  for (std::size_t i = 2; i + 35 < bytes.size(); i += 11) {
    auto corrupt = bytes;
    corrupt[i] ^= 0x01;
    CHECK_THROWS_AS(decode_backup(corrupt), InvalidInput);
  }
  // A flipped byte of a value only changes the data: the checksum must catch it.
  auto corrupt = bytes;
  corrupt[bytes.size() - 40] ^= 0x01;
  CHECK_THROWS_WITH(decode_backup(corrupt), Catch::Contains("backup checksum mismatch"));
  auto bad_sum = bytes;
  bad_sum.back() ^= 0x80;
  CHECK_THROWS_WITH(decode_backup(bad_sum), Catch::Contains("backup checksum mismatch"));
  for (std::size_t cut = 0; cut < bytes.size(); cut += 5) {
    CHECK_THROWS_AS(decode_backup(Bytes(bytes.begin(), bytes.begin() + cut)), InvalidInput);
  }
}

TEST_CASE("backup structure errors", "[cbor][backup]") {
  CHECK_THROWS_AS(decode_backup(Bytes{}), InvalidInput);
  CHECK_THROWS_AS(decode_backup(hex_decode("83")), InvalidInput);          // not array(2)
  CHECK_THROWS_AS(decode_backup(hex_decode("8280")), InvalidInput);        // definite array
  CHECK_THROWS_AS(decode_backup(hex_decode("829f")), InvalidInput);        // truncated
  CHECK_THROWS_AS(decode_backup(hex_decode("829f0101ff")), InvalidInput);  // entry not 0x82
  // Entry whose key is a text string rather than a byte string.
  cbor::Writer body;
  body.write_indefinite_array_start();
  body.write_array_header(2);
  body.write_text("/a");
  body.write_bytes(Bytes{1});
  body.write_break();
  Bytes bytes{0x82};
  bytes.insert(bytes.end(), body.bytes().begin(), body.bytes().end());
  bytes.insert(bytes.end(), {0x58, 0x20});
  bytes.resize(bytes.size() + 32);
  CHECK_THROWS_WITH(decode_backup(bytes), Catch::Contains("key"));
  // A checksum that is not 32 bytes.
  auto short_sum = encode_backup({});
  short_sum.resize(short_sum.size() - 1);
  short_sum[4] = 0x1f;  // 5820 -> 581f
  CHECK_THROWS_AS(decode_backup(short_sum), InvalidInput);
}

// A metadata-log file (reference/lotus-compat.md §2.6) is a backup followed by
// [key, value, timestamp] entries; lotus's ReadBackup returns both.
TEST_CASE("backup followed by metadata-log entries", "[cbor][backup]") {
  auto bytes = encode_backup({{"/a", to_bytes("1")}});
  cbor::Writer log;
  log.write_array_header(3);
  log.write_bytes(to_bytes("/a"));
  log.write_bytes(to_bytes("2"));
  log.write_int(1700000000);
  const auto entry = log.bytes();
  bytes.insert(bytes.end(), entry.begin(), entry.end());
  const auto entries = decode_backup(bytes);
  REQUIRE(entries.size() == 2);
  CHECK(entries[1] == std::make_pair(std::string("/a"), to_bytes("2")));
  bytes.pop_back();  // truncated log entry
  CHECK_THROWS_AS(decode_backup(bytes), InvalidInput);
  auto bad = encode_backup({});
  bad.push_back(0x01);  // not a 3-tuple
  CHECK_THROWS_AS(decode_backup(bad), InvalidInput);
}
