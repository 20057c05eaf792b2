// G1 and G2 group law, scalar multiplication against @noble/curves' generator multiples, and the
// subgroup checks against multiplication by r.
#include <catch2/catch.hpp>

#include <random>

#include "common/encoding.hpp"
#include "crypto/bls12_381/serialization.hpp"

using namespace tessera;
using namespace tessera::bls12_381;

namespace {

Scalar scalar_hex(const std::string& hex) {
  Scalar s{};
  for (std::size_t i = 0; i < hex.size(); ++i) {
    const char c = hex[hex.size() - 1 - i];
    const std::uint64_t d = c <= '9' ? c - '0' : c - 'a' + 10;
    s[i / 16] |= d << (4 * (i % 16));
  }
  return s;
}

struct Multiple {
  const char* k;
  const char* g1_compressed;
  const char* g2_compressed;
};

// source: @noble/curves 2.4.0 bls12_381, G1.Point.BASE.multiply(k).toBytes(true) and
// G2.Point.BASE.multiply(k).toBytes(true).
const Multiple kMultiples[] = {
    {"1",
     "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c"
     "6"
     "bb",
     "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042"
     "b"
     "7e024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c12"
     "1"
     "bdb8"},
    {"2",
     "a572cbea904d67468808c8eb50a9450c9721db309128012543902d0ac358a62ae28f75bb8f1c7c42c39a8c5529bf0"
     "f"
     "4e",
     "aa4edef9c1ed7f729f520e47730a124fd70662a904ba1074728114d1031e1572c6c886f6b57ec72a6178288c47c33"
     "5"
     "771638533957d540a9d2370f17cc7ed5863bc0b995b8825e0ee1ea1e1e4d00dbae81f14b0bf3611b78c952aacab82"
     "7"
     "a053"},
    {"5",
     "b0e7791fb972fe014159aa33a98622da3cdc98ff707965e536d8636b5fcc5ac7a91a8c46e59a00dca575af0f18fb1"
     "3"
     "dc",
     "80fb837804dba8213329db46608b6c121d973363c1234a86dd183baff112709cf97096c5e9a1a770ee9d7dc641a89"
     "4"
     "d60411a5de6730ffece671a9f21d65028cc0f1102378de124562cb1ff49db6f004fcd14d683024b0548eff3d1468d"
     "f"
     "2688"},
    {"73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000",  // r − 1
     "b7f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c"
     "6"
     "bb",
     "b3e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042"
     "b"
     "7e024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c12"
     "1"
     "bdb8"},
    {"5f2d1c0b3a49e8f7d6c5b4a392817069f8e7d6c5b4a3928170695f4e3d2c1b0a",
     "aeca00002b9a8b8ca1f5758b16a5905fcaed1503e8c1d385726685f19a709f66506d927f44a0bf0d5fd5765cd6220"
     "a"
     "ea",
     "a5422b68824d000e2acfea6f8693b660520b2dd182c6ec10b2510cd86dd059d1e1845219782529053eb9d42e1696a"
     "0"
     "7c09eb5a222327a4dd7fbdc7f4ff03e5529120f9731be2707b1093267a0ae21179759448be32a100b54fec2d26790"
     "4"
     "5356"},
};

template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& a) {
  return hex_encode(Bytes(a.begin(), a.end()));
}

}  // namespace

TEST_CASE("generator multiples match noble (compressed)", "[bls12_381]") {
  for (const auto& m : kMultiples) {
    INFO("k = " << m.k);
    const Scalar k = scalar_hex(m.k);
    const G1Affine p1 = G1::from_affine(g1_generator()).mul(k).to_affine();
    const G2Affine p2 = G2::from_affine(g2_generator()).mul(k).to_affine();
    CHECK(hex(g1_to_compressed(p1)) == m.g1_compressed);
    CHECK(hex(g2_to_compressed(p2)) == m.g2_compressed);
    CHECK(p1.is_on_curve());
    CHECK(p2.is_on_curve());
  }
}

TEST_CASE("uncompressed generator multiples match noble", "[bls12_381]") {
  // source: @noble/curves 2.4.0 bls12_381, BASE.multiply(5).toBytes(false) for G1 and G2.
  const G1Affine p1 = G1::from_affine(g1_generator()).mul(5).to_affine();
  CHECK(
      hex(g1_to_uncompressed(p1)) ==
      "10e7791fb972fe014159aa33a98622da3cdc98ff707965e536d8636b5fcc5ac7a91a8c46e59a00dca575af0f18f"
      "b13dc16ba437edcc6551e30c10512367494bfb6b01cc6681e8a4c3cd2501832ab5c4abc40b4578b85cbaffbf0bc"
      "d70d67c6e2");
  const G2Affine p2 = G2::from_affine(g2_generator()).mul(5).to_affine();
  CHECK(
      hex(g2_to_uncompressed(p2)) ==
      "00fb837804dba8213329db46608b6c121d973363c1234a86dd183baff112709cf97096c5e9a1a770ee9d7dc641a"
      "894d60411a5de6730ffece671a9f21d65028cc0f1102378de124562cb1ff49db6f004fcd14d683024b0548eff3d"
      "1468df2688093567b4228be17ee62d11a254edd041ee4b953bffb8b8c7f925bd6662b4298bac2822b446f5b5de3"
      "b893e1be5aa498619b5e8f5d4a72f2b75811ac084a7f814317360bac52f6aab15eed416b4ef9938e0bdc4865cc2"
      "c4d0fd947e7c6925fd14");
  // source: same, BASE.multiply(r − 1).toBytes(false) for G2 (= −G2, so y is p − y).
  const G2Affine m = G2::from_affine(g2_generator()).mul(scalar_hex(kMultiples[3].k)).to_affine();
  CHECK(
      hex(g2_to_uncompressed(m)) ==
      "13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d0"
      "42b7e024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056"
      "c8c121bdb813fa4d4a0ad8b1ce186ed5061789213d993923066dddaf1040bc3ff59f825c78df74f2d75467e25e0"
      "f55f8a00fa030ed0d1b3cc2c7027888be51d9ef691d77bcb679afda66c73f17f9ee3837a55024f78c71363275a7"
      "5d75d86bab79f74782aa");
}

TEST_CASE("group law: identity, inverse, doubling, mixed addition, r·P = O", "[bls12_381]") {
  const G1 g = G1::from_affine(g1_generator());
  const G2 h = G2::from_affine(g2_generator());
  CHECK(g + G1::identity() == g);
  CHECK((g - g).is_identity());
  CHECK(g + g == g.dbl());
  CHECK(g.dbl() + g1_generator() == g.mul(3));
  CHECK(g.mul(kGroupOrder).is_identity());
  CHECK(h.mul(kGroupOrder).is_identity());
  CHECK(h + h == h.dbl());
  CHECK(h.dbl() + g2_generator() == h.mul(3));
  CHECK(h.mul(7) + h.mul(9).to_affine() == h.mul(16));
  CHECK(G1::identity().to_affine().infinity);
  CHECK(g.mul(0).is_identity());
  // (a + b)·P = a·P + b·P and (ab)·P = a·(b·P) for random 64-bit a, b.
  std::mt19937_64 rng(1);
  for (int i = 0; i < 5; ++i) {
    const std::uint64_t a = rng() >> 2, b = rng() >> 2;
    CHECK(g.mul(a + b) == g.mul(a) + g.mul(b));
    CHECK(h.mul(a + b) == h.mul(a) + h.mul(b));
    const unsigned __int128 ab = static_cast<unsigned __int128>(a) * b;
    const Scalar k{static_cast<std::uint64_t>(ab), static_cast<std::uint64_t>(ab >> 64), 0, 0};
    CHECK(g.mul(k) == g.mul(b).mul(a));
    CHECK(h.mul(k) == h.mul(b).mul(a));
  }
}

namespace {

// A point of E(Fp) (any subgroup) from the first x ≥ start with x³ + 4 square.
G1Affine g1_curve_point(std::uint64_t start) {
  for (std::uint64_t x = start;; ++x) {
    const Fp fx = Fp::from_uint(x);
    if (auto y = (fx.square() * fx + G1Curve::b()).sqrt()) return {fx, *y, false};
  }
}

// A point of E'(Fp2) (any subgroup) from the first x = start + u with x³ + b' square.
G2Affine g2_curve_point(std::uint64_t start) {
  for (std::uint64_t x = start;; ++x) {
    const Fp2 fx{Fp::from_uint(x), Fp::one()};
    if (auto y = (fx.square() * fx + G2Curve::b()).sqrt()) return {fx, *y, false};
  }
}

}  // namespace

TEST_CASE("subgroup checks: fast tests agree with multiplication by r", "[bls12_381]") {
  // source: @noble/curves 2.4.0 bls12_381: the first x with x³ + 4 square is x = 4, this y is
  // Fp.sqrt, and G1.Point.fromAffine({x, y}).isTorsionFree() is false.
  const G1Affine bad1{Fp::from_uint(4),
                      Fp::from_hex("0a989badd40d6212b33cffc3f3763e9bc760f988c9926b26da9dd85e9284834"
                                   "46346b8ed00e1de5d5ea93e354abe706c"),
                      false};
  REQUIRE(bad1.is_on_curve());
  CHECK_FALSE(g1_in_subgroup(bad1));
  CHECK_FALSE(g1_in_subgroup_by_order(bad1));
  // source: same, G2 with x = 2 + 0u (first x ≥ 1 with c1 = 0), isTorsionFree() false.
  const G2Affine bad2{
      {Fp::from_uint(2), Fp::zero()},
      {Fp::from_hex("18c6b864ae17dc9da64203ffefb966306425a7bc6aeb7c75247438372716284a4173830420cd4"
                    "76ba1a365b95bfcec38"),
       Fp::from_hex("172e93db764a8400a7d5071b6b6f5de0da2f0f4a063119abca014006b7c40a2cfe291a1924e65"
                    "db0d6d0fcfbf3bf3d5c")},
      false};
  REQUIRE(bad2.is_on_curve());
  CHECK_FALSE(g2_in_subgroup(bad2));
  CHECK_FALSE(g2_in_subgroup_by_order(bad2));

  CHECK(g1_in_subgroup(g1_generator()));
  CHECK(g2_in_subgroup(g2_generator()));
  CHECK(g1_in_subgroup(G1Affine::identity()));
  CHECK(g2_in_subgroup(G2Affine::identity()));
  for (std::uint64_t start : {10, 1000, 123456}) {
    const G1Affine p = g1_curve_point(start);
    const G2Affine q = g2_curve_point(start);
    CHECK(g1_in_subgroup(p) == g1_in_subgroup_by_order(p));
    CHECK(g2_in_subgroup(q) == g2_in_subgroup_by_order(q));
    // Multiplying by the cofactor h1 = 0x396c8c005555e1568c00aaab0000aaab lands in G1.
    const G1Affine cleared = G1::from_affine(p)
                                 .mul(Scalar{0x8c00aaab0000aaabULL, 0x396c8c005555e156ULL, 0, 0})
                                 .to_affine();
    CHECK(g1_in_subgroup(cleared));
    CHECK(g1_in_subgroup_by_order(cleared));
    // Subgroup points: multiples of the generators.
    CHECK(g1_in_subgroup(G1::from_affine(g1_generator()).mul(start).to_affine()));
    CHECK(g2_in_subgroup(G2::from_affine(g2_generator()).mul(start).to_affine()));
  }
  // ψ acts on G2 as multiplication by p ≡ x (mod r): ψ(G2) = −[|x|]G2.
  CHECK(G2::from_affine(g2_psi(g2_generator())) == -G2::from_affine(g2_generator()).mul(kAbsX));
}
