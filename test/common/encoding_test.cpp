#include <catch2/catch.hpp>

#include "common/encoding.hpp"
#include "common/error.hpp"

using namespace tessera;

TEST_CASE("hex round trip and errors", "[encoding]") {
  CHECK(hex_encode(to_bytes("\x01\xab")) == "01ab");
  CHECK(hex_decode("01AB") == to_bytes("\x01\xab"));
  CHECK_THROWS_AS(hex_decode("abc"), InvalidInput);
  CHECK_THROWS_AS(hex_decode("zz"), InvalidInput);
}

TEST_CASE("base32 matches lotus keystore names", "[encoding]") {
  // lotus node/repo/fsrepo.go: keystore file name = base32.RawStdEncoding(name)
  // (reference/lotus-compat.md §1.3).
  CHECK(base32_encode(to_bytes("auth-jwt-private"), Base32Case::kUpper) ==
        "MF2XI2BNNJ3XILLQOJUXMYLUMU");
  CHECK(base32_encode(to_bytes("libp2p-host"), Base32Case::kUpper) == "NRUWE4BSOAWWQ33TOQ");
  CHECK(to_string(base32_decode("NRUWE4BSOAWWQ33TOQ")) == "libp2p-host");
  // multibase base32 of 00ff is "bad7q" (reference/oracles.md §7): payload "ad7q".
  CHECK(base32_encode(Bytes{0x00, 0xff}, Base32Case::kLower) == "ad7q");
  CHECK_THROWS_AS(base32_decode("A!"), InvalidInput);
}

TEST_CASE("base64 standard and url", "[encoding]") {
  // RFC 4648 §10 test vectors.
  CHECK(base64_encode(to_bytes("")) == "");
  CHECK(base64_encode(to_bytes("f")) == "Zg==");
  CHECK(base64_encode(to_bytes("foob")) == "Zm9vYg==");
  CHECK(base64_encode(to_bytes("foobar")) == "Zm9vYmFy");
  CHECK(to_string(base64_decode("Zm9vYg==")) == "foob");
  CHECK(base64url_encode(Bytes{0xfb, 0xff}) == "-_8");
  CHECK(base64url_decode("-_8") == Bytes{0xfb, 0xff});
  CHECK_THROWS_AS(base64_decode("Zm9v!"), InvalidInput);
  CHECK_THROWS_AS(base64url_decode("Zg=="), InvalidInput);
}
