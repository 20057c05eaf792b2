#include "chain/types/big_int.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <cctype>

#include "common/error.hpp"

namespace tessera::chain {

using boost::multiprecision::cpp_int;

// Conversions between the compact form kept in BigInt and cpp_int for arithmetic.
struct BigIntAccess {
  static cpp_int to_cpp(const BigInt& v) {
    cpp_int out;
    if (!v.magnitude_.empty()) import_bits(out, v.magnitude_.begin(), v.magnitude_.end(), 8, true);
    return v.negative_ ? cpp_int(-out) : out;
  }
  static BigInt from_cpp(const cpp_int& v) {
    BigInt out;
    if (v == 0) return out;
    out.negative_ = v < 0;
    export_bits(cpp_int(abs(v)), std::back_inserter(out.magnitude_), 8, true);
    return out;
  }
};

namespace {

cpp_int as_cpp(const BigInt& v) {
  return BigIntAccess::to_cpp(v);
}
BigInt from_cpp(const cpp_int& v) {
  return BigIntAccess::from_cpp(v);
}

}  // namespace

BigInt BigInt::from_int(std::int64_t v) {
  return from_cpp(cpp_int(v));
}
BigInt BigInt::from_uint(std::uint64_t v) {
  return from_cpp(cpp_int(v));
}

BigInt BigInt::parse(std::string_view decimal) {
  std::string_view digits = decimal;
  const bool negative = !digits.empty() && digits.front() == '-';
  if (negative) digits.remove_prefix(1);
  if (digits.empty() ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    throw InvalidInput("invalid integer '" + std::string(decimal) + "'");
  }
  // cpp_int reads a leading 0 as octal: strip leading zeros (keeping one digit).
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  const cpp_int v{std::string(digits)};
  return from_cpp(negative ? cpp_int(-v) : v);
}

BigInt BigInt::from_bytes(const Bytes& bytes) {
  BigInt out;
  if (bytes.empty()) return out;
  if (bytes[0] > 1) throw InvalidInput("big integer: bad sign byte " + std::to_string(bytes[0]));
  if (bytes.size() == 1) throw InvalidInput("big integer: sign byte without magnitude");
  if (bytes[1] == 0) throw InvalidInput("big integer: leading zero byte");
  out.negative_ = bytes[0] == 1;
  out.magnitude_.assign(bytes.begin() + 1, bytes.end());
  return out;
}

std::string BigInt::to_string() const {
  return as_cpp(*this).str();
}

Bytes BigInt::to_bytes() const {
  if (is_zero()) return {};
  return prefixed(negative_ ? 1 : 0, magnitude_);
}

BigInt BigInt::operator+(const BigInt& o) const {
  return from_cpp(as_cpp(*this) + as_cpp(o));
}
BigInt BigInt::operator-(const BigInt& o) const {
  return from_cpp(as_cpp(*this) - as_cpp(o));
}
BigInt BigInt::operator*(const BigInt& o) const {
  return from_cpp(as_cpp(*this) * as_cpp(o));
}

BigInt BigInt::operator/(const BigInt& o) const {
  if (o.is_zero()) throw InvalidInput("division by zero");
  return from_cpp(as_cpp(*this) / as_cpp(o));
}

std::strong_ordering BigInt::operator<=>(const BigInt& o) const {
  const int c = as_cpp(*this).compare(as_cpp(o));
  return c < 0   ? std::strong_ordering::less
         : c > 0 ? std::strong_ordering::greater
                 : std::strong_ordering::equal;
}

BigInt fil_precision() {
  return from_cpp(cpp_int("1000000000000000000"));
}

std::string format_fil(const TokenAmount& atto) {
  const cpp_int v = as_cpp(atto);
  if (v == 0) return "0 FIL";
  const cpp_int magnitude = abs(v);
  const cpp_int precision("1000000000000000000");
  std::string fraction = cpp_int(magnitude % precision).str();
  fraction.insert(0, 18 - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  std::string out = (v < 0 ? "-" : "") + cpp_int(magnitude / precision).str();
  if (!fraction.empty()) out += "." + fraction;
  return out + " FIL";
}

std::string format_fil_short(const TokenAmount& atto) {
  const cpp_int v = as_cpp(atto);
  const cpp_int magnitude = abs(v);
  static const char* const kPrefixes[] = {"a", "f", "p", "n", "\u03bc", "m"};
  cpp_int unit = 1;
  std::string prefix;
  for (const char* p : kPrefixes) {
    if (magnitude < unit * 1000) {
      prefix = p;
      break;
    }
    unit *= 1000;
  }
  // Three decimals, the last rounded half away from zero (big.Rat FloatString(3)).
  cpp_int thousandths = (magnitude * 1000) / unit;
  if ((magnitude * 1000 - thousandths * unit) * 2 >= unit) ++thousandths;
  if (thousandths == 0) return "0";
  std::string fraction = cpp_int(thousandths % 1000).str();
  fraction.insert(0, 3 - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  std::string out = (v < 0 ? "-" : "") + cpp_int(thousandths / 1000).str();
  if (!fraction.empty()) out += "." + fraction;
  return out + " " + prefix + "FIL";
}

TokenAmount parse_fil(std::string_view text) {
  std::string s(text);
  auto space = s.find(' ');
  std::string number = s.substr(0, space),
              unit = space == std::string::npos ? "fil" : s.substr(space + 1);
  std::transform(unit.begin(), unit.end(), unit.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  int exponent;  // power of ten of one unit in attoFIL
  if (unit == "fil" || unit.empty())
    exponent = 18;
  else if (unit == "millifil" || unit == "mfil")
    exponent = 15;
  else if (unit == "microfil" || unit == "μfil" || unit == "ufil")
    exponent = 12;
  else if (unit == "nanofil" || unit == "nfil")
    exponent = 9;
  else if (unit == "picofil" || unit == "pfil")
    exponent = 6;
  else if (unit == "femtofil" || unit == "ffil")
    exponent = 3;
  else if (unit == "attofil" || unit == "afil")
    exponent = 0;
  else
    throw InvalidInput("unrecognized FIL unit '" + unit + "'");
  const bool negative = !number.empty() && number[0] == '-';
  if (negative) number.erase(0, 1);
  const auto dot = number.find('.');
  std::string whole = number.substr(0, dot),
              fraction = dot == std::string::npos ? "" : number.substr(dot + 1);
  if (whole.empty() && fraction.empty())
    throw InvalidInput("invalid FIL amount '" + std::string(text) + "'");
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (static_cast<int>(fraction.size()) > exponent) {
    throw InvalidInput("invalid FIL amount '" + std::string(text) +
                       "': more precision than an attoFIL");
  }
  const std::string digits =
      (whole.empty() ? "0" : whole) + fraction + std::string(exponent - fraction.size(), '0');
  auto value = BigInt::parse(digits);
  return negative ? BigInt() - value : value;
}

}  // namespace tessera::chain
