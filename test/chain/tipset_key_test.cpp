#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "chain/types/tipset_key.hpp"
#include "common/error.hpp"

using namespace tessera;
using chain::TipSetKey;

// Two block-like CIDs (those of reference/oracles.md §4's messages M1 and M2).
TEST_CASE("tipset keys in bytes, JSON and text", "[tipset]") {
  TipSetKey key{
      {cid::Cid::parse("bafy2bzaced6ng5logr7l3zzvbosaqjlpx26qqeroispaj34lekscwnxvpesyq"),
       cid::Cid::parse("bafy2bzaceb3wxmhj7uoqziuw3tsfvbpxfbcu2sbpblz2w44exa6v6qjbupn3g")}};
  const auto bytes = key.to_bytes();
  CHECK(bytes.size() == 2 * 38);  // 0x01 0x71 0xa0e402 0x20 + 32-byte digest, twice
  CHECK(hex_encode(Bytes(bytes.begin(), bytes.begin() + 6)) == "0171a0e40220");
  CHECK(TipSetKey::from_bytes(bytes) == key);
  CHECK(key.to_json().dump() ==
        R"([{"/":"bafy2bzaced6ng5logr7l3zzvbosaqjlpx26qqeroispaj34lekscwnxvpesyq"},)"
        R"({"/":"bafy2bzaceb3wxmhj7uoqziuw3tsfvbpxfbcu2sbpblz2w44exa6v6qjbupn3g"}])");
  CHECK(TipSetKey::from_json(key.to_json()) == key);
  CHECK(key.to_string() ==
        "{bafy2bzaced6ng5logr7l3zzvbosaqjlpx26qqeroispaj34lekscwnxvpesyq,"
        "bafy2bzaceb3wxmhj7uoqziuw3tsfvbpxfbcu2sbpblz2w44exa6v6qjbupn3g}");
  CHECK(TipSetKey::from_bytes({}).cids.empty());

  CHECK_THROWS_AS(TipSetKey::from_bytes(Bytes(bytes.begin(), bytes.end() - 1)), InvalidInput);
  CHECK_THROWS_AS(TipSetKey::from_json(nlohmann::json::object()), InvalidInput);
  CHECK_THROWS_AS(TipSetKey::from_json(nlohmann::json::parse(R"([{"/": 5}])")), InvalidInput);
  CHECK_THROWS_AS(TipSetKey::from_json(nlohmann::json::parse(R"([{"/": "bafy"}])")), InvalidInput);
}
