#include "common/cbor/cbor.hpp"

#include <algorithm>
#include <cstring>

#include "common/error.hpp"

namespace tessera::cbor {
namespace {

constexpr int kMaxDepth = 64;
constexpr std::uint64_t kCidTag = 42;

[[noreturn]] void malformed(const std::string& what) {
  throw InvalidInput("cbor: " + what);
}

class Reader {
 public:
  Reader(const Bytes& in, std::size_t offset) : in_(in), pos_(offset) {}
  std::size_t position() const { return pos_; }

  Value item(int depth) {
    if (depth > kMaxDepth) malformed("nesting too deep");
    std::uint8_t initial = byte();
    std::uint8_t major = initial >> 5;
    std::uint8_t info = initial & 0x1f;
    if (major == 7) return simple(info);
    if (info == 31) return indefinite(major, depth);
    std::uint64_t arg = argument(info);
    switch (major) {
      case 0:
        return Value::uint(arg);
      case 1:
        return Value::negative(arg);
      case 2:
        return Value::bytes(take(arg));
      case 3: {
        auto raw = take(arg);
        return Value::text(std::string(raw.begin(), raw.end()));
      }
      case 4: {
        check_count(arg, 1);
        Array items;
        items.reserve(arg);
        for (std::uint64_t i = 0; i < arg; ++i) items.push_back(item(depth + 1));
        return Value::array(std::move(items));
      }
      case 5: {
        check_count(arg, 2);
        Map entries;
        entries.reserve(arg);
        for (std::uint64_t i = 0; i < arg; ++i) {
          Value key = item(depth + 1);
          entries.emplace_back(std::move(key), item(depth + 1));
        }
        return Value::map(std::move(entries));
      }
      default: {  // major 6: tag
        if (arg != kCidTag) malformed("unsupported tag " + std::to_string(arg));
        Value inner = item(depth + 1);
        if (inner.kind() != Value::Kind::kBytes) malformed("CID tag must wrap a byte string");
        const Bytes& raw = inner.as_bytes();
        if (raw.empty() || raw[0] != 0x00) {
          malformed("CID bytes must start with the 0x00 multibase prefix");
        }
        return Value::cid(cid::Cid::from_bytes(Bytes(raw.begin() + 1, raw.end())));
      }
    }
  }

 private:
  std::uint8_t byte() {
    if (pos_ >= in_.size()) malformed("unexpected end of input");
    return in_[pos_++];
  }

  std::uint64_t argument(std::uint8_t info) {
    if (info < 24) return info;
    int size = info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : 0;
    if (size == 0) malformed("reserved additional information " + std::to_string(info));
    std::uint64_t v = 0;
    for (int i = 0; i < size; ++i) v = (v << 8) | byte();
    return v;
  }

  Bytes take(std::uint64_t length) {
    if (length > in_.size() - pos_) {
      malformed("length " + std::to_string(length) + " exceeds input");
    }
    Bytes out(in_.begin() + static_cast<std::ptrdiff_t>(pos_),
              in_.begin() + static_cast<std::ptrdiff_t>(pos_ + length));
    pos_ += length;
    return out;
  }

  // Every element takes at least one byte, so a count larger than the rest is malformed.
  void check_count(std::uint64_t count, std::uint64_t bytes_per_element) {
    if (count > (in_.size() - pos_) / bytes_per_element) malformed("count exceeds input");
  }

  Value simple(std::uint8_t info) {
    switch (info) {
      case 20:
        return Value::boolean(false);
      case 21:
        return Value::boolean(true);
      case 22:
        return Value::null();
      case 27: {
        std::uint64_t bits = argument(27);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return Value::float64(d);
      }
      default:
        malformed("unsupported simple value " + std::to_string(info));
    }
  }

  bool at_break() {
    if (pos_ >= in_.size()) malformed("unexpected end of input");
    if (in_[pos_] == 0xff) {
      ++pos_;
      return true;
    }
    return false;
  }

  Value indefinite(std::uint8_t major, int depth) {
    switch (major) {
      case 2:
      case 3: {
        Bytes joined;
        while (!at_break()) {
          // Chunks are definite-length strings of the same major type (RFC 8949 §3.2.3).
          const std::uint8_t head = in_[pos_];
          if ((head >> 5) != major || (head & 0x1f) == 31) {
            malformed("indefinite string chunk of the wrong type");
          }
          Value chunk = item(depth + 1);
          if (major == 2) {
            joined.insert(joined.end(), chunk.as_bytes().begin(), chunk.as_bytes().end());
          } else {
            joined.insert(joined.end(), chunk.as_text().begin(), chunk.as_text().end());
          }
        }
        return major == 2 ? Value::bytes(std::move(joined))
                          : Value::text(std::string(joined.begin(), joined.end()));
      }
      case 4: {
        Array items;
        while (!at_break()) items.push_back(item(depth + 1));
        return Value::array(std::move(items));
      }
      case 5: {
        Map entries;
        while (!at_break()) {
          Value key = item(depth + 1);
          entries.emplace_back(std::move(key), item(depth + 1));
        }
        return Value::map(std::move(entries));
      }
      default:
        malformed("indefinite length not allowed for major type " + std::to_string(major));
    }
  }

  const Bytes& in_;
  std::size_t pos_;
};

using Payload = std::variant<Bytes, std::string, Array, Map, cid::Cid>;

template <typename T>
const T& payload_as(const std::shared_ptr<const Payload>& p) {
  return std::get<T>(*p);
}

}  // namespace

std::string_view kind_name(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kUnsigned:
      return "unsigned integer";
    case Value::Kind::kNegative:
      return "negative integer";
    case Value::Kind::kBytes:
      return "byte string";
    case Value::Kind::kText:
      return "text string";
    case Value::Kind::kArray:
      return "array";
    case Value::Kind::kMap:
      return "map";
    case Value::Kind::kBool:
      return "bool";
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kCid:
      return "cid";
    case Value::Kind::kFloat:
      return "float";
  }
  return "?";
}

#define TESSERA_CBOR_EXPECT(kind_value)                                                    \
  if (kind_ != (kind_value)) {                                                             \
    throw InvalidInput("cbor: expected " + std::string(kind_name(kind_value)) + ", got " + \
                       std::string(kind_name(kind_)));                                     \
  }

Value Value::uint(std::uint64_t v) {
  Value out;
  out.kind_ = Kind::kUnsigned;
  out.number_ = v;
  return out;
}
Value Value::negative(std::uint64_t n) {
  Value out;
  out.kind_ = Kind::kNegative;
  out.number_ = n;
  return out;
}
Value Value::bytes(Bytes b) {
  Value out;
  out.kind_ = Kind::kBytes;
  out.payload_ = std::make_shared<Payload>(std::move(b));
  return out;
}
Value Value::text(std::string s) {
  Value out;
  out.kind_ = Kind::kText;
  out.payload_ = std::make_shared<Payload>(std::move(s));
  return out;
}
Value Value::array(Array a) {
  Value out;
  out.kind_ = Kind::kArray;
  out.payload_ = std::make_shared<Payload>(std::move(a));
  return out;
}
Value Value::map(Map m) {
  Value out;
  out.kind_ = Kind::kMap;
  out.payload_ = std::make_shared<Payload>(std::move(m));
  return out;
}
Value Value::boolean(bool b) {
  Value out;
  out.kind_ = Kind::kBool;
  out.number_ = b ? 1 : 0;
  return out;
}
Value Value::cid(cid::Cid c) {
  Value out;
  out.kind_ = Kind::kCid;
  out.payload_ = std::make_shared<Payload>(std::move(c));
  return out;
}
Value Value::float64(double d) {
  Value out;
  out.kind_ = Kind::kFloat;
  out.float_ = d;
  return out;
}

std::uint64_t Value::as_uint() const {
  TESSERA_CBOR_EXPECT(Kind::kUnsigned);
  return number_;
}
std::int64_t Value::as_int() const {
  if (kind_ == Kind::kUnsigned) {
    if (number_ > static_cast<std::uint64_t>(INT64_MAX)) {
      throw InvalidInput("cbor: integer out of int64 range");
    }
    return static_cast<std::int64_t>(number_);
  }
  TESSERA_CBOR_EXPECT(Kind::kNegative);
  if (number_ > static_cast<std::uint64_t>(INT64_MAX)) {
    throw InvalidInput("cbor: integer out of int64 range");
  }
  return -1 - static_cast<std::int64_t>(number_);
}
const Bytes& Value::as_bytes() const {
  TESSERA_CBOR_EXPECT(Kind::kBytes);
  return payload_as<Bytes>(payload_);
}
const std::string& Value::as_text() const {
  TESSERA_CBOR_EXPECT(Kind::kText);
  return payload_as<std::string>(payload_);
}
const Array& Value::as_array() const {
  TESSERA_CBOR_EXPECT(Kind::kArray);
  return payload_as<Array>(payload_);
}
const Map& Value::as_map() const {
  TESSERA_CBOR_EXPECT(Kind::kMap);
  return payload_as<Map>(payload_);
}
bool Value::as_bool() const {
  TESSERA_CBOR_EXPECT(Kind::kBool);
  return number_ != 0;
}
const cid::Cid& Value::as_cid() const {
  TESSERA_CBOR_EXPECT(Kind::kCid);
  return payload_as<cid::Cid>(payload_);
}

double Value::as_float() const {
  TESSERA_CBOR_EXPECT(Kind::kFloat);
  return float_;
}

bool Value::operator==(const Value& other) const {
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case Kind::kUnsigned:
    case Kind::kNegative:
    case Kind::kBool:
      return number_ == other.number_;
    case Kind::kNull:
      return true;
    case Kind::kFloat:
      return std::memcmp(&float_, &other.float_, sizeof float_) == 0;
    default:
      return payload_ == other.payload_ || *payload_ == *other.payload_;
  }
}

const Value* Value::find(std::string_view key) const {
  for (const auto& [k, v] : as_map()) {
    if (k.kind() == Kind::kText && k.as_text() == key) return &v;
  }
  return nullptr;
}

void Writer::head(std::uint8_t major, std::uint64_t value) {
  const std::uint8_t m = static_cast<std::uint8_t>(major << 5);
  if (value < 24) {
    out_.push_back(m | static_cast<std::uint8_t>(value));
    return;
  }
  int size = value <= 0xff ? 1 : value <= 0xffff ? 2 : value <= 0xffffffffULL ? 4 : 8;
  const int info = size == 1 ? 24 : size == 2 ? 25 : size == 4 ? 26 : 27;
  out_.push_back(m | static_cast<std::uint8_t>(info));
  for (int i = size - 1; i >= 0; --i) out_.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

void Writer::write_uint(std::uint64_t v) {
  head(0, v);
}
void Writer::write_int(std::int64_t v) {
  if (v >= 0) {
    head(0, static_cast<std::uint64_t>(v));
  } else {
    head(1, static_cast<std::uint64_t>(-(v + 1)));
  }
}
void Writer::write_negative(std::uint64_t n) {
  head(1, n);
}
void Writer::write_bytes(const std::uint8_t* data, std::size_t size) {
  head(2, size);
  out_.insert(out_.end(), data, data + size);
}
void Writer::write_text(std::string_view s) {
  head(3, s.size());
  out_.insert(out_.end(), s.begin(), s.end());
}
void Writer::write_array_header(std::uint64_t n) {
  head(4, n);
}
void Writer::write_map_header(std::uint64_t n) {
  head(5, n);
}
void Writer::write_bool(bool v) {
  out_.push_back(v ? 0xf5 : 0xf4);
}
void Writer::write_null() {
  out_.push_back(0xf6);
}
void Writer::write_cid(const cid::Cid& c) {
  head(6, kCidTag);
  Bytes raw{0x00};
  auto b = c.to_bytes();
  raw.insert(raw.end(), b.begin(), b.end());
  write_bytes(raw);
}
void Writer::write_indefinite_array_start() {
  out_.push_back(0x9f);
}
void Writer::write_break() {
  out_.push_back(0xff);
}

Value decode_prefix(const Bytes& bytes, std::size_t& offset) {
  Reader reader(bytes, offset);
  Value v = reader.item(0);
  offset = reader.position();
  return v;
}

Value decode(const Bytes& bytes) {
  std::size_t offset = 0;
  Value v = decode_prefix(bytes, offset);
  if (offset != bytes.size()) malformed(std::to_string(bytes.size() - offset) + " trailing bytes");
  return v;
}

void encode(Writer& writer, const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kUnsigned:
      writer.write_uint(value.number_);
      break;
    case Value::Kind::kNegative:
      writer.write_negative(value.number_);
      break;
    case Value::Kind::kBytes:
      writer.write_bytes(value.as_bytes());
      break;
    case Value::Kind::kText:
      writer.write_text(value.as_text());
      break;
    case Value::Kind::kArray:
      writer.write_array_header(value.as_array().size());
      for (const auto& item : value.as_array()) encode(writer, item);
      break;
    case Value::Kind::kMap:
      writer.write_map_header(value.as_map().size());
      for (const auto& [k, v] : value.as_map()) {
        encode(writer, k);
        encode(writer, v);
      }
      break;
    case Value::Kind::kBool:
      writer.write_bool(value.as_bool());
      break;
    case Value::Kind::kNull:
      writer.write_null();
      break;
    case Value::Kind::kCid:
      writer.write_cid(value.as_cid());
      break;
    case Value::Kind::kFloat: {
      std::uint64_t bits;
      std::memcpy(&bits, &value.float_, sizeof bits);
      Bytes b{0xfb};
      for (int i = 7; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
      writer.write_raw(b);
      break;
    }
  }
}

std::vector<std::string> canonical_key_order(std::vector<std::string> keys) {
  std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  return keys;
}

}  // namespace tessera::cbor
