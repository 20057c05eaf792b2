#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "chain/types/bitfield.hpp"
#include "common/error.hpp"

using namespace tessera;
using chain::BitField;

namespace {

// Packs a stream of '0'/'1' characters (spaces ignored) LSB-first into bytes, the bit order of
// RLE+ (go-bitfield rle/bitvec.go), and trims trailing zero bytes as go-bitfield's writer does.
Bytes bits(const std::string& stream) {
  Bytes out;
  std::size_t n = 0;
  for (char c : stream) {
    if (c == ' ') continue;
    if (n % 8 == 0) out.push_back(0);
    if (c == '1') out.back() |= static_cast<std::uint8_t>(1u << (n % 8));
    ++n;
  }
  while (!out.empty() && out.back() == 0) out.pop_back();
  return out;
}

BitField of(std::initializer_list<std::uint64_t> set_bits) {
  BitField f;
  for (auto b : set_bits) f.set(b);
  return f;
}

}  // namespace

// go-bitfield rle/rleplus_test.go TestDecode: the Rust reference encoding of
// {0, 2, 4, 5, 6, 11..27} with the version header is [124, 71, 34, 2].
TEST_CASE("RLE+ matches go-bitfield's reference encoding", "[cbor][bitfield]") {
  BitField field = of({0, 2, 4, 5, 6});
  for (std::uint64_t b = 11; b <= 27; ++b) field.set(b);
  CHECK(field.to_rle() == Bytes{124, 71, 34, 2});
  auto decoded = BitField::from_rle(Bytes{124, 71, 34, 2});
  CHECK(decoded == field);
  CHECK(decoded.count() == 22);
  CHECK(decoded.first_unset() == 1);
  CHECK(decoded.all(100) == std::vector<std::uint64_t>{0,  2,  4,  5,  6,  11, 12, 13, 14, 15, 16,
                                                       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27});
}

// Encodings derived from the format (version "00", first-run value, then "1" = run of 1,
// "01"+4 bits = short run, "00"+uvarint = long run, LSB first, trailing zero bytes trimmed).
TEST_CASE("RLE+ encodes single, short and long runs", "[cbor][bitfield]") {
  CHECK(BitField().to_rle().empty());
  CHECK(of({0}).to_rle() == bits("00 1 1"));  // 0x0c
  CHECK(of({0}).to_rle() == Bytes{0x0c});
  CHECK(of({5}).to_rle() == bits("00 0 01 1010 1"));  // unset run 5, set run 1
  CHECK(of({5}).to_rle() == Bytes{0xb0, 0x02});
  BitField sixteen;
  for (std::uint64_t b = 0; b < 16; ++b) sixteen.set(b);
  CHECK(sixteen.to_rle() == bits("00 1 00 00001000"));  // uvarint 16
  CHECK(sixteen.to_rle() == Bytes{0x04, 0x02});
  for (const auto& f : {of({0}), of({5}), sixteen}) CHECK(BitField::from_rle(f.to_rle()) == f);
}

// Decoding accepts what go-bitfield's DecodeRLE accepts (rle/rleplus_reader.go).
TEST_CASE("RLE+ decoding follows go-bitfield's reader", "[cbor][bitfield]") {
  CHECK(BitField::from_rle({}).empty());
  // A run of length 0 ends the stream: bits past the end read as zero.
  CHECK(BitField::from_rle(bits("00 1")).empty());
  // Short and long runs need not be minimal for the reader.
  CHECK(BitField::from_rle(bits("00 1 01 1000")) == of({0}));         // short run of 1
  CHECK(BitField::from_rle(bits("00 1 00 01000000")) == of({0, 1}));  // uvarint run of 2
  // Errors.
  CHECK_THROWS_WITH(BitField::from_rle(Bytes{0x01}), Catch::Contains("version"));
  CHECK_THROWS_WITH(BitField::from_rle(Bytes{0x0c, 0x00}), Catch::Contains("minimal"));
  CHECK_THROWS_AS(BitField::from_rle(bits("00 0 00 00000001")), InvalidInput);  // 0x80, then 0
  CHECK_THROWS_AS(BitField::from_rle(bits("00 0 00 " + std::string(10 * 8, '1'))),
                  InvalidInput);  // uvarint longer than 10 bytes
  // An unset run of 2^64-1 followed by a set run of 1 overflows 64 bits.
  std::string max_varint;
  for (int i = 0; i < 9; ++i) max_varint += "11111111";
  max_varint += "10000000";
  CHECK_THROWS_WITH(BitField::from_rle(bits("00 0 00 " + max_varint + " 1")),
                    Catch::Contains("overflow"));
  CHECK_THROWS_AS(BitField::from_rle(Bytes((32 << 10) + 1, 0xff)), InvalidInput);
}

TEST_CASE("bitfield runs, CBOR form and set operations", "[cbor][bitfield]") {
  BitField field;
  CHECK(field.to_runs() == std::vector<std::uint64_t>{0});  // go-bitfield MarshalJSON
  CHECK(BitField::from_runs({0}).empty());
  for (std::uint64_t b = 0; b < 1000; ++b) field.set(b);
  field.set(5000);
  CHECK(BitField::from_rle(field.to_rle()) == field);
  CHECK(field.first_unset() == 1000);
  CHECK(field.count() == 1001);
  CHECK(field.to_runs() == std::vector<std::uint64_t>{0, 1000, 4000, 1});
  CHECK(BitField::from_runs({0, 1000, 4000, 1}) == field);
  CHECK(BitField::from_runs({5, 1}).all(10) == std::vector<std::uint64_t>{5});
  CHECK(BitField::from_runs({5, 1}).to_runs() == std::vector<std::uint64_t>{5, 1});
  CHECK_THROWS_AS(BitField::from_runs({5, 0, 1}), InvalidInput);
  CHECK_THROWS_AS(BitField::from_runs({UINT64_MAX, 1}), InvalidInput);

  field.unset(500);
  CHECK_FALSE(field.contains(500));
  CHECK(field.contains(499));
  CHECK(field.contains(5000));
  CHECK_FALSE(field.contains(5001));
  CHECK(field.first_unset() == 500);
  field.unset(123456);  // not set: no change
  CHECK(field.count() == 1000);
  auto u = field.union_with(BitField::from_runs({500, 1}));
  CHECK(u.first_unset() == 1000);
  CHECK(u.all(3) == std::vector<std::uint64_t>{0, 1, 2});
  CHECK(of({1, 2}).first_unset() == 0);
  CHECK(of({0, 1, 3}).union_with(of({2})).first_unset() == 4);

  CHECK(BitField::from_cbor(u.to_cbor()) == u);
  CHECK(of({0}).to_cbor() == Bytes{0x41, 0x0c});
  CHECK(BitField().to_cbor() == Bytes{0x40});
  CHECK(BitField::from_cbor(Bytes{0x40}).empty());
  CHECK_THROWS_AS(BitField::from_cbor(Bytes{0x01}), InvalidInput);        // not a byte string
  CHECK_THROWS_AS(BitField::from_cbor(Bytes{0x42, 0x0c}), InvalidInput);  // truncated
  CHECK_THROWS_AS(BitField().set(UINT64_MAX), InvalidInput);
}

TEST_CASE("random bitfields round trip through RLE+ and runs", "[cbor][bitfield]") {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 300; ++round) {
    std::set<std::uint64_t> model;
    BitField field;
    const int n = static_cast<int>(rng() % 200);
    const std::uint64_t span = 1 + rng() % 2000;
    for (int i = 0; i < n; ++i) {
      const std::uint64_t b = rng() % span;
      if (rng() % 4 == 0) {
        field.unset(b);
        model.erase(b);
      } else {
        field.set(b);
        model.insert(b);
      }
    }
    REQUIRE(field.count() == model.size());
    REQUIRE(field.all(UINT64_MAX) == std::vector<std::uint64_t>(model.begin(), model.end()));
    std::uint64_t next = 0;
    while (model.count(next)) ++next;
    REQUIRE(field.first_unset() == next);
    const auto rle = field.to_rle();
    REQUIRE((rle.empty() || rle.back() != 0));
    REQUIRE(BitField::from_rle(rle) == field);
    REQUIRE(BitField::from_runs(field.to_runs()) == field);
  }
}

TEST_CASE("bitfield set operations", "[bitfield]") {
  const auto a = chain::BitField::from_human_ranges("0-9,20-29");
  const auto b = chain::BitField::from_human_ranges("5-24,28");
  CHECK(a.intersect_with(b).to_human_ranges() == "5-9,20-24,28");
  CHECK(a.subtract(b).to_human_ranges() == "0-4,25-27,29");
  CHECK(b.subtract(a).to_human_ranges() == "10-19");
  CHECK(a.union_with(b).to_human_ranges() == "0-29");
  CHECK(a.subtract(a).empty());
  CHECK(chain::BitField().intersect_with(a).empty());
}

// lotus lib/strle: "1-3,5" ranges, inclusive, increasing, not touching.
TEST_CASE("bitfields in lotus's human range form", "[bitfield]") {
  CHECK(chain::BitField::from_human_ranges("").empty());
  CHECK(chain::BitField::from_human_ranges("5") == chain::BitField::from_runs({5, 1}));
  CHECK(chain::BitField::from_human_ranges("0-2,5").to_human_ranges() == "0-2,5");
  for (const char* bad : {"3-1", "1-3,3", "1-3,4", "5,2", "a", "1-", "-1", "1,,2"}) {
    INFO(bad);
    CHECK_THROWS_AS(chain::BitField::from_human_ranges(bad), InvalidInput);
  }
}
