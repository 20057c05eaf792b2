// Filecoin BLS signatures against independent vectors: all Filecoin-DST cases of
// filecoin-project/bls-signatures tests/data.json (commit 2468117, stored as
// test/fixtures/bls-signatures-data.json), lotus's "potato" signature, the Zondax wallet key, the
// noble-curves oracle values of reference/oracles.md §2, and the key-generation vectors of
// bls-signatures and filecoin-ffi; then the rules of aggregate verification and the rejection of
// bad encodings.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "crypto/bls12_381/hash_to_curve.hpp"
#include "crypto/bls12_381/serialization.hpp"
#include "crypto/bls_signature.hpp"

using namespace tessera;
using namespace tessera::crypto::bls;
namespace curve = tessera::bls12_381;

namespace {

std::span<const std::uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

template <std::size_t N>
std::array<std::uint8_t, N> hex_array(std::string_view hex) {
  const Bytes b = hex_decode(hex);
  REQUIRE(b.size() == N);
  std::array<std::uint8_t, N> out;
  std::copy(b.begin(), b.end(), out.begin());
  return out;
}

template <std::size_t N>
std::string hex_of(const std::array<std::uint8_t, N>& a) {
  return hex_encode(Bytes(a.begin(), a.end()));
}

// A decimal integer (< 2^256) as 32 little-endian bytes.
PrivateKeyBytes le_from_decimal(const std::string& decimal) {
  PrivateKeyBytes le{};
  for (const char digit : decimal) {
    unsigned carry = static_cast<unsigned>(digit - '0');
    for (auto& byte : le) {
      const unsigned v = byte * 10u + carry;
      byte = static_cast<std::uint8_t>(v);
      carry = v >> 8;
    }
  }
  return le;
}

PrivateKey key_from_seed_byte(std::uint8_t b) {
  std::array<std::uint8_t, 32> seed;
  seed.fill(b);
  return PrivateKey::from_seed(seed);
}

// lotus lib/sigs/bls/bls_test.go (TestUncompressedFails), filecoin-project/lotus @0656b62: a
// signature over "potato" by the key of address
// f3tcgq5scpfhdwh4dbalwktzf6mbv3ng2nw7tyzni5cyrsgvineid6jybnweecpa6misa6lk4tvwtxj2gkwpzq, whose
// payload (the 48-byte public key) is kPotatoKey (reference/snark.md §5.4(b)).
constexpr const char* kPotatoSignature =
    "9927444bfcffdca34af57b78757b9b90f1cd28d2a3aeed2aa6bde299f8bbb9184756f2287b0588e6d3f2860d2bb206"
    "6e"
    "0c59778c1e644fb2cfb35fba8f09fa824a9ed825108c82ff4bf634c1037eeaf185f45673d4a1c1c6eeb712b7d72a54"
    "98";
constexpr const char* kPotatoSignatureUncompressed =
    "1927444bfcffdca34af57b78757b9b90f1cd28d2a3aeed2aa6bde299f8bbb9184756f2287b0588e6d3f2860d2bb206"
    "6e"
    "0c59778c1e644fb2cfb35fba8f09fa824a9ed825108c82ff4bf634c1037eeaf185f45673d4a1c1c6eeb712b7d72a54"
    "98"
    "08942378dbce2ad72e87df083b66c631c18c582f9f9e104d2a7e13e79cbb22deccf67777b09c255d5de688098c6335"
    "d4"
    "0a85768db766a6c6ece6de2a9f3487281a48fecab14702f6512652709d7edb7e8bc9f641aaa83b7e8afd7ae479e659"
    "e4";
constexpr const char* kPotatoKey =
    "988d0ec84f29c763f06102eca9e4be606bb69b4db7e78cb51d162323550d2207e4e02db1082783cc4481e5ab93ada7"
    "74";

// A compressed G2 encoding of x = c0 + c1·u (flag 0x80, sign bit clear).
Signature g2_compressed_x(const curve::Fp2& x) {
  Signature out;
  x.c1.to_bytes_be(out.data());
  x.c0.to_bytes_be(out.data() + 48);
  out[0] |= 0x80;
  return out;
}

// The first x = k (k = 1, 2, …) for which x³ + 4(1 + u) is not a square: no point of E2 has it.
Signature g2_off_curve_encoding() {
  for (std::uint64_t k = 1;; ++k) {
    const curve::Fp2 x{curve::Fp::from_uint(k), curve::Fp::zero()};
    if (!(x.square() * x + curve::G2Curve::b()).sqrt()) return g2_compressed_x(x);
  }
}

// The first x = k for which x³ + 4 is not a square in Fp.
PublicKey g1_off_curve_encoding() {
  for (std::uint64_t k = 1;; ++k) {
    const curve::Fp x = curve::Fp::from_uint(k);
    if (!(x.square() * x + curve::G1Curve::b()).is_square()) {
      PublicKey out;
      x.to_bytes_be(out.data());
      out[0] |= 0x80;
      return out;
    }
  }
}

// A point of E1 outside G1: the first x = k with a square x³ + 4 (the cofactor is ~2^126, so it
// is outside G1; the REQUIRE says so).
PublicKey g1_outside_subgroup_encoding() {
  for (std::uint64_t k = 1;; ++k) {
    const curve::Fp x = curve::Fp::from_uint(k);
    if (const auto y = (x.square() * x + curve::G1Curve::b()).sqrt()) {
      const curve::G1Affine p{x, *y, false};
      REQUIRE_FALSE(curve::g1_in_subgroup(p));
      return curve::g1_to_compressed(p);
    }
  }
}

}  // namespace

TEST_CASE("bls-signatures data.json: public key, signature and hash of every Filecoin case",
          "[bls]") {
  std::ifstream in(std::filesystem::path(TESSERA_TEST_FIXTURES) / "bls-signatures-data.json");
  REQUIRE(in);
  const nlohmann::json cases = nlohmann::json::parse(in).at("cases");
  int filecoin_cases = 0;
  for (const auto& c : cases) {
    const std::string msg = c.at("Msg").get<std::string>();
    const std::string suite = c.at("Ciphersuite").get<std::string>();
    CAPTURE(msg.substr(0, 16), suite);
    const Bytes expected_hash = base64_decode(c.at("G2Compressed").get<std::string>());
    const auto hash_point = curve::hash_to_g2(as_bytes(msg), suite);
    CHECK(hex_of(curve::g2_to_compressed(hash_point)) == hex_encode(expected_hash));
    if (suite != kDst) continue;
    ++filecoin_cases;
    const PrivateKey sk =
        PrivateKey::from_bytes(le_from_decimal(c.at("BLSPrivKey").get<std::string>()));
    const PublicKey pk = sk.public_key();
    const Signature sig = sk.sign(as_bytes(msg));
    CHECK(hex_of(pk) == hex_encode(base64_decode(c.at("BLSPubKey").get<std::string>())));
    CHECK(hex_of(sig) == hex_encode(base64_decode(c.at("BLSSigG2").get<std::string>())));
    CHECK(hex_of(hash(as_bytes(msg))) == hex_encode(expected_hash));
    CHECK(verify(sig, as_bytes(msg), pk));
  }
  CHECK(filecoin_cases == 104);
}

TEST_CASE("lotus potato signature verifies; its mutations do not", "[bls]") {
  const PublicKey pk = hex_array<48>(kPotatoKey);
  const Bytes potato = {'p', 'o', 't', 'a', 't', 'o'};
  const Bytes sig = hex_decode(kPotatoSignature);
  CHECK(verify(sig, potato, pk));

  Bytes byte_changed = sig;  // lotus "compressed byte changed": byte 39 e6 → f6
  byte_changed[39] = 0xf6;
  CHECK_FALSE(verify(byte_changed, potato, pk));
  Bytes longer = sig;  // lotus "compressed prefix": one extra byte
  longer.push_back(0x55);
  CHECK_FALSE(verify(longer, potato, pk));
  const Bytes uncompressed = hex_decode(kPotatoSignatureUncompressed);
  CHECK_FALSE(verify(uncompressed, potato, pk));
  Bytes uncompressed_changed = uncompressed;  // lotus "uncompressed one byte change"
  uncompressed_changed[146] = 0x66;
  CHECK_FALSE(verify(uncompressed_changed, potato, pk));

  const Bytes other_message = {'p', 'o', 't', 'a', 't', 'o', 'e', 's'};
  CHECK_FALSE(verify(sig, other_message, pk));
  CHECK_FALSE(verify(sig, potato, key_from_seed_byte(1).public_key()));
}

TEST_CASE("known keys give their known public keys and signatures", "[bls]") {
  // Zondax/filecoin-signing-tools test_vectors/bls_wallet.json @4d71eee (reference/snark.md
  // §5.4(a)): a little-endian private key and its public key.
  const PrivateKey zx = PrivateKey::from_bytes(
      hex_array<32>("d31ed8d06197f7631e58117d99c5ae4791183f17b6772eb4afc5c840e0f7d412"));
  CHECK(hex_of(zx.public_key()) ==
        "ade28c91045e89a0dcdb49d5ed0d62a4f02d78a96dbd406a4f9d37a1cd2fb5c29058def79b01b4d1556ade74ff"
        "c079"
        "04");

  // reference/oracles.md §2 (noble-curves 2.4.0, cross-checked there with blst and Chia): the key
  // with LE bytes 01..20 and its signature over "hello filecoin"; sk = 1 gives the generator.
  PrivateKeyBytes seq;
  for (int i = 0; i < 32; ++i) seq[i] = static_cast<std::uint8_t>(i + 1);
  const PrivateKey sk_seq = PrivateKey::from_bytes(seq);
  CHECK(hex_of(sk_seq.public_key()) ==
        "b8f3a6c1e371d3bdba1a04e72f3fab9ee04f9e572399cf736323dd6023459625eb44feb02ddd8aa89bf4a59bdf"
        "9859"
        "df");
  const std::string hello = "hello filecoin";
  CHECK(hex_of(sk_seq.sign(as_bytes(hello))) ==
        "af730de313c574fd70e76357e9339423beb124c657a3d7841e0980520035b5e8d99967956fa8800083d2667650"
        "9d8f"
        "1b04a1a5fd0b693a81a0a63354141c99c8cc53b4e0a9e746bc296c90425b8ba15fbd9fe2a59748782492a1e4cd"
        "d032"
        "d7fd");
  PrivateKeyBytes one{};
  one[0] = 1;
  const PrivateKey sk_one = PrivateKey::from_bytes(one);
  CHECK(hex_of(sk_one.public_key()) ==
        "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb"
        "22c6"
        "bb");
  CHECK(hex_of(sk_one.sign(as_bytes(hello))) == hex_of(hash(as_bytes(hello))));

  // The same section's aggregate of sig(sk = 1, "hello filecoin") and sig(sk = 01..20, 00..1f).
  Bytes seq32(32);
  for (int i = 0; i < 32; ++i) seq32[i] = static_cast<std::uint8_t>(i);
  const Signature sigs[2] = {sk_one.sign(as_bytes(hello)), sk_seq.sign(seq32)};
  CHECK(hex_of(aggregate(sigs)) ==
        "996e774664ea941b4e37b7f6965cb43836f3c3c0e754f95f184128e57b9fa4f0c0c6abf22b8b76325de996950f"
        "2f52"
        "100cec460505a3eeb9d0424a0b9ed0e193167a0b1095d7af304c3809890b63ec3edc795ec4975fa7ac9844aa02"
        "54be"
        "9d57");
}

TEST_CASE("private keys: KeyGen and seeded generation match bls-signatures and filecoin-ffi",
          "[bls]") {
  // bls-signatures src/key.rs test_key_gen (blst feature) @2468117: the scalar as u64 limbs.
  const std::string material = "hello world (it's a secret!) very secret stuff";
  const std::uint64_t limbs[4] = {0x8a223b0f9e257f7d, 0x2d80f7b7f5ea6cc4, 0xcc9e063a0ea0009c,
                                  0x4a73baed5cb75109};
  PrivateKeyBytes expected;
  for (int i = 0; i < 32; ++i)
    expected[i] = static_cast<std::uint8_t>(limbs[i / 8] >> (8 * (i % 8)));
  CHECK(PrivateKey::from_ikm(as_bytes(material)).to_bytes() == expected);

  // filecoin-ffi rust/src/bls/api.rs test private_key_with_seed @de13e64: seed 32 × 5.
  const PrivateKeyBytes ffi_expected = {56,  13,  181, 159, 37,  1,   12,  96,  45,  77,  254,
                                        118, 103, 235, 218, 176, 220, 241, 142, 119, 206, 233,
                                        83,  35,  26,  15,  118, 198, 192, 120, 179, 52};
  CHECK(key_from_seed_byte(5).to_bytes() == ffi_expected);
  CHECK(key_from_seed_byte(6).to_bytes() != ffi_expected);

  CHECK_THROWS_AS(PrivateKey::from_ikm(Bytes(31, 7)), InvalidInput);
  CHECK_NOTHROW(PrivateKey::from_ikm(Bytes(32, 7)));
}

TEST_CASE("private keys: byte form round-trips, values >= r and wrong lengths are rejected",
          "[bls]") {
  const PrivateKey sk = key_from_seed_byte(9);
  CHECK(PrivateKey::from_bytes(sk.to_bytes()).public_key() == sk.public_key());
  // r as little-endian bytes (bls-signatures src/key.rs test_from_bytes).
  const PrivateKeyBytes r =
      hex_array<32>("01000000fffffffffe5bfeff02a4bd5305d8a10908d83933487d9d2953a7ed73");
  CHECK_THROWS_AS(PrivateKey::from_bytes(r), InvalidInput);
  PrivateKeyBytes r_minus_one = r;
  r_minus_one[0] = 0;
  CHECK_NOTHROW(PrivateKey::from_bytes(r_minus_one));
  PrivateKeyBytes all_ff;
  all_ff.fill(0xff);
  CHECK_THROWS_AS(PrivateKey::from_bytes(all_ff), InvalidInput);
  CHECK_THROWS_AS(PrivateKey::from_bytes(Bytes(31, 1)), InvalidInput);
  CHECK_THROWS_AS(PrivateKey::from_bytes(Bytes(33, 1)), InvalidInput);
  // Zero is a valid key for bls-signatures; its public key is the identity.
  const PrivateKey zero = PrivateKey::from_bytes(PrivateKeyBytes{});
  CHECK(zero.public_key()[0] == 0xc0);
}

TEST_CASE("aggregate verification needs distinct messages, matching lists and real keys", "[bls]") {
  const std::vector<PrivateKey> keys = {key_from_seed_byte(1), key_from_seed_byte(2),
                                        key_from_seed_byte(3)};
  const std::vector<std::string> texts = {"message one", "message two", "message three"};
  std::vector<std::span<const std::uint8_t>> msgs;
  std::vector<PublicKey> pks;
  std::vector<Signature> sigs;
  std::vector<Digest> digests;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    msgs.push_back(as_bytes(texts[i]));
    pks.push_back(keys[i].public_key());
    sigs.push_back(keys[i].sign(msgs[i]));
    digests.push_back(hash(msgs[i]));
  }
  const Signature agg = aggregate(sigs);
  CHECK(verify(agg, msgs, pks));
  CHECK(verify_digests(agg, digests, pks));

  SECTION("a swapped message fails") {
    std::swap(msgs[0], msgs[1]);
    std::swap(digests[0], digests[1]);
    CHECK_FALSE(verify(agg, msgs, pks));
    CHECK_FALSE(verify_digests(agg, digests, pks));
  }
  SECTION("a missing signature fails") {
    CHECK_FALSE(verify(aggregate(std::span(sigs).first(2)), msgs, pks));
  }
  SECTION("a duplicate message fails even when the aggregate is right") {
    const std::string same = "same message";
    const std::span<const std::uint8_t> dup_msgs[2] = {as_bytes(same), as_bytes(same)};
    const Signature dup_sigs[2] = {keys[0].sign(as_bytes(same)), keys[1].sign(as_bytes(same))};
    const PublicKey dup_pks[2] = {pks[0], pks[1]};
    const Signature dup_agg = aggregate(dup_sigs);
    CHECK_FALSE(verify(dup_agg, dup_msgs, dup_pks));
    const Digest dup_digests[2] = {hash(as_bytes(same)), hash(as_bytes(same))};
    CHECK_FALSE(verify_digests(dup_agg, dup_digests, dup_pks));
    // The same pairs with distinct messages pass, so the rule alone rejects the duplicate.
    const std::string other = "other message";
    const std::span<const std::uint8_t> ok_msgs[2] = {as_bytes(same), as_bytes(other)};
    const Signature ok_sigs[2] = {dup_sigs[0], keys[1].sign(as_bytes(other))};
    CHECK(verify(aggregate(ok_sigs), ok_msgs, dup_pks));
  }
  SECTION("an identity public key fails even when the equation holds") {
    const PrivateKey zero = PrivateKey::from_bytes(PrivateKeyBytes{});
    const std::string extra = "signed by zero";
    msgs.push_back(as_bytes(extra));
    pks.push_back(zero.public_key());
    sigs.push_back(zero.sign(as_bytes(extra)));  // the identity
    digests.push_back(hash(as_bytes(extra)));
    const Signature agg4 = aggregate(sigs);
    CHECK(agg4 == agg);
    CHECK_FALSE(verify(agg4, msgs, pks));
    CHECK_FALSE(verify_digests(agg4, digests, pks));
  }
  SECTION("empty and mismatched lists fail") {
    CHECK_FALSE(verify(zero_signature(), std::span<const std::span<const std::uint8_t>>(),
                       std::span<const PublicKey>()));
    CHECK_FALSE(
        verify_digests(zero_signature(), std::span<const Digest>(), std::span<const PublicKey>()));
    CHECK_FALSE(verify(agg, std::span(msgs).first(2), pks));
    CHECK_FALSE(verify(agg, msgs, std::span(pks).first(2)));
    CHECK_FALSE(verify_digests(agg, std::span(digests).first(2), pks));
  }
  SECTION("aggregate refuses an empty list and undecodable signatures") {
    CHECK_THROWS_AS(aggregate(std::span<const Signature>()), InvalidInput);
    std::vector<Signature> bad = sigs;
    bad[1][0] &= 0x7f;  // no compression flag
    CHECK_THROWS_AS(aggregate(bad), InvalidInput);
  }
}

TEST_CASE("the zero signature is the compressed identity", "[bls]") {
  const Signature zero = zero_signature();
  CHECK(zero[0] == 0xc0);
  CHECK(std::all_of(zero.begin() + 1, zero.end(), [](std::uint8_t b) { return b == 0; }));
  const Signature one[1] = {zero};
  CHECK(aggregate(one) == zero);
  const PrivateKey sk = key_from_seed_byte(4);
  const Signature pair[2] = {sk.sign(as_bytes("m")), zero};
  CHECK(aggregate(pair) == pair[0]);
}

TEST_CASE("verify returns false for badly encoded signatures and public keys", "[bls]") {
  const PrivateKey sk = key_from_seed_byte(7);
  const std::string msg = "a message";
  const PublicKey pk = sk.public_key();
  const Signature sig = sk.sign(as_bytes(msg));
  REQUIRE(verify(sig, as_bytes(msg), pk));

  // p, the Fp modulus, big-endian: any coordinate >= p is non-canonical.
  const auto p_be = hex_array<48>(
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffff"
      "aaab");

  SECTION("signatures") {
    CHECK_FALSE(verify(std::span(sig).first(95), as_bytes(msg), pk));  // wrong length
    Signature no_flag = sig;
    no_flag[0] &= 0x7f;
    CHECK_FALSE(verify(no_flag, as_bytes(msg), pk));
    Signature flipped_sign = sig;
    flipped_sign[0] ^= 0x20;  // the other y: on the curve, but not this signature
    CHECK_FALSE(verify(flipped_sign, as_bytes(msg), pk));
    Signature non_canonical = sig;  // x.c1 = p
    std::copy(p_be.begin(), p_be.end(), non_canonical.begin());
    non_canonical[0] |= 0x80;
    CHECK_FALSE(verify(non_canonical, as_bytes(msg), pk));
    CHECK_FALSE(verify(g2_off_curve_encoding(), as_bytes(msg), pk));
    const auto u = curve::hash_to_field_fp2(as_bytes(msg), kDst);
    const curve::G2Affine outside = curve::map_to_curve_g2(u[0]).to_affine();
    REQUIRE(outside.is_on_curve());
    REQUIRE_FALSE(curve::g2_in_subgroup(outside));
    CHECK_FALSE(verify(curve::g2_to_compressed(outside), as_bytes(msg), pk));
    Signature bad_infinity = zero_signature();
    bad_infinity[95] = 1;
    CHECK_FALSE(verify(bad_infinity, as_bytes(msg), pk));
    CHECK_FALSE(verify(zero_signature(), as_bytes(msg), pk));
  }
  SECTION("public keys") {
    PublicKey no_flag = pk;
    no_flag[0] &= 0x7f;
    CHECK_FALSE(verify(sig, as_bytes(msg), no_flag));
    PublicKey non_canonical;
    std::copy(p_be.begin(), p_be.end(), non_canonical.begin());
    non_canonical[0] |= 0x80;
    CHECK_FALSE(verify(sig, as_bytes(msg), non_canonical));
    CHECK_FALSE(verify(sig, as_bytes(msg), g1_off_curve_encoding()));
    CHECK_FALSE(verify(sig, as_bytes(msg), g1_outside_subgroup_encoding()));
    PublicKey identity{};
    identity[0] = 0xc0;
    CHECK_FALSE(verify(sig, as_bytes(msg), identity));
    const Digest digests[1] = {hash(as_bytes(msg))};
    const PublicKey keys[1] = {g1_off_curve_encoding()};
    CHECK_FALSE(verify_digests(sig, digests, keys));
  }
  SECTION("digests") {
    const PublicKey keys[1] = {pk};
    const Digest good[1] = {hash(as_bytes(msg))};
    CHECK(verify_digests(sig, good, keys));
    const Digest off_curve[1] = {g2_off_curve_encoding()};
    CHECK_FALSE(verify_digests(sig, off_curve, keys));
  }
}
