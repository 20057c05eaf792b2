#include <catch2/catch.hpp>

#include <openssl/sha.h>
#include <sodium.h>

#include <map>
#include <string>

#include "common/cbor/cbor.hpp"
#include "common/cid/cid.hpp"
#include "common/cid/varint.hpp"
#include "common/error.hpp"

using namespace tessera;

namespace {

Bytes sha256(const Bytes& data) {
  Bytes out(SHA256_DIGEST_LENGTH);
  SHA256(data.data(), data.size(), out.data());
  return out;
}

Bytes blake2b256(const Bytes& data) {
  Bytes out(32);
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
  return out;
}

// The dag-cbor object of reference/oracles.md §7.
const char* const kDagCborObjectHex =
    "a86161016162830102036174f56261616178636269671bffffffffffffffff636e656724636e696cf6656279746573"
    "43010203";

}  // namespace

// Known answers: reference/oracles.md §7 (multiformats@14 / @ipld/dag-cbor).
TEST_CASE("CID strings match the JS IPLD stack", "[cbor][cid]") {
  const Bytes hello = to_bytes("hello");
  cid::Cid raw_sha{cid::kCodecRaw, cid::kMhSha256, sha256(hello)};
  CHECK(hex_encode(raw_sha.digest) ==
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  CHECK(raw_sha.to_string() == "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
  CHECK(hex_encode(raw_sha.to_bytes()) ==
        "015512202cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");

  REQUIRE(sodium_init() >= 0);
  cid::Cid raw_blake{cid::kCodecRaw, cid::kMhBlake2b256, blake2b256(hello)};
  CHECK(raw_blake.to_string() == "bafk2bzaceaze3tycpxkkgcutfrcb6ns2exugwfz556slrzmjjasti4nydnzm6");

  cid::Cid empty_identity{cid::kCodecRaw, cid::kMhIdentity, {}};
  CHECK(empty_identity.to_string() == "bafkqaaa");
  CHECK(cid::Cid::parse("bafkqaaa") == empty_identity);

  const Bytes obj = hex_decode(kDagCborObjectHex);
  CHECK(cid::Cid{cid::kCodecDagCbor, cid::kMhBlake2b256, blake2b256(obj)}.to_string() ==
        "bafy2bzacedpcnniojibmusbjq4jjl7qjavcmin2tkdyzqmzixv43fhc667v3a");
  CHECK(cid::Cid{cid::kCodecDagCbor, cid::kMhSha256, sha256(obj)}.to_string() ==
        "bafyreidqn274idm3u5sliwxdh6eiwo736mbyclt5eciw2s5iakzhce6444");
  CHECK(cid::Cid{cid::kCodecDagCbor, cid::kMhBlake2b256, blake2b256(Bytes{0xa0})}.to_string() ==
        "bafy2bzacedjwujqzuzzesrqe4en3ir6lz5jdd2psxis4efuro7w4sqn5kcwwy");
}

// reference/oracles.md §7 (sealed) and §1 table row (b) (2 KiB zero piece).
TEST_CASE("Filecoin commitment CIDs", "[cbor][cid]") {
  Bytes comm_r(32, 0);
  comm_r[0] = 1;
  auto sealed = cid::commitment_sealed_cid(comm_r);
  CHECK(sealed.to_string() == "bagboea4b5abcaaiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  CHECK(hex_encode(sealed.to_bytes()) == "0182e20381e80220" + hex_encode(comm_r));
  auto parsed = cid::Cid::parse(sealed.to_string());
  CHECK(parsed.codec == cid::kCodecFilCommitmentSealed);
  CHECK(parsed.mh_code == cid::kMhPoseidonBls12381A2Fc1);
  CHECK(parsed.digest == comm_r);

  const Bytes comm_p =
      hex_decode("fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833");
  auto piece = cid::commitment_unsealed_cid(comm_p);
  CHECK(piece.to_string() == "baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy");
  CHECK(hex_encode(piece.to_bytes()) == "0181e203922020" + hex_encode(comm_p));
  CHECK(cid::Cid::from_bytes(piece.to_bytes()) == piece);

  CHECK_THROWS_AS(cid::commitment_sealed_cid(Bytes(31, 0)), InvalidInput);
  CHECK_THROWS_AS(cid::commitment_unsealed_cid(Bytes(33, 0)), InvalidInput);
}

TEST_CASE("CID in DAG-CBOR is tag 42 around 0x00 + binary CID", "[cbor][cid]") {
  cid::Cid hello{cid::kCodecRaw, cid::kMhSha256, sha256(to_bytes("hello"))};
  cbor::Writer w;
  w.write_cid(hello);
  // reference/oracles.md §7.
  CHECK(hex_encode(w.bytes()) ==
        "d82a582500015512202cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  auto v = cbor::decode(w.bytes());
  CHECK(v.is_cid());
  CHECK(v.as_cid() == hello);
  cbor::Writer again;
  cbor::encode(again, v);
  CHECK(again.bytes() == w.bytes());
}

TEST_CASE("CID binary prefix parsing, ordering and errors", "[cbor][cid]") {
  auto a = cid::commitment_sealed_cid(Bytes(32, 1));
  auto b = cid::commitment_unsealed_cid(Bytes(32, 2));
  Bytes two = a.to_bytes();
  const Bytes b_bytes = b.to_bytes();
  two.insert(two.end(), b_bytes.begin(), b_bytes.end());
  std::size_t offset = 0;
  CHECK(cid::Cid::from_bytes_prefix(two, offset) == a);
  CHECK(offset == a.to_bytes().size());
  CHECK(cid::Cid::from_bytes_prefix(two, offset) == b);
  CHECK(offset == two.size());
  CHECK_THROWS_AS(cid::Cid::from_bytes(two), InvalidInput);  // trailing bytes

  std::map<cid::Cid, int> by_cid{{a, 1}, {b, 2}};
  CHECK(by_cid.at(b) == 2);
  CHECK((b < a) != (a < b));

  CHECK_THROWS_AS(cid::Cid::from_bytes({}), InvalidInput);
  CHECK_THROWS_AS(cid::Cid::from_bytes(hex_decode("0255122000")), InvalidInput);    // version 2
  CHECK_THROWS_AS(cid::Cid::from_bytes(hex_decode("12200000")), InvalidInput);      // CIDv0
  CHECK_THROWS_AS(cid::Cid::from_bytes(hex_decode("01551220aabb")), InvalidInput);  // short
  CHECK_THROWS_AS(cid::Cid::from_bytes(hex_decode("015512")), InvalidInput);        // no length
  CHECK_THROWS_AS(cid::Cid::parse("QmWfVY9y3xjsixTgbd9AorQxH7VtMpzfx2HaWtsoUYecaX"), InvalidInput);
  CHECK_THROWS_AS(cid::Cid::parse(""), InvalidInput);
  CHECK_THROWS_AS(cid::Cid::parse("bafkrei"), InvalidInput);
  CHECK_THROWS_AS(cid::Cid::parse("b!!!"), InvalidInput);
  CHECK_THROWS_AS(cid::Cid::parse("BAFKQAAA"), InvalidInput);
}

TEST_CASE("uvarint as Go's binary.PutUvarint", "[cbor][cid]") {
  const std::vector<std::pair<std::uint64_t, std::string>> cases = {
      {0, "00"},
      {1, "01"},
      {127, "7f"},
      {128, "8001"},
      {300, "ac02"},
      {1001, "e907"},  // /storage/nextid = 1001 (reference/oracles.md §6)
      {UINT64_MAX, "ffffffffffffffffff01"},
  };
  for (const auto& [n, hex] : cases) {
    Bytes out;
    cid::put_uvarint(out, n);
    CHECK(hex_encode(out) == hex);
    std::size_t offset = 0;
    CHECK(cid::read_uvarint(out, offset) == n);
    CHECK(offset == out.size());
  }
  std::size_t offset = 0;
  CHECK_THROWS_AS(cid::read_uvarint(Bytes{}, offset), InvalidInput);
  offset = 0;
  CHECK_THROWS_AS(cid::read_uvarint(Bytes{0x80}, offset), InvalidInput);  // truncated
  offset = 0;
  CHECK_THROWS_AS(cid::read_uvarint(Bytes{0x80, 0x00}, offset), InvalidInput);  // non-minimal
  offset = 0;
  CHECK_THROWS_AS(cid::read_uvarint(hex_decode("ffffffffffffffffff02"), offset),
                  InvalidInput);  // overflows 64 bits
  offset = 0;
  CHECK_THROWS_AS(cid::read_uvarint(hex_decode("ffffffffffffffffff8001"), offset),
                  InvalidInput);  // 11 bytes
}
