#include "common/jwt/jwt.hpp"

#include <openssl/crypto.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace tessera::jwt {
namespace {

// base64url({"alg":"HS256","typ":"JWT"}), the header gbrlsnchs/jwt v3 writes.
constexpr std::string_view kHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

Bytes hmac_sha256(const Bytes& secret, std::string_view message) {
  Bytes mac(32);
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(), &len);
  mac.resize(len);
  return mac;
}

}  // namespace

std::string sign_token(const Bytes& secret, const std::vector<std::string>& allow) {
  nlohmann::json payload = {{"Allow", allow}};
  std::string signing_input = std::string(kHeader) + "." + base64url_encode(to_bytes(payload.dump()));
  return signing_input + "." + base64url_encode(hmac_sha256(secret, signing_input));
}

std::vector<std::string> verify_token(const Bytes& secret, std::string_view token) {
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    throw PermissionDenied("JWT Verification failed: malformed token");
  }
  auto signing_input = token.substr(0, second);
  Bytes signature, header, payload;
  try {
    header = base64url_decode(token.substr(0, first));
    payload = base64url_decode(token.substr(first + 1, second - first - 1));
    signature = base64url_decode(token.substr(second + 1));
  } catch (const InvalidInput&) {
    throw PermissionDenied("JWT Verification failed: malformed token");
  }
  auto expected = hmac_sha256(secret, signing_input);
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    throw PermissionDenied("JWT Verification failed: signature mismatch");
  }
  try {
    auto h = nlohmann::json::parse(to_string(header));
    if (h.value("alg", "") != "HS256") throw PermissionDenied("JWT Verification failed: algorithm must be HS256");
    auto p = nlohmann::json::parse(to_string(payload));
    std::vector<std::string> allow;
    for (const auto& perm : p.at("Allow")) allow.push_back(perm.get<std::string>());
    return allow;
  } catch (const nlohmann::json::exception&) {
    throw PermissionDenied("JWT Verification failed: malformed payload");
  }
}

std::vector<std::string> perms_up_to(std::string_view perm) {
  static const std::vector<std::string> kAll = {"read", "write", "sign", "admin"};
  for (std::size_t i = 0; i < kAll.size(); ++i) {
    if (kAll[i] == perm) return std::vector<std::string>(kAll.begin(), kAll.begin() + static_cast<std::ptrdiff_t>(i + 1));
  }
  throw InvalidInput("--perm flag has to be one of: read, write, sign, admin");
}

}  // namespace tessera::jwt
