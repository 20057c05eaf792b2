#include "common/json_fields.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/encoding.hpp"
#include "common/error.hpp"

namespace tessera::json_fields {
namespace {

[[noreturn]] void fail(const std::string& where, const std::string& why) {
  throw InvalidInput(where + ": " + why);
}

}  // namespace

const nlohmann::json& exact_object(const nlohmann::json& j, const std::string& where,
                                   std::initializer_list<const char*> keys) {
  if (!j.is_object()) fail(where, "expected an object");
  for (const char* key : keys) {
    if (!j.contains(key)) fail(where, std::string("missing field \"") + key + "\"");
  }
  for (const auto& [key, value] : j.items()) {
    if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return key == k; })) {
      fail(where, "unexpected field \"" + key + "\"");
    }
  }
  return j;
}

const nlohmann::json& field(const nlohmann::json& j, const std::string& where, const char* name) {
  if (!j.is_object()) fail(where, "expected an object");
  auto it = j.find(name);
  if (it == j.end()) fail(where, std::string("missing field \"") + name + "\"");
  return *it;
}

std::string text(const nlohmann::json& j, const std::string& where) {
  if (!j.is_string()) fail(where, "expected a string");
  return j.get<std::string>();
}

const nlohmann::json& array(const nlohmann::json& j, const std::string& where) {
  if (!j.is_array()) fail(where, "expected an array");
  return j;
}

std::uint64_t u64(const nlohmann::json& j, const std::string& where) {
  // A non-negative value built from a signed integer is stored as number_integer.
  if (j.is_number_unsigned()) return j.get<std::uint64_t>();
  if (j.is_number_integer() && j.get<std::int64_t>() >= 0)
    return static_cast<std::uint64_t>(j.get<std::int64_t>());
  fail(where, "expected a non-negative integer");
}

std::int64_t i64(const nlohmann::json& j, const std::string& where) {
  if (j.is_number_integer() && !j.is_number_unsigned()) return j.get<std::int64_t>();
  if (j.is_number_unsigned() && j.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(j.get<std::uint64_t>());
  }
  fail(where, "expected a 64-bit integer");
}

Digest32 digest(const nlohmann::json& j, const std::string& where) {
  if (!j.is_string()) fail(where, "expected a hex string");
  const auto& text = j.get_ref<const std::string&>();
  if (text.size() != 64) {
    fail(where, "expected 64 hex digits, got " + std::to_string(text.size()) + " characters");
  }
  Bytes bytes;
  try {
    bytes = hex_decode(text);
  } catch (const InvalidInput&) {
    fail(where, "not a hex string");
  }
  Digest32 d;
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

std::string hex(const Digest32& d) {
  return hex_encode(Bytes(d.begin(), d.end()));
}

}  // namespace tessera::json_fields
