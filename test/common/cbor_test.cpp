#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/cbor/cbor.hpp"
#include "common/cid/cid.hpp"
#include "common/error.hpp"

using namespace tessera;

namespace {

Bytes encoded(void (*fn)(cbor::Writer&)) {
  cbor::Writer w;
  fn(w);
  return w.take();
}

}  // namespace

// Known answer from reference/oracles.md §7 (the JS IPLD stack: multiformats, @ipld/dag-cbor):
// {b:[1,2,3],a:1,aa:"x",bytes:h'010203',neg:-5,big:2^64-1,nil:null,t:true}.
TEST_CASE("DAG-CBOR map in canonical key order matches @ipld/dag-cbor", "[cbor]") {
  auto keys = cbor::canonical_key_order({"b", "a", "aa", "bytes", "neg", "big", "nil", "t"});
  CHECK(keys == std::vector<std::string>{"a", "b", "t", "aa", "big", "neg", "nil", "bytes"});
  cbor::Writer w;
  w.write_map_header(8);
  w.write_text("a");
  w.write_uint(1);
  w.write_text("b");
  w.write_array_header(3);
  w.write_uint(1);
  w.write_uint(2);
  w.write_uint(3);
  w.write_text("t");
  w.write_bool(true);
  w.write_text("aa");
  w.write_text("x");
  w.write_text("big");
  w.write_uint(UINT64_MAX);
  w.write_text("neg");
  w.write_int(-5);
  w.write_text("nil");
  w.write_null();
  w.write_text("bytes");
  w.write_bytes(Bytes{1, 2, 3});
  const auto expected = hex_decode(
      "a86161016162830102036174f56261616178636269671bffffffffffffffff636e656724636e696cf665627974"
      "657343010203");
  CHECK(w.bytes() == expected);

  auto value = cbor::decode(expected);
  REQUIRE(value.is_map());
  REQUIRE(value.as_map().size() == 8);
  CHECK(value.as_map()[0].first.as_text() == "a");  // wire order kept
  CHECK(value.as_map()[7].first.as_text() == "bytes");
  CHECK(value.find("neg")->as_int() == -5);
  CHECK(value.find("neg")->is_negative());
  CHECK(value.find("big")->as_uint() == UINT64_MAX);
  CHECK(value.find("nil")->is_null());
  CHECK(value.find("t")->as_bool());
  CHECK(value.find("bytes")->as_bytes() == Bytes{1, 2, 3});
  CHECK(value.find("b")->as_array().size() == 3);
  CHECK(value.find("missing") == nullptr);
  cbor::Writer again;
  cbor::encode(again, value);
  CHECK(again.bytes() == expected);
  CHECK(cbor::decode(again.bytes()) == value);
}

// Heads use the shortest form (RFC 8949 §4.2.1), as cbor-gen and DAG-CBOR require.
TEST_CASE("Writer uses minimal-length heads at every boundary", "[cbor]") {
  const std::vector<std::pair<std::uint64_t, std::string>> cases = {
      {0, "00"},
      {23, "17"},
      {24, "1818"},
      {255, "18ff"},
      {256, "190100"},
      {65535, "19ffff"},
      {65536, "1a00010000"},
      {0xffffffffULL, "1affffffff"},
      {0x100000000ULL, "1b0000000100000000"},
  };
  for (const auto& [n, hex] : cases) {
    cbor::Writer w;
    w.write_uint(n);
    CHECK(hex_encode(w.bytes()) == hex);
    CHECK(cbor::decode(w.bytes()).as_uint() == n);
  }
  CHECK(hex_encode(encoded([](cbor::Writer& w) { w.write_int(-1); })) == "20");
  CHECK(hex_encode(encoded([](cbor::Writer& w) { w.write_int(-25); })) == "3818");
  CHECK(hex_encode(encoded([](cbor::Writer& w) { w.write_int(INT64_MIN); })) ==
        "3b7fffffffffffffff");
  CHECK(cbor::decode(hex_decode("3b7fffffffffffffff")).as_int() == INT64_MIN);
  CHECK(hex_encode(encoded([](cbor::Writer& w) { w.write_text("IETF"); })) == "6449455446");
  CHECK(hex_encode(encoded([](cbor::Writer& w) { w.write_bytes(Bytes{}); })) == "40");
  CHECK(hex_encode(encoded([](cbor::Writer& w) { w.write_array_header(0); })) == "80");
  CHECK(hex_encode(encoded([](cbor::Writer& w) { w.write_map_header(24); })) == "b818");
  CHECK(hex_encode(encoded([](cbor::Writer& w) { w.write_bool(false); })) == "f4");
  CHECK(hex_encode(encoded([](cbor::Writer& w) { w.write_null(); })) == "f6");
  CHECK(hex_encode(encoded([](cbor::Writer& w) {
          w.write_indefinite_array_start();
          w.write_uint(1);
          w.write_break();
        })) == "9f01ff");
  CHECK(hex_encode(encoded([](cbor::Writer& w) {
          std::array<std::uint8_t, 2> a{0xab, 0xcd};
          w.write_bytes(std::span<const std::uint8_t>(a));
        })) == "42abcd");
}

// Indefinite-length items (RFC 8949 Appendix A examples); lotus backups use 0x9f..0xff.
TEST_CASE("indefinite-length arrays, maps and strings decode", "[cbor]") {
  auto arr = cbor::decode(hex_decode("9f018202039f0405ffff"));
  REQUIRE(arr.as_array().size() == 3);
  CHECK(arr.as_array()[1].as_array()[1].as_uint() == 3);
  CHECK(arr.as_array()[2].as_array().size() == 2);
  auto map = cbor::decode(hex_decode("bf6346756ef563416d7421ff"));  // {"Fun": true, "Amt": -2}
  CHECK(map.find("Fun")->as_bool());
  CHECK(map.find("Amt")->as_int() == -2);
  CHECK(cbor::decode(hex_decode("5f42010243030405ff")).as_bytes() == Bytes{1, 2, 3, 4, 5});
  CHECK(cbor::decode(hex_decode("7f657374726561646d696e67ff")).as_text() == "streaming");
  // Re-encoding writes definite lengths.
  cbor::Writer w;
  cbor::encode(w, arr);
  CHECK(hex_encode(w.bytes()) == "8301820203820405");
}

TEST_CASE("decode_prefix walks a stream of items", "[cbor]") {
  const auto bytes = hex_decode("01820203f6");
  std::size_t offset = 0;
  CHECK(cbor::decode_prefix(bytes, offset).as_uint() == 1);
  CHECK(offset == 1);
  CHECK(cbor::decode_prefix(bytes, offset).as_array().size() == 2);
  CHECK(offset == 4);
  CHECK(cbor::decode_prefix(bytes, offset).is_null());
  CHECK(offset == 5);
  CHECK_THROWS_AS(cbor::decode_prefix(bytes, offset), InvalidInput);
}

TEST_CASE("typed accessors name the expected and actual kinds", "[cbor]") {
  auto one = cbor::decode(Bytes{0x01});
  CHECK_THROWS_WITH(one.as_text(),
                    Catch::Contains("text string") && Catch::Contains("unsigned integer"));
  CHECK_THROWS_AS(one.as_bytes(), InvalidInput);
  CHECK_THROWS_AS(one.as_map(), InvalidInput);
  CHECK_THROWS_AS(one.find("x"), InvalidInput);
  CHECK_THROWS_AS(one.as_cid(), InvalidInput);
  CHECK_THROWS_AS(cbor::decode(hex_decode("20")).as_uint(), InvalidInput);
  CHECK(cbor::decode(hex_decode("20")).as_int() == -1);
  // 2^63 does not fit int64 either way.
  CHECK_THROWS_AS(cbor::decode(hex_decode("1b8000000000000000")).as_int(), InvalidInput);
  CHECK_THROWS_AS(cbor::decode(hex_decode("3b8000000000000000")).as_int(), InvalidInput);
  auto f = cbor::decode(hex_decode("fb3ff8000000000000"));
  CHECK(f.as_float() == 1.5);
  cbor::Writer w;
  cbor::encode(w, f);
  CHECK(hex_encode(w.bytes()) == "fb3ff8000000000000");
}

TEST_CASE("Value equality is structural", "[cbor]") {
  auto a = cbor::decode(hex_decode("a2616101616282f6f5"));
  auto b = cbor::decode(hex_decode("a2616101616282f6f5"));
  auto c = cbor::decode(hex_decode("a2616101616282f6f4"));
  CHECK(a == b);
  CHECK_FALSE(a == c);
  CHECK_FALSE(cbor::Value::uint(1) == cbor::Value::negative(1));
  CHECK(cbor::Value::text("x") == cbor::Value::text("x"));
  CHECK_FALSE(cbor::Value::text("x") == cbor::Value::bytes(Bytes{'x'}));
}

TEST_CASE("malformed CBOR is refused with InvalidInput", "[cbor]") {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"", "empty input"},
      {"5affffffff", "byte string longer than the input"},
      {"7a00000010", "text string longer than the input"},
      {"9bffffffffffffffff", "array count larger than the input"},
      {"bbffffffffffffffff", "map count larger than the input"},
      {"a1", "map without entries"},
      {"a101", "map key without value"},
      {"0102", "trailing bytes"},
      {"c101", "unknown tag 1"},
      {"d82a01", "tag 42 around a non-byte string"},
      {"d82a4101", "tag 42 without the 0x00 prefix"},
      {"d82a420001", "tag 42 around a bad CID"},
      {"1c", "reserved additional information 28"},
      {"1f", "indefinite unsigned integer"},
      {"ff", "break outside an indefinite item"},
      {"f8ff", "one-byte simple value"},
      {"f93c00", "half float (not DAG-CBOR)"},
      {"19ff", "truncated argument"},
      {"9f01", "unterminated indefinite array"},
      {"5f01ff", "indefinite byte string with an integer chunk"},
      {"5f6161ff", "indefinite byte string with a text chunk"},
      {"5f5f4101ffff", "nested indefinite byte string"},
      {"bf01ff", "indefinite map key without value"},
  };
  for (const auto& [hex, why] : bad) {
    INFO(why << ": " << hex);
    CHECK_THROWS_AS(cbor::decode(hex_decode(hex)), InvalidInput);
  }
  Bytes deep(100, 0x81);
  deep.push_back(0x01);
  CHECK_THROWS_WITH(cbor::decode(deep), Catch::Contains("deep"));
  Bytes deep_ok(60, 0x81);
  deep_ok.push_back(0x01);
  CHECK_NOTHROW(cbor::decode(deep_ok));
}
