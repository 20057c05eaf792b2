// DAG-CBOR as Filecoin uses it: a streaming writer with minimal-length heads, and a decoder to a
// value tree with CIDs (tag 42). Decoding never trusts a length before checking the input holds
// it, bounds nesting depth, and throws InvalidInput on anything malformed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/cid/cid.hpp"
#include "common/encoding.hpp"

namespace tessera::cbor {

// Streaming DAG-CBOR encoder; every head uses the shortest form. Maps are written in the order the
// caller gives (use canonical_key_order for DAG-CBOR canonical maps).
class Writer {
 public:
  void write_uint(std::uint64_t v);
  void write_int(std::int64_t v);
  // The negative integer -1 - n (CBOR major type 1 with argument n).
  void write_negative(std::uint64_t n);
  void write_bytes(const Bytes& b) { write_bytes(b.data(), b.size()); }
  void write_bytes(const std::uint8_t* data, std::size_t size);
  void write_bytes(std::span<const std::uint8_t> b) { write_bytes(b.data(), b.size()); }
  void write_text(std::string_view s);
  void write_array_header(std::uint64_t n);
  void write_map_header(std::uint64_t n);
  void write_bool(bool v);
  void write_null();
  // Tag 42 around a byte string of 0x00 followed by the binary CID.
  void write_cid(const cid::Cid& c);
  // 0x9f; close with write_break().
  void write_indefinite_array_start();
  void write_break();
  // Appends already-encoded CBOR as is.
  void write_raw(const Bytes& b) { out_.insert(out_.end(), b.begin(), b.end()); }
  const Bytes& bytes() const { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  void head(std::uint8_t major, std::uint64_t value);
  Bytes out_;
};

class Value;
using Array = std::vector<Value>;
using Map = std::vector<std::pair<Value, Value>>;  // wire order kept

// One decoded CBOR item. Copies are cheap (payloads are shared and immutable).
class Value {
 public:
  enum class Kind { kUnsigned, kNegative, kBytes, kText, kArray, kMap, kBool, kNull, kCid, kFloat };

  Value() : kind_(Kind::kNull) {}
  static Value uint(std::uint64_t v);
  static Value negative(std::uint64_t n);  // the value -1 - n
  static Value bytes(Bytes b);
  static Value text(std::string s);
  static Value array(Array a);
  static Value map(Map m);
  static Value boolean(bool b);
  static Value null() { return Value(); }
  static Value cid(cid::Cid c);
  static Value float64(double d);

  Kind kind() const { return kind_; }
  bool is_uint() const { return kind_ == Kind::kUnsigned; }
  bool is_negative() const { return kind_ == Kind::kNegative; }
  // Unsigned or negative.
  bool is_int() const { return kind_ == Kind::kUnsigned || kind_ == Kind::kNegative; }
  bool is_bytes() const { return kind_ == Kind::kBytes; }
  bool is_text() const { return kind_ == Kind::kText; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_map() const { return kind_ == Kind::kMap; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_cid() const { return kind_ == Kind::kCid; }
  bool is_float() const { return kind_ == Kind::kFloat; }
  // Typed accessors; a kind mismatch throws InvalidInput naming both kinds.
  std::uint64_t as_uint() const;
  std::int64_t as_int() const;  // unsigned or negative, range-checked
  const Bytes& as_bytes() const;
  const std::string& as_text() const;
  const Array& as_array() const;
  const Map& as_map() const;
  bool as_bool() const;
  const cid::Cid& as_cid() const;
  double as_float() const;
  // Value under a text key of a map (first match), or nullptr; throws InvalidInput if not a map.
  const Value* find(std::string_view key) const;
  // Deep structural equality (floats compared bit for bit).
  bool operator==(const Value& other) const;

 private:
  Kind kind_;
  std::uint64_t number_ = 0;
  double float_ = 0;
  std::shared_ptr<const std::variant<Bytes, std::string, Array, Map, cid::Cid>> payload_;
  friend void encode(Writer&, const Value&);
};

// Name of a kind, for error messages.
std::string_view kind_name(Value::Kind kind);

// Decodes exactly one item from bytes; trailing bytes are an error.
Value decode(const Bytes& bytes);
// Decodes one item starting at offset and advances offset past it.
Value decode_prefix(const Bytes& bytes, std::size_t& offset);
// Writes value (definite lengths, maps in stored order).
void encode(Writer& writer, const Value& value);

// Keys sorted in DAG-CBOR canonical order: shorter first, then bytewise.
std::vector<std::string> canonical_key_order(std::vector<std::string> keys);

}  // namespace tessera::cbor
