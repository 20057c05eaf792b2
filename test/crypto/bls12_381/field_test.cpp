// Fp, Fp2, Fp6 and Fp12: field axioms on random values, known answers from @noble/curves, and the
// tower's special maps (Frobenius, cyclotomic squaring) against their definitions.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "common/error.hpp"
#include "crypto/bls12_381/fp12.hpp"
#include "crypto/bls12_381/frobenius_constants.hpp"

using namespace tessera;
using namespace tessera::bls12_381;

namespace {

Fp random_fp(std::mt19937_64& rng) {
  Limbs6 v;
  for (auto& l : v) l = rng();
  v[5] &= 0x0fffffffffffffffULL;  // < 2^380 < p
  return Fp::from_limbs(v);
}

Fp2 random_fp2(std::mt19937_64& rng) {
  return {random_fp(rng), random_fp(rng)};
}

Fp6 random_fp6(std::mt19937_64& rng) {
  return {random_fp2(rng), random_fp2(rng), random_fp2(rng)};
}

Fp12 random_fp12(std::mt19937_64& rng) {
  return {random_fp6(rng), random_fp6(rng)};
}

Fp2 fp2(const char* c0, const char* c1) {
  return {Fp::from_hex(c0), Fp::from_hex(c1)};
}

// Fp12 power by a small exponent, by repeated multiplication.
Fp12 pow_small(const Fp12& a, int e) {
  Fp12 r = Fp12::one();
  for (int i = 0; i < e; ++i) r *= a;
  return r;
}

// a^(p^k) by square-and-multiply with the exponent p (6 limbs), applied k times: the definition
// of the Frobenius map, against which the constant-based one is checked.
template <class F>
F pow_p(const F& a) {
  F r = F::one();
  for (int i = 5; i >= 0; --i) {
    for (int bit = 63; bit >= 0; --bit) {
      r = r.square();
      if ((kFpModulus[i] >> bit) & 1) r = r * a;
    }
  }
  return r;
}

// Inputs of the known-answer tests.
constexpr const char* kA =
    "0123456789abcdef00112233445566778899aabbccddeeff0123456789abcdeffedcba98765432100f1e2d3c4b5a6"
    "978";
constexpr const char* kB =
    "17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c"
    "6bb";

}  // namespace

TEST_CASE("Fp known answers", "[bls12_381]") {
  // source: @noble/curves 2.4.0 bls12_381, fields.Fp mul/inv/add/sub/sqrt of a and b.
  const Fp a = Fp::from_hex(kA), b = Fp::from_hex(kB);
  CHECK(
      (a * b).to_hex() ==
      "051cd5028c1d682e6ebe145bb4a7696199c06a94286b417a3bac0f8049d82eecc5d0a4e2bdc08eafcc1e903cb91"
      "b83d4");
  CHECK(
      a.inverse().to_hex() ==
      "12809ecc30e21f43ccf343f3f15925d0d9403f5743594bc414c16988032d378ae1abbc6413b5e763a9f9110f61e"
      "cda2c");
  CHECK(
      (a + b).to_hex() ==
      "1915190ebb43a58326a685bf93ff12874c02370b6452a804a2717fa6a0c77a486b32a2d86fce4d000a591d47267"
      "d3033");
  CHECK(
      (a - b).to_hex() ==
      "033283aa9193dcf52497665d37f7673f29a869f128ee48b8c705ddc9694117bbb132d2572e2e171fcde23d31703"
      "74d68");
  REQUIRE(a.sqrt().has_value());
  CHECK(
      a.sqrt()->to_hex() ==
      "12a050908742aa05b1c276dc7e5cb2e48636402c8a8e19d8670a9a286cf1944f52832f0dcc74c95cfd24bf408bc"
      "48906");
  REQUIRE(b.sqrt().has_value());
  CHECK(
      b.sqrt()->to_hex() ==
      "10dc254e1d2447b1e9707de1a1c4e024593f8a2e16e5acf4ca87b3680d78f539633c82a7eb530b1c911b98a1771"
      "211c7");
  // source: reference/oracles.md §2 (noble): sqrt(4) = p − 2.
  CHECK(*Fp::from_uint(4).sqrt() == -Fp::from_uint(2));
  CHECK(Fp::zero().inverse().is_zero());
}

TEST_CASE("Fp non-squares, canonical bytes and hex", "[bls12_381]") {
  // −1 is a non-square since p ≡ 3 (mod 4).
  CHECK_FALSE((-Fp::one()).is_square());
  CHECK_FALSE((-Fp::one()).sqrt().has_value());
  CHECK(Fp::from_uint(4).is_square());
  std::array<std::uint8_t, 48> p_bytes;
  for (int i = 0; i < 48; ++i)
    p_bytes[i] = static_cast<std::uint8_t>(kFpModulus[5 - i / 8] >> (8 * (7 - i % 8)));
  CHECK_THROWS_AS(Fp::from_bytes_be(p_bytes.data()), InvalidInput);
  p_bytes[47] -= 1;  // p − 1 is canonical
  CHECK(Fp::from_bytes_be(p_bytes.data()) == -Fp::one());
  CHECK(Fp::from_bytes_be(p_bytes.data()).to_bytes_be() == p_bytes);
  CHECK_THROWS_AS(Fp::from_hex("xyz"), InvalidInput);
  CHECK_THROWS_AS(Fp::from_hex(std::string(97, '1')), InvalidInput);
  CHECK(Fp::from_hex("0x05") == Fp::from_uint(5));
  // (p−1)/2 is the largest "small" value; (p+1)/2 is lexicographically largest.
  const Fp half = (-Fp::one()) * Fp::from_uint(2).inverse();  // (p−1)/2
  CHECK_FALSE(half.lexicographically_largest());
  CHECK((half + Fp::one()).lexicographically_largest());
}

TEST_CASE("Fp field axioms on random values", "[bls12_381]") {
  std::mt19937_64 rng(381);
  for (int i = 0; i < 50; ++i) {
    const Fp a = random_fp(rng), b = random_fp(rng), c = random_fp(rng);
    CHECK(a + b == b + a);
    CHECK(a * b == b * a);
    CHECK((a * b) * c == a * (b * c));
    CHECK(a * (b + c) == a * b + a * c);
    CHECK(a - a == Fp::zero());
    CHECK(a + (-a) == Fp::zero());
    CHECK(a.square() == a * a);
    CHECK(a * a.inverse() == Fp::one());
    CHECK(Fp::from_limbs(a.to_limbs()) == a);
    CHECK(Fp::from_bytes_be(a.to_bytes_be().data()) == a);
    const auto r = a.square().sqrt();
    REQUIRE(r.has_value());
    CHECK((*r == a || *r == -a));
    CHECK(a.is_square() == a.sqrt().has_value());
  }
}

TEST_CASE("Fp2 known answers", "[bls12_381]") {
  // source: @noble/curves 2.4.0 bls12_381, fields.Fp2 with A = a + b·u, B = b + 5u.
  const Fp2 a = {Fp::from_hex(kA), Fp::from_hex(kB)};
  const Fp2 b = {Fp::from_hex(kB), Fp::from_uint(5)};
  CHECK(
      a * b ==
      fp2("0f690c51b3a5b34d255d692d76d16d47bf0a269ef4bd021b19190969a7c29fe7417f1b9c550207fe85f2e006"
          "716bf784",
          "1045f800eba42db3480bb5abb6aefdc78b734b95b72fcac98fc0811b70511f703ac1512dcefbb1ef81bf45ee"
          "4926c8d1"));
  CHECK(
      a.inverse() ==
      fp2("177e016f77a97bfab2a2950dcf1bcbfffe612b857fef8682c9dc2e476efa7466f8c11bd1f79895cf45d018fc"
          "4c3ad025",
          "136ddb84193dc2000c704d946ed687fa5b0d739de4a62ea0182077d3bfcc8147308c037a3ee081939bed3c6c"
          "c73c8fe5"));
  CHECK(
      a.square() ==
      fp2("07d1a1915a3e6dd3fce3853987cc87cb067024e98fe35123be3686eea81db46267800f8963c0324acfefb411"
          "e85c93f8",
          "0a39aa05183ad05cdd7c28b7694ed2c33380d52850d682f477581f0093b05dd98ba149c57b811d5f983d2079"
          "723707a8"));
  // noble returns the root with the larger (c1, c0); ours may be its negation.
  const Fp2 noble_sqrt_a =
      fp2("131afef88215746677d602ff0957e5b6ef239ece1c475bdb1d9a5b68bfd15734012fc09ba16cdc3821a2ff3a"
          "c60ebcb7",
          "13b17d54bc461f6618e3398b070699a5d363fa1a5f8e4eb943d4100e8fa3a80a0626d6c19315e06334ebf270"
          "4c74d0e4");
  const Fp2 noble_sqrt_b =
      fp2("00099cece9f5469e4c3a29e5facff107f1edcf2d0cb49040b66692f3cff10cd41ccc89040988317a6ef18dc2"
          "a68f88cc",
          "1726ee75780f70a7fa8cc7f1b500d0c19892800477d18fbf776e0206def5a4bc66ef413b5af992bc8b42204f"
          "88954170");
  const auto ra = a.sqrt(), rb = b.sqrt();
  REQUIRE(ra.has_value());
  REQUIRE(rb.has_value());
  CHECK((*ra == noble_sqrt_a || *ra == -noble_sqrt_a));
  CHECK((*rb == noble_sqrt_b || *rb == -noble_sqrt_b));
  // u + 1 = ξ is a non-square in Fp2 (it is the tower's non-residue for the sextic extension).
  CHECK_FALSE(Fp2{Fp::one(), Fp::one()}.sqrt().has_value());
  // Pure real and pure imaginary inputs take the special branches.
  CHECK(Fp2{-Fp::one(), Fp::zero()}.sqrt()->square() == Fp2{-Fp::one(), Fp::zero()});
  CHECK(Fp2::zero().sqrt() == Fp2::zero());
}

TEST_CASE("Fp2 field axioms on random values", "[bls12_381]") {
  std::mt19937_64 rng(2);
  for (int i = 0; i < 30; ++i) {
    const Fp2 a = random_fp2(rng), b = random_fp2(rng), c = random_fp2(rng);
    CHECK(a * b == b * a);
    CHECK((a * b) * c == a * (b * c));
    CHECK(a * (b + c) == a * b + a * c);
    CHECK(a.square() == a * a);
    CHECK(a * a.inverse() == Fp2::one());
    CHECK(a.mul_by_nonresidue() == a * Fp2{Fp::one(), Fp::one()});
    CHECK(a.conjugate() == pow_p(a));
    const auto r = a.square().sqrt();
    REQUIRE(r.has_value());
    CHECK((*r == a || *r == -a));
  }
}

TEST_CASE("Fp6 and Fp12 axioms, sparse products and inverses", "[bls12_381]") {
  std::mt19937_64 rng(6);
  for (int i = 0; i < 10; ++i) {
    const Fp6 a = random_fp6(rng), b = random_fp6(rng), c = random_fp6(rng);
    CHECK((a * b) * c == a * (b * c));
    CHECK(a * (b + c) == a * b + a * c);
    CHECK(a.square() == a * a);
    CHECK(a * a.inverse() == Fp6::one());
    const Fp6 v{Fp2::zero(), Fp2::one(), Fp2::zero()};
    CHECK(a.mul_by_nonresidue() == a * v);
    CHECK(a.mul_by_01(b.c0, b.c1) == a * Fp6{b.c0, b.c1, Fp2::zero()});
    CHECK(a.mul_by_1(b.c1) == a * Fp6{Fp2::zero(), b.c1, Fp2::zero()});
    // v³ = ξ
    CHECK(v * v * v == Fp6{Fp2{Fp::one(), Fp::one()}, Fp2::zero(), Fp2::zero()});

    const Fp12 x = random_fp12(rng), y = random_fp12(rng), z = random_fp12(rng);
    CHECK((x * y) * z == x * (y * z));
    CHECK(x * (y + z) == x * y + x * z);
    CHECK(x.square() == x * x);
    CHECK(x * x.inverse() == Fp12::one());
    const Fp12 sparse{{b.c0, b.c1, Fp2::zero()}, {Fp2::zero(), b.c2, Fp2::zero()}};
    CHECK(x.mul_by_014(b.c0, b.c1, b.c2) == x * sparse);
  }
  CHECK(Fp12::zero().inverse() == Fp12::zero());
}

TEST_CASE("Frobenius maps equal the p-th power", "[bls12_381]") {
  std::mt19937_64 rng(12);
  const Fp6 a = random_fp6(rng);
  CHECK(a.frobenius() == pow_p(a));
  const Fp12 x = random_fp12(rng);
  const Fp12 xp = pow_p(x);
  CHECK(x.frobenius() == xp);
  CHECK(x.frobenius(2) == pow_p(xp));
  CHECK(x.frobenius(12) == x);
  // p⁶-power Frobenius is the conjugation.
  CHECK(x.frobenius(6) == x.conjugate());
  // w^p = ξ^((p−1)/6)·w by definition of the constant.
  const Fp12 w{Fp6::zero(), Fp6::one()};
  CHECK(pow_p(w) == Fp12{Fp6::zero(), Fp6{frobenius_constants().w, Fp2::zero(), Fp2::zero()}});
}

TEST_CASE("cyclotomic squaring matches squaring in the cyclotomic subgroup", "[bls12_381]") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 5; ++i) {
    const Fp12 f = random_fp12(rng);
    // f^((p⁶ − 1)(p² + 1)) lies in the cyclotomic subgroup.
    const Fp12 t = f.conjugate() * f.inverse();
    const Fp12 g = t.frobenius(2) * t;
    CHECK(g.cyclotomic_square() == g.square());
    CHECK(g.cyclotomic_square().cyclotomic_square() == pow_small(g, 4));
    CHECK(g * g.conjugate() == Fp12::one());
    // and does not hold for a general element
    CHECK(f.cyclotomic_square() != f.square());
  }
}

TEST_CASE("Fp portable and ADX multiplications agree", "[bls12_381]") {
  // The portable path always runs; the assembly only where the CPU has BMI2 and ADX (then Fp
  // uses it, and the known answers above check it too).
  std::mt19937_64 rng(64);
  const Fp pm1 = -Fp::one();
  std::vector<Limbs6> values = {Limbs6{}, Fp::one().montgomery(), pm1.montgomery()};
  for (int i = 0; i < 200; ++i) values.push_back(random_fp(rng).montgomery());
  for (std::size_t i = 0; i + 1 < values.size(); ++i) {
    const Limbs6 expect =
        (Fp::from_montgomery(values[i]) * Fp::from_montgomery(values[i + 1])).montgomery();
    CHECK(fp_detail::mont_mul_portable_reduced(values[i], values[i + 1]) == expect);
    CHECK(fp_detail::mont_mul_adx_reduced(values[i], values[i + 1]) == expect);
  }
  // (p − 1)² = 1: a known answer independent of either path.
  CHECK(pm1 * pm1 == Fp::one());
  CHECK(Fp::from_montgomery(
            fp_detail::mont_mul_portable_reduced(pm1.montgomery(), pm1.montgomery())) == Fp::one());
  if (fp_detail::adx_available()) SUCCEED("ADX path checked");
}
