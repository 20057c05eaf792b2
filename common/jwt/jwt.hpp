// API tokens as lotus issues them: HS256 JWTs with header {"alg":"HS256","typ":"JWT"} and
// payload {"Allow":[perms...]}, signed with the repo's auth-jwt-private secret.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/encoding.hpp"

namespace tessera::jwt {

inline constexpr std::string_view kRead = "read";
inline constexpr std::string_view kWrite = "write";
inline constexpr std::string_view kSign = "sign";
inline constexpr std::string_view kAdmin = "admin";

// A token allowing exactly the given permissions.
std::string sign_token(const Bytes& secret, const std::vector<std::string>& allow);

// The permissions of a token signed with secret. Throws PermissionDenied when the token is
// malformed, uses another algorithm, or its signature does not match.
std::vector<std::string> verify_token(const Bytes& secret, std::string_view token);

// The cumulative permissions up to perm ("sign" -> read, write, sign), as `auth create-token`
// issues them. Throws InvalidInput for an unknown permission.
std::vector<std::string> perms_up_to(std::string_view perm);

}  // namespace tessera::jwt
