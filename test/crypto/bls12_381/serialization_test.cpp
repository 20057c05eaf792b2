// Point encodings: round trips, noble's bytes, and every rejection case with a hand-built bad
// encoding.
#include <catch2/catch.hpp>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "crypto/bls12_381/serialization.hpp"

using namespace tessera;
using namespace tessera::bls12_381;

namespace {

Bytes p_bytes() {
  Bytes b(48);
  for (int i = 0; i < 48; ++i)
    b[i] = static_cast<std::uint8_t>(kFpModulus[5 - i / 8] >> (8 * (7 - i % 8)));
  return b;
}

template <class F>
void check_rejects(F&& decode, const Bytes& bytes, const std::string& reason) {
  INFO("expecting: " << reason);
  CHECK_THROWS_WITH(decode(bytes), Catch::Contains(reason));
  CHECK_THROWS_AS(decode(bytes), InvalidInput);
}

}  // namespace

TEST_CASE("encodings round-trip and match noble's generator bytes", "[bls12_381]") {
  const G1Affine g1 = g1_generator();
  const G2Affine g2 = g2_generator();
  // source: @noble/curves 2.4.0 bls12_381, G1.Point.BASE.toBytes(false).
  const auto g1u = g1_to_uncompressed(g1);
  CHECK(
      hex_encode(Bytes(g1u.begin(), g1u.end())) ==
      "17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb2"
      "2c6bb08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa23"
      "2946c5e7e1");
  for (std::uint64_t k : {1, 2, 3, 1000003}) {
    const G1Affine p = G1::from_affine(g1).mul(k).to_affine();
    const G2Affine q = G2::from_affine(g2).mul(k).to_affine();
    for (const G1Affine& x : {p, -p}) {
      CHECK(g1_from_compressed(g1_to_compressed(x)) == x);
      CHECK(g1_from_uncompressed(g1_to_uncompressed(x)) == x);
    }
    for (const G2Affine& x : {q, -q}) {
      CHECK(g2_from_compressed(g2_to_compressed(x)) == x);
      CHECK(g2_from_uncompressed(g2_to_uncompressed(x)) == x);
    }
  }
  // source: @noble/curves 2.4.0: G1.Point.ZERO.toBytes(false) = 0x40 ‖ zeros,
  // G2.Point.ZERO.toBytes(true) = 0xc0 ‖ zeros.
  const auto inf1 = g1_to_uncompressed(G1Affine::identity());
  CHECK(inf1[0] == 0x40);
  CHECK(std::all_of(inf1.begin() + 1, inf1.end(), [](auto b) { return b == 0; }));
  const auto inf2 = g2_to_compressed(G2Affine::identity());
  CHECK(inf2[0] == 0xc0);
  CHECK(std::all_of(inf2.begin() + 1, inf2.end(), [](auto b) { return b == 0; }));
  CHECK(g1_from_uncompressed(inf1).infinity);
  CHECK(g2_from_compressed(inf2).infinity);
  CHECK(g1_from_compressed(g1_to_compressed(G1Affine::identity())).infinity);
  CHECK(g2_from_uncompressed(g2_to_uncompressed(G2Affine::identity())).infinity);
}

TEST_CASE("G1 decoding rejects each malformed encoding", "[bls12_381]") {
  auto dc = [](const Bytes& b) { return g1_from_compressed(b); };
  auto du = [](const Bytes& b) { return g1_from_uncompressed(b); };
  const auto gc = g1_to_compressed(g1_generator());
  const auto gu = g1_to_uncompressed(g1_generator());
  const Bytes good_c(gc.begin(), gc.end()), good_u(gu.begin(), gu.end());

  check_rejects(dc, Bytes(47, 0), "must be 48 bytes, got 47");
  check_rejects(du, Bytes(good_c), "must be 96 bytes, got 48");
  check_rejects(dc, Bytes(49, 0), "must be 48 bytes, got 49");
  // compression flag mismatch both ways
  Bytes b = good_c;
  b[0] &= 0x7f;
  check_rejects(dc, b, "compression flag mismatch");
  b = good_u;
  b[0] |= 0x80;
  check_rejects(du, b, "compression flag mismatch");
  // infinity with non-zero bits, in the flag byte's low bits and in the body
  b = Bytes(48, 0);
  b[0] = 0xc0;
  b[47] = 1;
  check_rejects(dc, b, "infinity with non-zero bits");
  b[47] = 0;
  b[0] = 0xc1;
  check_rejects(dc, b, "infinity with non-zero bits");
  b = Bytes(96, 0);
  b[0] = 0x40;
  b[60] = 0x10;
  check_rejects(du, b, "infinity with non-zero bits");
  // infinity with the sign bit
  b = Bytes(48, 0);
  b[0] = 0xe0;
  check_rejects(dc, b, "infinity with the sign bit");
  b = Bytes(96, 0);
  b[0] = 0x60;
  check_rejects(du, b, "infinity with the sign bit");
  // sign bit in the uncompressed form
  b = good_u;
  b[0] |= 0x20;
  check_rejects(du, b, "sign bit set in the uncompressed form");
  // x = p (non-canonical), compressed and uncompressed; y = p in the uncompressed form
  b = p_bytes();
  b[0] |= 0x80;
  check_rejects(dc, b, "not canonical");
  b = p_bytes();
  b.insert(b.end(), gu.begin() + 48, gu.end());
  check_rejects(du, b, "not canonical");
  b = Bytes(gu.begin(), gu.begin() + 48);
  const Bytes p = p_bytes();
  b.insert(b.end(), p.begin(), p.end());
  check_rejects(du, b, "not canonical");
  // x with no point: x = 1 gives x³ + 4 = 5, a non-square (x = 4 is the first square, see below)
  b = Bytes(48, 0);
  b[0] = 0x80;
  b[47] = 1;
  REQUIRE_FALSE(Fp::from_uint(5).is_square());
  check_rejects(dc, b, "x is not on the curve");
  // uncompressed point off the curve: the generator with y + 1
  b = good_u;
  b[95] ^= 1;
  check_rejects(du, b, "point is not on the curve");
  // on the curve but outside G1: x = 4 (source: @noble/curves 2.4.0 isTorsionFree() = false)
  b = Bytes(48, 0);
  b[0] = 0x80;
  b[47] = 4;
  check_rejects(dc, b, "not in the prime-order subgroup");
  const G1Affine off = g1_from_compressed(b, /*check_subgroup=*/false);
  CHECK(off.is_on_curve());
  const auto off_u = g1_to_uncompressed(off);
  check_rejects(du, Bytes(off_u.begin(), off_u.end()), "not in the prime-order subgroup");
  // the sign bit selects the root
  b = good_c;
  b[0] ^= 0x20;
  CHECK(g1_from_compressed(b) == -g1_generator());
}

TEST_CASE("G2 decoding rejects each malformed encoding", "[bls12_381]") {
  auto dc = [](const Bytes& b) { return g2_from_compressed(b); };
  auto du = [](const Bytes& b) { return g2_from_uncompressed(b); };
  const auto gc = g2_to_compressed(g2_generator());
  const auto gu = g2_to_uncompressed(g2_generator());
  const Bytes good_c(gc.begin(), gc.end()), good_u(gu.begin(), gu.end());

  check_rejects(dc, Bytes(95, 0), "must be 96 bytes, got 95");
  check_rejects(du, Bytes(96, 0), "must be 192 bytes, got 96");
  Bytes b = good_c;
  b[0] &= 0x7f;
  check_rejects(dc, b, "compression flag mismatch");
  b = good_u;
  b[0] |= 0x80;
  check_rejects(du, b, "compression flag mismatch");
  b = Bytes(96, 0);
  b[0] = 0xc0;
  b[50] = 1;  // in x.c0
  check_rejects(dc, b, "infinity with non-zero bits");
  b = Bytes(192, 0);
  b[0] = 0x40;
  b[191] = 1;
  check_rejects(du, b, "infinity with non-zero bits");
  b = Bytes(96, 0);
  b[0] = 0xe0;
  check_rejects(dc, b, "infinity with the sign bit");
  b = good_u;
  b[0] |= 0x20;
  check_rejects(du, b, "sign bit set in the uncompressed form");
  // x.c1 = p, and x.c0 = p (the second field element carries no flags)
  const Bytes p = p_bytes();
  b = p;
  b[0] |= 0x80;
  b.insert(b.end(), gc.begin() + 48, gc.end());
  check_rejects(dc, b, "not canonical");
  b = Bytes(gc.begin(), gc.begin() + 48);
  b.insert(b.end(), p.begin(), p.end());
  check_rejects(dc, b, "not canonical");
  b = good_u;
  std::copy(p.begin(), p.end(), b.begin() + 144);  // y.c0 = p
  check_rejects(du, b, "not canonical");
  // x = 6 + u: x³ + 4(u + 1) = 202 + 111u, a non-square (source: @noble/curves 2.4.0 Fp2.sqrt
  // throws; checked here too)
  REQUIRE_FALSE(Fp2{Fp::from_uint(202), Fp::from_uint(111)}.sqrt().has_value());
  b = Bytes(96, 0);
  b[0] = 0x80;
  b[47] = 1;  // c1 = 1
  b[95] = 6;  // c0 = 6
  check_rejects(dc, b, "x is not on the curve");
  b = good_u;
  b[191] ^= 1;
  check_rejects(du, b, "point is not on the curve");
  // on the curve but outside G2: x = 2 (source: @noble/curves 2.4.0 isTorsionFree() = false)
  b = Bytes(96, 0);
  b[0] = 0x80;
  b[95] = 2;
  check_rejects(dc, b, "not in the prime-order subgroup");
  const G2Affine off = g2_from_compressed(b, /*check_subgroup=*/false);
  CHECK(off.is_on_curve());
  const auto off_u = g2_to_uncompressed(off);
  check_rejects(du, Bytes(off_u.begin(), off_u.end()), "not in the prime-order subgroup");
  b = good_c;
  b[0] ^= 0x20;
  CHECK(g2_from_compressed(b) == -g2_generator());
}
