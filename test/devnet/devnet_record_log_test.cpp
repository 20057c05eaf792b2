#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "devnet/record_log.hpp"
#include "common/error.hpp"
#include "test/support/files.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::chain::devnet;

namespace {

Bytes text_bytes(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

void append_raw(const std::filesystem::path& path, const Bytes& data) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

// Record framing from the header: u32_be(length) ‖ 8 checksum bytes ‖ payload.
constexpr std::uint64_t kHeader = 12;

}  // namespace

TEST_CASE("record log writes the documented framing", "[devnet][record_log]") {
  test::TempDir dir;
  const auto path = dir / "log";
  {
    RecordLog log(path);
    CHECK(log.initial_records().empty());
    CHECK(log.dropped_bytes() == 0);
    log.append(text_bytes("abc"));
  }
  // u32_be(3) ‖ first 8 bytes of BLAKE2b-256("abc") ‖ "abc". The digest is the RFC 7693 / Python
  // hashlib.blake2b(b"abc", digest_size=32) value bddd813c634239723171ef3f…
  CHECK(hex_encode(test::read_bytes(path)) ==
        "00000003"
        "bddd813c63423972"
        "616263");
}

TEST_CASE("record log reopens with every appended record in order", "[devnet][record_log]") {
  test::TempDir dir;
  const auto path = dir / "log";
  const std::vector<Bytes> records = {text_bytes("first"), Bytes{}, Bytes(1000, 0xab),
                                      text_bytes("last")};
  {
    RecordLog log(path);
    for (const auto& r : records) log.append(r);
  }
  {
    RecordLog log(path);
    CHECK(log.initial_records() == records);
    CHECK(log.dropped_bytes() == 0);
    log.append(text_bytes("more"));
  }
  RecordLog log(path);
  auto expected = records;
  expected.push_back(text_bytes("more"));
  CHECK(log.initial_records() == expected);
  // 5 headers + 5 + 0 + 1000 + 4 + 4 payload bytes.
  CHECK(std::filesystem::file_size(path) == 5 * kHeader + 1013);
}

TEST_CASE("record log drops a tail torn mid-record", "[devnet][record_log]") {
  test::TempDir dir;
  const auto path = dir / "log";
  {
    RecordLog log(path);
    log.append(text_bytes("one"));
    log.append(text_bytes("two"));
    log.append(text_bytes("three"));
  }
  const std::uint64_t whole_two = 2 * kHeader + 3 + 3;  // end of record "two"
  const std::uint64_t full = whole_two + kHeader + 5;

  SECTION("inside the payload") {
    std::filesystem::resize_file(path, full - 2);
    {
      RecordLog log(path);
      CHECK(log.initial_records() == std::vector<Bytes>{text_bytes("one"), text_bytes("two")});
      CHECK(log.dropped_bytes() == kHeader + 3);
      CHECK(std::filesystem::file_size(path) == whole_two);
      log.append(text_bytes("four"));
    }
    RecordLog log(path);
    CHECK(log.initial_records() ==
          std::vector<Bytes>{text_bytes("one"), text_bytes("two"), text_bytes("four")});
    CHECK(log.dropped_bytes() == 0);
  }
  SECTION("inside the header") {
    std::filesystem::resize_file(path, whole_two + 5);
    RecordLog log(path);
    CHECK(log.initial_records() == std::vector<Bytes>{text_bytes("one"), text_bytes("two")});
    CHECK(log.dropped_bytes() == 5);
    CHECK(std::filesystem::file_size(path) == whole_two);
  }
}

TEST_CASE("record log drops garbage appended after the last record", "[devnet][record_log]") {
  test::TempDir dir;
  const auto path = dir / "log";
  {
    RecordLog log(path);
    log.append(text_bytes("kept"));
  }
  const std::uint64_t whole = kHeader + 4;

  SECTION("fewer bytes than a header") {
    append_raw(path, Bytes{0xde, 0xad, 0xbe, 0xef});
    RecordLog log(path);
    CHECK(log.initial_records() == std::vector<Bytes>{text_bytes("kept")});
    CHECK(log.dropped_bytes() == 4);
  }
  SECTION("a header announcing more bytes than follow") {
    append_raw(path, Bytes{0x00, 0x00, 0x01, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 'x'});
    RecordLog log(path);
    CHECK(log.initial_records() == std::vector<Bytes>{text_bytes("kept")});
    CHECK(log.dropped_bytes() == 13);
  }
  SECTION("a whole record with a wrong checksum") {
    append_raw(path, Bytes{0x00, 0x00, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 'h', 'i'});
    RecordLog log(path);
    CHECK(log.initial_records() == std::vector<Bytes>{text_bytes("kept")});
    CHECK(log.dropped_bytes() == 14);
  }
  SECTION("an absurd length") {
    append_raw(path, Bytes(40, 0xff));
    RecordLog log(path);
    CHECK(log.initial_records() == std::vector<Bytes>{text_bytes("kept")});
    CHECK(log.dropped_bytes() == 40);
  }
  CHECK(std::filesystem::file_size(path) == whole);
  {
    RecordLog log(path);
    log.append(text_bytes("next"));
  }
  RecordLog log(path);
  CHECK(log.initial_records() == std::vector<Bytes>{text_bytes("kept"), text_bytes("next")});
  CHECK(log.dropped_bytes() == 0);
}

TEST_CASE("record log refuses a damaged record that has records after it", "[devnet][record_log]") {
  test::TempDir dir;
  const auto path = dir / "log";
  {
    RecordLog log(path);
    log.append(text_bytes("alpha"));
    log.append(text_bytes("bravo"));
    log.append(text_bytes("charlie"));
  }
  Bytes data = test::read_bytes(path);
  // Flip a bit in the middle of "bravo" (second record: payload at 12+5+12).
  const std::size_t at = kHeader + 5 + kHeader + 2;
  REQUIRE(data[at] == 'a');
  data[at] ^= 0x01;
  test::write_bytes(path, data);

  CHECK_THROWS_AS(RecordLog(path), InvalidInput);
  // Nothing was truncated: the damage is left for an operator to look at.
  CHECK(test::read_bytes(path) == data);

  // The same damage in the last record is a torn tail: dropped.
  data[at] ^= 0x01;
  data[data.size() - 3] ^= 0x01;  // inside "charlie"
  test::write_bytes(path, data);
  RecordLog log(path);
  CHECK(log.initial_records() == std::vector<Bytes>{text_bytes("alpha"), text_bytes("bravo")});
  CHECK(log.dropped_bytes() == kHeader + 7);
}

// A damaged length field that points past the end of the file looks like a torn tail, but the
// whole record after it shows it is damage in the middle.
TEST_CASE("record log refuses a damaged length field with records after it",
          "[devnet][record_log]") {
  test::TempDir dir;
  const auto path = dir / "log";
  {
    RecordLog log(path);
    log.append(text_bytes("alpha"));
    log.append(text_bytes("bravo"));
  }
  Bytes data = test::read_bytes(path);
  data[1] ^= 0x01;  // the first record's length: 5 -> 65541, past the end of the file
  test::write_bytes(path, data);
  CHECK_THROWS_AS(RecordLog(path), InvalidInput);
  CHECK(test::read_bytes(path) == data);
}

TEST_CASE("record log clear empties it durably", "[devnet][record_log]") {
  test::TempDir dir;
  const auto path = dir / "log";
  {
    RecordLog log(path);
    log.append(text_bytes("a"));
    log.append(text_bytes("b"));
    log.clear();
    CHECK(std::filesystem::file_size(path) == 0);
    log.append(text_bytes("c"));
  }
  RecordLog log(path);
  CHECK(log.initial_records() == std::vector<Bytes>{text_bytes("c")});
  log.clear();
  RecordLog reopened(path);
  CHECK(reopened.initial_records().empty());
  CHECK(reopened.dropped_bytes() == 0);
}
