// Strict reading of JSON: tessera's own records (objects with an exact set of fields) and
// lotus's replies (named members), typed values and 32-byte digests as hex. Every failure is an
// InvalidInput "<where>: <why>", where names the field (e.g. "partitions[0].leaf").
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace tessera::json_fields {

using Digest32 = std::array<std::uint8_t, 32>;

// j itself, after checking that it is an object holding exactly the given fields.
const nlohmann::json& exact_object(const nlohmann::json& j, const std::string& where,
                                   std::initializer_list<const char*> keys);
// The member name of object j (other members are allowed, as in lotus's JSON).
const nlohmann::json& field(const nlohmann::json& j, const std::string& where, const char* name);
// A string.
std::string text(const nlohmann::json& j, const std::string& where);
// j itself, after checking that it is an array.
const nlohmann::json& array(const nlohmann::json& j, const std::string& where);
// A non-negative integer.
std::uint64_t u64(const nlohmann::json& j, const std::string& where);
// Any integer that fits in 64 bits.
std::int64_t i64(const nlohmann::json& j, const std::string& where);
// A string of exactly 64 hex digits.
Digest32 digest(const nlohmann::json& j, const std::string& where);

// Lower-case hex of a digest, as digest() reads it.
std::string hex(const Digest32& d);

}  // namespace tessera::json_fields
