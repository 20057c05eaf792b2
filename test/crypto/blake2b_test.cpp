#include <sodium.h>
#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "crypto/blake2b.hpp"

using namespace tessera;

// RFC 7693 Appendix A: BLAKE2b-512("abc").
TEST_CASE("BLAKE2b matches RFC 7693", "[blake2b]") {
  CHECK(hex_encode(crypto::blake2b(to_bytes("abc"), 64)) ==
        "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de45"
        "33cc9518d38aa8dbf1925ab92386edd4009923");
  CHECK_THROWS_AS(crypto::blake2b(Bytes{}, 0), InvalidInput);
  CHECK_THROWS_AS(crypto::blake2b(Bytes{}, 65), InvalidInput);
}

// libsodium's BLAKE2b as an independent implementation, for every length it supports, keyed
// and unkeyed, across block boundaries.
TEST_CASE("BLAKE2b agrees with libsodium", "[blake2b]") {
  REQUIRE(sodium_init() >= 0);
  Bytes data(300);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 1);
  const std::string key = "a key of some length";
  for (std::size_t size : {0, 1, 127, 128, 129, 256, 300}) {
    for (std::size_t out : {16, 20, 32, 64}) {
      for (bool keyed : {false, true}) {
        Bytes expected(out);
        crypto_generichash(expected.data(), out, data.data(), size,
                           keyed ? reinterpret_cast<const unsigned char*>(key.data()) : nullptr,
                           keyed ? key.size() : 0);
        CHECK(crypto::blake2b(data.data(), size, out, keyed ? key : std::string_view{}) ==
              expected);
      }
    }
  }
}
