#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/jwt/jwt.hpp"

using namespace tessera;

namespace {

Bytes test_secret() {
  Bytes secret(32);
  for (std::size_t i = 0; i < secret.size(); ++i) secret[i] = static_cast<std::uint8_t>(i);
  return secret;
}

const std::vector<std::string> kAllPerms = {"read", "write", "sign", "admin"};

// Computed independently with Python's hmac/hashlib/base64 (HS256 over
// base64url(header) "." base64url(payload), unpadded), secret = bytes 0x00..0x1f,
// payload {"Allow":["read","write","sign","admin"]} (compact JSON).
constexpr const char* kKnownToken =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJBbGxvdyI6WyJyZWFkIiwid3JpdGUiLCJzaWduIiwiYWRtaW4iXX0."
    "5lRaUKL6YDoISGlo14xwpeeacUF8a9HmOlEQ3ukDj_o";

// Same payload under header {"alg":"none","typ":"JWT"}, with a valid HS256 signature over it
// (also computed with Python's hmac/hashlib), so only the algorithm check can reject it.
constexpr const char* kAlgNoneToken =
    "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
    "eyJBbGxvdyI6WyJyZWFkIiwid3JpdGUiLCJzaWduIiwiYWRtaW4iXX0."
    "CeGeAEkWo5AfcSYIrdYwoCA4pae2rfS3fjzCba9Y6dg";

}  // namespace

TEST_CASE("jwt sign_token matches a known answer", "[jwt]") {
  CHECK(jwt::sign_token(test_secret(), kAllPerms) == kKnownToken);
  CHECK(jwt::verify_token(test_secret(), kKnownToken) == kAllPerms);
}

TEST_CASE("jwt round trip of every permission set", "[jwt]") {
  for (const char* perm : {"read", "write", "sign", "admin"}) {
    auto perms = jwt::perms_up_to(perm);
    auto token = jwt::sign_token(test_secret(), perms);
    CHECK(jwt::verify_token(test_secret(), token) == perms);
  }
  CHECK(jwt::verify_token(test_secret(), jwt::sign_token(test_secret(), {})).empty());
}

TEST_CASE("jwt rejects a bad signature", "[jwt]") {
  std::string token = kKnownToken;
  SECTION("flipped signature character") {
    auto& c = token[token.size() - 5];
    c = c == 'A' ? 'B' : 'A';
    CHECK_THROWS_AS(jwt::verify_token(test_secret(), token), PermissionDenied);
  }
  SECTION("flipped payload character") {
    auto pos = token.find('.') + 3;
    token[pos] = token[pos] == 'A' ? 'B' : 'A';
    CHECK_THROWS_AS(jwt::verify_token(test_secret(), token), PermissionDenied);
  }
  SECTION("another secret") {
    Bytes other = test_secret();
    other[0] ^= 1;
    CHECK_THROWS_AS(jwt::verify_token(other, token), PermissionDenied);
  }
  SECTION("truncated signature") {
    token.resize(token.size() - 4);
    CHECK_THROWS_AS(jwt::verify_token(test_secret(), token), PermissionDenied);
  }
}

TEST_CASE("jwt rejects malformed tokens", "[jwt]") {
  const auto secret = test_secret();
  const std::string token = kKnownToken;
  for (const std::string& bad : {std::string(""), std::string("."), std::string(".."),
                                 std::string("abc"), std::string("a.b"), token + ".", token + ".x",
                                 std::string("!!.??.**"), token.substr(0, token.rfind('.'))}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(jwt::verify_token(secret, bad), PermissionDenied);
  }
}

TEST_CASE("jwt rejects a token with another algorithm", "[jwt]") {
  try {
    jwt::verify_token(test_secret(), kAlgNoneToken);
    FAIL("alg none accepted");
  } catch (const PermissionDenied& e) {
    CHECK(std::string(e.what()).find("HS256") != std::string::npos);
  }
}

TEST_CASE("jwt perms_up_to is cumulative", "[jwt]") {
  CHECK(jwt::perms_up_to(jwt::kRead) == std::vector<std::string>{"read"});
  CHECK(jwt::perms_up_to(jwt::kWrite) == std::vector<std::string>{"read", "write"});
  CHECK(jwt::perms_up_to(jwt::kSign) == std::vector<std::string>{"read", "write", "sign"});
  CHECK(jwt::perms_up_to(jwt::kAdmin) == kAllPerms);
  CHECK_THROWS_AS(jwt::perms_up_to("root"), InvalidInput);
  CHECK_THROWS_AS(jwt::perms_up_to(""), InvalidInput);
  CHECK_THROWS_AS(jwt::perms_up_to("Admin"), InvalidInput);
}
