// How each parameter and result type of a typed API method (common/api/method.hpp) becomes JSON
// and back: Codec<T>::encode(value) and Codec<T>::decode(json), which throws InvalidInput naming
// what was wrong. Scalars, strings, lists, maps and optionals are here; a domain type gets its
// codec next to its API declaration with TESSERA_API_CODEC.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::api {

template <class T>
struct Codec;

// A JSON value passed through as is (for results whose shape the caller reads itself).
template <>
struct Codec<nlohmann::json> {
  static nlohmann::json encode(const nlohmann::json& v) { return v; }
  static nlohmann::json decode(const nlohmann::json& j) { return j; }
};

template <>
struct Codec<bool> {
  static nlohmann::json encode(bool v) { return v; }
  static bool decode(const nlohmann::json& j) {
    if (!j.is_boolean()) throw InvalidInput("expected a boolean, got " + j.dump());
    return j.get<bool>();
  }
};

template <>
struct Codec<std::uint64_t> {
  static nlohmann::json encode(std::uint64_t v) { return v; }
  static std::uint64_t decode(const nlohmann::json& j) { return json_fields::u64(j, "value"); }
};

template <>
struct Codec<std::int64_t> {
  static nlohmann::json encode(std::int64_t v) { return v; }
  static std::int64_t decode(const nlohmann::json& j) { return json_fields::i64(j, "value"); }
};

template <>
struct Codec<std::uint32_t> {
  static nlohmann::json encode(std::uint32_t v) { return v; }
  static std::uint32_t decode(const nlohmann::json& j) {
    const auto v = json_fields::u64(j, "value");
    if (v > UINT32_MAX) throw InvalidInput("value " + std::to_string(v) + " exceeds 32 bits");
    return static_cast<std::uint32_t>(v);
  }
};

// Go's float64: a JSON number.
template <>
struct Codec<double> {
  static nlohmann::json encode(double v) { return v; }
  static double decode(const nlohmann::json& j) {
    if (!j.is_number()) throw InvalidInput("expected a number, got " + j.dump());
    return j.get<double>();
  }
};

template <>
struct Codec<std::string> {
  static nlohmann::json encode(const std::string& v) { return v; }
  static std::string decode(const nlohmann::json& j) { return json_fields::text(j, "value"); }
};

// Go's []byte: base64 text.
template <>
struct Codec<Bytes> {
  static nlohmann::json encode(const Bytes& v) { return base64_encode(v); }
  static Bytes decode(const nlohmann::json& j) {
    return base64_decode(json_fields::text(j, "bytes"));
  }
};

template <class T>
struct Codec<std::vector<T>> {
  static nlohmann::json encode(const std::vector<T>& v) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : v) out.push_back(Codec<T>::encode(item));
    return out;
  }
  // A Go nil slice arrives as null: an empty list.
  static std::vector<T> decode(const nlohmann::json& j) {
    std::vector<T> out;
    if (j.is_null()) return out;
    for (const auto& item : json_fields::array(j, "list")) out.push_back(Codec<T>::decode(item));
    return out;
  }
};

template <class T>
struct Codec<std::map<std::string, T>> {
  static nlohmann::json encode(const std::map<std::string, T>& v) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : v) out[key] = Codec<T>::encode(item);
    return out;
  }
  // A Go nil map arrives as null: an empty map.
  static std::map<std::string, T> decode(const nlohmann::json& j) {
    std::map<std::string, T> out;
    if (j.is_null()) return out;
    if (!j.is_object()) throw InvalidInput("expected an object, got " + j.dump());
    for (const auto& [key, item] : j.items()) out.emplace(key, Codec<T>::decode(item));
    return out;
  }
};

// null stands for an absent value (a Go nil pointer).
template <class T>
struct Codec<std::optional<T>> {
  static nlohmann::json encode(const std::optional<T>& v) {
    return v ? Codec<T>::encode(*v) : nlohmann::json();
  }
  static std::optional<T> decode(const nlohmann::json& j) {
    if (j.is_null()) return std::nullopt;
    return Codec<T>::decode(j);
  }
};

}  // namespace tessera::api

// Declares the codec of Type from two functions: json encode(const Type&) and Type decode(json).
// Use at global scope, next to the API declarations that carry Type.
#define TESSERA_API_CODEC(Type, encode_fn, decode_fn)                    \
  template <>                                                            \
  struct tessera::api::Codec<Type> {                                     \
    static nlohmann::json encode(const Type& v) { return encode_fn(v); } \
    static Type decode(const nlohmann::json& j) { return decode_fn(j); } \
  }
