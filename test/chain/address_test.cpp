#include <catch2/catch.hpp>

#include "chain/types/address.hpp"
#include "common/error.hpp"
#include "crypto/secp256k1.hpp"

using namespace tessera;
using chain::Address;
using chain::Network;

// Expected values: reference/oracles.md §4, where iso-filecoin, @glif/filecoin-address and
// @zondax/filecoin-signing-tools agree on every address.
TEST_CASE("ID addresses match the oracle's bytes", "[address]") {
  const std::pair<const char*, const char*> vectors[] = {
      {"f00", "0000"},
      {"f01", "0001"},
      {"f01000", "00e807"},
      {"f01234", "00d209"},
      {"f0123456789", "00959aef3a"},
      {"f09007199254740991", "00ffffffffffffff0f"},
      {"f018446744073709551615", "00ffffffffffffffffff01"}};
  for (auto [text, hex] : vectors) {
    auto a = Address::parse(text);
    CHECK(hex_encode(a.to_bytes()) == hex);
    CHECK(Address::from_bytes(hex_decode(hex)) == a);
    CHECK(a.to_string() == text);
  }
  CHECK(Address::parse("t01000").to_string(Network::kTestnet) == "t01000");
}

TEST_CASE("f1, f2, f3 and f4 addresses match the oracles", "[address]") {
  Bytes sk(32, 0);
  sk[31] = 1;
  auto f1 = Address::from_secp256k1_public_key(crypto::secp256k1_public_key(sk));
  CHECK(f1.to_string() == "f1wcuzrs736zqzbbjjdgl2wvyyufuk4pefbymzf2i");
  CHECK(hex_encode(f1.to_bytes()) == "01b0a998cbfbf6619085291997ab5718a168ae3c85");

  auto f2 = Address::from_actor_data(to_bytes("filecoin"));
  CHECK(f2.to_string() == "f2edzdcw3ibj3xst4o5shhz7zoosn52sca7bsqyby");
  CHECK(hex_encode(f2.to_bytes()) == "0220f2315b680a77794f8eec8e7cff2e749bdd4840");

  auto f3 =
      Address::from_bls_public_key(hex_decode("b8f3a6c1e371d3bdba1a04e72f3fab9ee04f9e572399cf736323"
                                              "dd6023459625eb44feb02ddd8aa89bf4a59bdf9859df"));
  CHECK(f3.to_string() ==
        "f3xdz2nqpdohj33oq2atts6p5lt3qe7hsxeom4643depowai2fsys6wrh6waw53cvitp2klg67tbm575idqxaa");

  auto f4 = Address::delegated(10, hex_decode("d388ab098ed3e84c0d808776440b48f685198498"));
  CHECK(f4.to_string() == "f410f2oekwcmo2pueydmaq53eic2i62crtbeyuzx2gmy");

  for (const auto& a : {f1, f2, f3, f4}) {
    CHECK(Address::parse(a.to_string()) == a);
    CHECK(Address::parse(a.to_string(Network::kTestnet)) == a);
    CHECK(Address::from_bytes(a.to_bytes()) == a);
  }
}

TEST_CASE("malformed addresses are refused", "[address]") {
  for (const char* bad :
       {"", "f", "x01000", "f5abc", "f0", "f0-1", "f01000x", "f018446744073709551616",
        "f1wcuzrs736zqzbbjjdgl2wvyyufuk4pefbymzf3i",  // checksum
        "f1wcuzrs736zqzbbjjdgl2wvyyufuk4pefbymzf2j",  // spare bits set
        "f1WCUZRS736ZQZBBJJDGL2WVYYUFUK4PEFBYMZF2I",  // upper case
        "f1wcuzrs736zqzbbjjdgl2wvyyufuk4pe",          // short payload
        "f410x2oekwcmo2pueydmaq53eic2i62crtbeyuzx2gmy"}) {
    INFO(bad);
    CHECK_THROWS_AS(Address::parse(bad), InvalidInput);
  }
  CHECK_THROWS_AS(Address::from_bytes({}), InvalidInput);
  CHECK_THROWS_AS(Address::from_bytes({5, 1}), InvalidInput);
  CHECK_THROWS_AS(Address::from_bytes({0, 0xe8, 0x07, 0}), InvalidInput);
  CHECK_THROWS_AS(Address::from_bytes({1, 1, 2, 3}), InvalidInput);
  CHECK_THROWS_AS(Address::from_bls_public_key(Bytes(47)), InvalidInput);
}
