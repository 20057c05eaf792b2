#include <catch2/catch.hpp>

#include <algorithm>
#include <array>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "crypto/fr.hpp"

using namespace tessera;
using crypto::Fr;

namespace {

// Fr from a big-endian hex string (test inputs are written the way integers are read).
Fr from_hex_be(const std::string& hex) {
  auto be = hex_decode(std::string(64 - hex.size(), '0') + hex);
  std::reverse(be.begin(), be.end());
  return Fr::from_bytes(be.data());
}

}  // namespace

// Expected values computed independently with Python's arbitrary-precision integers:
//   p = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001
//   a = 0x1234567890abcdef112233445566778899aabbccddeeff00112233445566778, b = p - 12345
//   hex(a*b % p), hex(pow(a, -1, p)), hex((a+b) % p), hex((5-a) % p), hex(pow(a, 65537, p))
TEST_CASE("Fr arithmetic matches big-integer arithmetic", "[fr]") {
  Fr a = from_hex_be("1234567890abcdef112233445566778899aabbccddeeff00112233445566778");
  Fr b = Fr::zero() - Fr::from_uint(12345);
  CHECK((a * b).to_hex_be() == "6163dfe24e3fd99155ed5030f37d4ee644bc85ca5b976ae25c5c5be25c5c76c2");
  CHECK(a.inverse().to_hex_be() ==
        "62a90cb29d108f84f5f377ad2072b2eba6083812700a7abe9b5c36e4b6a9ff61");
  CHECK((a + b).to_hex_be() == "01234567890abcdef112233445566778899aabbccddeeff0011223344556373f");
  CHECK((Fr::from_uint(5) - a).to_hex_be() ==
        "72ca61eba092c0694227b4d3c44b708cca22f846321f6c0efeeddccabaa9988e");
  CHECK(a.pow(65537).to_hex_be() ==
        "241a03c07c596650a983197c47507d60fc0c3aad19dece07550a788bf2242c63");
  CHECK(a * a.inverse() == Fr::one());
  CHECK(Fr::zero().inverse().is_zero());
}

TEST_CASE("Fr byte form is canonical little-endian", "[fr]") {
  auto two = Fr::from_uint(2).to_bytes();
  CHECK(two[0] == 2);
  CHECK(std::all_of(two.begin() + 1, two.end(), [](auto b) { return b == 0; }));
  // p itself and 2^256-1 are not canonical; from_bytes_reduce reduces them.
  std::array<std::uint8_t, 32> p_bytes{};
  for (int i = 0; i < 32; ++i)
    p_bytes[i] = static_cast<std::uint8_t>(crypto::kFrModulus[i / 8] >> (8 * (i % 8)));
  CHECK_THROWS_AS(Fr::from_bytes(p_bytes.data()), InvalidInput);
  CHECK(Fr::from_bytes_reduce(p_bytes.data()).is_zero());
  std::array<std::uint8_t, 32> ones;
  ones.fill(0xff);
  // (2^256 - 1) mod p, from Python.
  CHECK(Fr::from_bytes_reduce(ones.data()).to_hex_be() ==
        "1824b159acc5056f998c4fefecbc4ff55884b7fa0003480200000001fffffffd");
  // R = 2^256 mod p is the Montgomery form of one.
  CHECK(Fr::one().montgomery() == Fr::Limbs{0x00000001fffffffeULL, 0x5884b7fa00034802ULL,
                                            0x998c4fefecbc4ff5ULL, 0x1824b159acc5056fULL});
}

// The same independent values as above: (a + b) mod p and (5 − a) mod p, here on bytes; and
// random pairs against Fr's own + and −, with the corrections by p at both ends.
TEST_CASE("Fr addition and subtraction on canonical bytes equal Fr's", "[fr]") {
  const auto a =
      from_hex_be("1234567890abcdef112233445566778899aabbccddeeff00112233445566778").to_bytes();
  const auto b = (Fr::zero() - Fr::from_uint(12345)).to_bytes();
  const auto five = Fr::from_uint(5).to_bytes();
  std::array<std::uint8_t, 32> out;
  crypto::fr_add_bytes(a.data(), b.data(), out.data());
  CHECK(Fr::from_bytes(out.data()).to_hex_be() ==
        "01234567890abcdef112233445566778899aabbccddeeff0011223344556373f");
  crypto::fr_sub_bytes(five.data(), a.data(), out.data());
  CHECK(Fr::from_bytes(out.data()).to_hex_be() ==
        "72ca61eba092c0694227b4d3c44b708cca22f846321f6c0efeeddccabaa9988e");

  const auto minus_one = (Fr::zero() - Fr::one()).to_bytes(), one = Fr::one().to_bytes();
  crypto::fr_add_bytes(minus_one.data(), one.data(), out.data());  // p − 1 + 1 = p ≡ 0
  CHECK(Fr::from_bytes(out.data()).is_zero());
  crypto::fr_sub_bytes(Fr::zero().to_bytes().data(), one.data(), out.data());  // 0 − 1 ≡ p − 1
  CHECK(out == minus_one);

  std::uint64_t state = 7;
  auto next = [&] {  // splitmix64
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  for (int i = 0; i < 1000; ++i) {
    std::array<std::uint8_t, 32> x, y;
    for (auto& v : x) v = static_cast<std::uint8_t>(next());
    for (auto& v : y) v = static_cast<std::uint8_t>(next());
    const Fr u = Fr::from_bytes_reduce(x.data()), v = Fr::from_bytes_reduce(y.data());
    x = u.to_bytes();
    y = v.to_bytes();
    crypto::fr_add_bytes(x.data(), y.data(), out.data());
    CHECK(out == (u + v).to_bytes());
    crypto::fr_sub_bytes(x.data(), y.data(), out.data());
    CHECK(out == (u - v).to_bytes());
    crypto::fr_sub_bytes(x.data(), y.data(), x.data());  // out aliasing a
    CHECK(x == (u - v).to_bytes());
  }
}

TEST_CASE("Fr byte addition refuses values that are not canonical and writes nothing", "[fr]") {
  std::array<std::uint8_t, 32> p_bytes, out;
  for (int i = 0; i < 32; ++i)
    p_bytes[i] = static_cast<std::uint8_t>(crypto::kFrModulus[i / 8] >> (8 * (i % 8)));
  const auto one = Fr::one().to_bytes();
  out.fill(0x5a);
  const auto before = out;
  CHECK_THROWS_AS(crypto::fr_add_bytes(p_bytes.data(), one.data(), out.data()), InvalidInput);
  CHECK_THROWS_AS(crypto::fr_add_bytes(one.data(), p_bytes.data(), out.data()), InvalidInput);
  CHECK_THROWS_AS(crypto::fr_sub_bytes(one.data(), p_bytes.data(), out.data()), InvalidInput);
  CHECK(out == before);
}
