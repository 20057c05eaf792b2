// Keystore files (names, JSON, permissions), libp2p host keys and peer IDs, JWT secrets, base58.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "common/base58.hpp"
#include "storage/repo/keystore.hpp"
#include "test/support/files.hpp"
#include "test/support/temp_dir.hpp"

using tessera::Bytes;
using tessera::repo::KeyInfo;
using tessera::repo::Keystore;

namespace {

void write_raw(const std::filesystem::path& p, const std::string& text, mode_t mode) {
  std::ofstream(p) << text;
  REQUIRE(::chmod(p.c_str(), mode) == 0);
}

// RFC 8032 section 7.1, TEST 1: secret key and public key.
const char* kRfc8032Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const char* kRfc8032Pub = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
// Peer ID of that key, computed independently with python3:
//   pub = bytes.fromhex(kRfc8032Pub); mh = bytes([0x00,0x24,0x08,0x01,0x12,0x20]) + pub
//   A = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
//   n = int.from_bytes(mh,"big"); s = ""
//   while n: n, r = divmod(n, 58); s = A[r] + s
//   print("1" * (len(mh) - len(mh.lstrip(b"\0"))) + s)
const char* kRfc8032PeerId = "12D3KooWQK1wnefoLrcVHbbnf5tLzbopUd3K3bFAoJpA7YJgL5pV";

}  // namespace

TEST_CASE("keystore file names are unpadded upper base32 of the key name", "[repo]") {
  tessera::test::TempDir dir;
  Keystore ks(dir.path());
  // Values from lotus-compat.md §1.3 (base32.RawStdEncoding of the names).
  CHECK(ks.key_path("auth-jwt-private").filename() == "MF2XI2BNNJ3XILLQOJUXMYLUMU");
  CHECK(ks.key_path("libp2p-host").filename() == "NRUWE4BSOAWWQ33TOQ");
}

TEST_CASE("keystore put/get/list/has/remove", "[repo]") {
  tessera::test::TempDir dir;
  Keystore ks(dir.path());
  CHECK(ks.list().empty());
  CHECK_FALSE(ks.has("auth-jwt-private"));
  KeyInfo jwt{"jwt-hmac-secret", Bytes{1, 2, 3, 250}};
  ks.put("auth-jwt-private", jwt);
  CHECK(ks.has("auth-jwt-private"));
  auto file = dir.path() / "MF2XI2BNNJ3XILLQOJUXMYLUMU";
  CHECK(tessera::test::read_file(file) == R"({"Type":"jwt-hmac-secret","PrivateKey":"AQID+g=="})");
  CHECK(tessera::test::file_mode(file) == 0600);
  CHECK(ks.get("auth-jwt-private") == jwt);
  CHECK_THROWS_AS(ks.put("auth-jwt-private", KeyInfo{"x", {}}), tessera::Conflict);
  CHECK(ks.get("auth-jwt-private") == jwt);  // not overwritten

  ks.put("libp2p-host", KeyInfo{"libp2p-host", Bytes{9}});
  CHECK(ks.list() == std::vector<std::string>{"auth-jwt-private", "libp2p-host"});
  ks.remove("libp2p-host");
  CHECK_FALSE(ks.has("libp2p-host"));
  CHECK_THROWS_AS(ks.remove("libp2p-host"), tessera::NotFound);
  CHECK_THROWS_AS(ks.get("libp2p-host"), tessera::NotFound);
  CHECK(ks.list() == std::vector<std::string>{"auth-jwt-private"});
}

TEST_CASE("keystore refuses files readable by group or others", "[repo]") {
  tessera::test::TempDir dir;
  Keystore ks(dir.path());
  ks.put("auth-jwt-private", KeyInfo{"jwt-hmac-secret", Bytes(32, 7)});
  ks.put("libp2p-host", KeyInfo{"libp2p-host", Bytes{1}});
  auto file = dir.path() / "NRUWE4BSOAWWQ33TOQ";
  REQUIRE(::chmod(file.c_str(), 0644) == 0);
  try {
    ks.list();
    FAIL("list accepted a 0644 key");
  } catch (const tessera::PermissionDenied& e) {
    std::string msg = e.what();
    CHECK(msg.find("permissions of key: 'NRUWE4BSOAWWQ33TOQ' are too relaxed, required: 0600, "
                   "got: 0644") != std::string::npos);
    CHECK(msg.find(file.string()) != std::string::npos);
  }
  try {
    ks.get("libp2p-host");
    FAIL("get accepted a 0644 key");
  } catch (const tessera::PermissionDenied& e) {
    CHECK(std::string(e.what()).find("'libp2p-host'") != std::string::npos);
    CHECK(std::string(e.what()).find("0644") != std::string::npos);
  }
  // A relaxed file also stops get() of other keys only via list(); get() checks its own file.
  CHECK(ks.get("auth-jwt-private").private_key.size() == 32);
  REQUIRE(::chmod(file.c_str(), 0640) == 0);
  CHECK_THROWS_AS(ks.list(), tessera::PermissionDenied);
  REQUIRE(::chmod(file.c_str(), 0400) == 0);
  CHECK(ks.list().size() == 2);
}

TEST_CASE("keystore reads legacy integer key types and rejects bad content", "[repo]") {
  tessera::test::TempDir dir;
  Keystore ks(dir.path());
  write_raw(ks.key_path("a"), R"({"Type":1,"PrivateKey":"AAE="})", 0600);
  write_raw(ks.key_path("b"), R"({"type":2,"privatekey":"AAE="})", 0600);
  write_raw(ks.key_path("c"), R"({"Type":3,"PrivateKey":null})", 0600);
  CHECK(ks.get("a") == KeyInfo{"secp256k1", Bytes{0, 1}});
  CHECK(ks.get("b") == KeyInfo{"bls", Bytes{0, 1}});
  CHECK(ks.get("c") == KeyInfo{"delegated", Bytes{}});
  write_raw(ks.key_path("d"), R"({"Type":7,"PrivateKey":"AAE="})", 0600);
  CHECK_THROWS_AS(ks.get("d"), tessera::InvalidInput);
  write_raw(ks.key_path("e"), R"({"Type":"bls","PrivateKey":"not base64!"})", 0600);
  CHECK_THROWS_AS(ks.get("e"), tessera::InvalidInput);
  write_raw(ks.key_path("f"), "{not json", 0600);
  CHECK_THROWS_AS(ks.get("f"), tessera::InvalidInput);
  write_raw(ks.key_path("g"), R"({"Type":true})", 0600);
  CHECK_THROWS_AS(ks.get("g"), tessera::InvalidInput);
  // A file name that is not base32 makes list() fail, as in lotus.
  write_raw(dir.path() / "not-base32!", "{}", 0600);
  CHECK_THROWS_AS(ks.list(), tessera::InvalidInput);
}

TEST_CASE("libp2p host key layout and peer ID (RFC 8032 test 1)", "[repo]") {
  Bytes seed = tessera::hex_decode(kRfc8032Seed);
  KeyInfo key = tessera::repo::libp2p_host_key_from_seed(seed);
  CHECK(key.type == "libp2p-host");
  Bytes expected = {0x08, 0x01, 0x12, 0x40};
  expected.insert(expected.end(), seed.begin(), seed.end());
  Bytes pub = tessera::hex_decode(kRfc8032Pub);
  expected.insert(expected.end(), pub.begin(), pub.end());
  CHECK(key.private_key == expected);
  CHECK(tessera::repo::libp2p_public_key(key) == pub);
  CHECK(tessera::repo::peer_id_from_libp2p_key(key) == kRfc8032PeerId);
  // What lotus stores in the keystore file for this key (base64 of the protobuf).
  CHECK(
      tessera::repo::key_info_to_json(key) ==
      R"({"Type":"libp2p-host","PrivateKey":"CAESQJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="})");

  KeyInfo a = tessera::repo::generate_libp2p_host_key();
  KeyInfo b = tessera::repo::generate_libp2p_host_key();
  CHECK(a.private_key.size() == 68);
  CHECK(a.private_key != b.private_key);
  // The stored public key half is the one derived from the seed half.
  Bytes a_seed(a.private_key.begin() + 4, a.private_key.begin() + 36);
  CHECK(tessera::repo::libp2p_host_key_from_seed(a_seed) == a);
  std::string id = tessera::repo::peer_id_from_libp2p_key(a);
  CHECK(id.rfind("12D3KooW", 0) == 0);
  CHECK(id.size() == 52);

  CHECK_THROWS_AS(tessera::repo::peer_id_from_libp2p_key(KeyInfo{"libp2p-host", Bytes(68, 0)}),
                  tessera::InvalidInput);
  CHECK_THROWS_AS(tessera::repo::peer_id_from_libp2p_key(KeyInfo{"libp2p-host", Bytes{8, 1}}),
                  tessera::InvalidInput);
  CHECK_THROWS_AS(tessera::repo::libp2p_host_key_from_seed(Bytes(31, 1)), tessera::InvalidInput);
}

TEST_CASE("JWT secret is 32 random bytes", "[repo]") {
  KeyInfo a = tessera::repo::generate_jwt_secret();
  KeyInfo b = tessera::repo::generate_jwt_secret();
  CHECK(a.type == "jwt-hmac-secret");
  CHECK(a.private_key.size() == 32);
  CHECK(a.private_key != b.private_key);
}

TEST_CASE("base58btc encodes and decodes", "[repo]") {
  using tessera::base58btc_decode;
  using tessera::base58btc_encode;
  // Vectors from the IETF base58 draft (draft-msporny-base58), rechecked with python3.
  CHECK(base58btc_encode(tessera::to_bytes("Hello World!")) == "2NEpo7TZRRrLZSi2U");
  CHECK(base58btc_encode(tessera::hex_decode("0000287fb4cd")) == "11233QC4");
  CHECK(base58btc_encode(Bytes{}) == "");
  CHECK(base58btc_decode("11233QC4") == tessera::hex_decode("0000287fb4cd"));
  CHECK(base58btc_decode("2NEpo7TZRRrLZSi2U") == tessera::to_bytes("Hello World!"));
  CHECK(base58btc_decode(kRfc8032PeerId).size() == 38);
  CHECK_THROWS_AS(base58btc_decode("0OIl"), tessera::InvalidInput);
}
