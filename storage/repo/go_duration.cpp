// Go time.Duration parsing and formatting, following the algorithm of Go's time package
// (ParseDuration / Duration.String) so that values round-trip with lotus.
#include "storage/repo/go_duration.hpp"

#include <cstdint>
#include <limits>

#include "common/error.hpp"

namespace tessera::repo {
namespace {

constexpr uint64_t kNs = 1;
constexpr uint64_t kUs = 1000 * kNs;
constexpr uint64_t kMs = 1000 * kUs;
constexpr uint64_t kSec = 1000 * kMs;
constexpr uint64_t kMin = 60 * kSec;
constexpr uint64_t kHour = 60 * kMin;

[[noreturn]] void bad(std::string_view text, std::string_view why) {
  throw InvalidInput("invalid duration \"" + std::string(text) + "\": " + std::string(why));
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

uint64_t unit_of(std::string_view unit) {
  if (unit == "ns") return kNs;
  if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") return kUs;  // us, µs, μs
  if (unit == "ms") return kMs;
  if (unit == "s") return kSec;
  if (unit == "m") return kMin;
  if (unit == "h") return kHour;
  return 0;
}

// Appends the fraction v % 10^prec (trailing zeros dropped, no '.' when zero) and returns
// v / 10^prec, like Go's fmtFrac.
uint64_t frac_part(uint64_t v, int prec, std::string& frac) {
  std::string digits;
  bool print = false;
  for (int i = 0; i < prec; ++i) {
    int digit = static_cast<int>(v % 10);
    print = print || digit != 0;
    if (print) digits.insert(digits.begin(), static_cast<char>('0' + digit));
    v /= 10;
  }
  frac = print ? "." + digits : "";
  return v;
}

}  // namespace

std::chrono::nanoseconds parse_go_duration(std::string_view text) {
  std::string_view s = text;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) bad(text, "empty");
  uint64_t total = 0;
  const uint64_t limit = uint64_t{1} << 63;
  while (!s.empty()) {
    if (!(s[0] == '.' || is_digit(s[0]))) bad(text, "expected a number");
    // Integer part.
    uint64_t v = 0;
    size_t i = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      if (v > (limit - 1) / 10) bad(text, "overflow");
      v = v * 10 + static_cast<uint64_t>(s[i] - '0');
      if (v > limit - 1) bad(text, "overflow");
    }
    bool pre = i > 0;
    s.remove_prefix(i);
    // Fraction part.
    uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      size_t j = 0;
      bool overflow = false;
      for (; j < s.size() && is_digit(s[j]); ++j) {
        if (overflow) continue;
        if (f > (limit - 1) / 10) {
          overflow = true;  // ignore further digits, as Go does
          continue;
        }
        f = f * 10 + static_cast<uint64_t>(s[j] - '0');
        scale *= 10;
      }
      post = j > 0;
      s.remove_prefix(j);
    }
    if (!pre && !post) bad(text, "no digits");
    // Unit.
    size_t k = 0;
    while (k < s.size() && s[k] != '.' && !is_digit(s[k])) ++k;
    if (k == 0) bad(text, "missing unit");
    uint64_t unit = unit_of(s.substr(0, k));
    if (unit == 0) bad(text, "unknown unit \"" + std::string(s.substr(0, k)) + "\"");
    s.remove_prefix(k);
    if (v > (limit - 1) / unit) bad(text, "overflow");
    v *= unit;
    if (f > 0) {
      v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > limit - 1) bad(text, "overflow");
    }
    total += v;
    if (total > limit - 1 && !(neg && total == limit && s.empty())) bad(text, "overflow");
  }
  if (neg) {
    if (total == limit) return std::chrono::nanoseconds(std::numeric_limits<int64_t>::min());
    return std::chrono::nanoseconds(-static_cast<int64_t>(total));
  }
  return std::chrono::nanoseconds(static_cast<int64_t>(total));
}

std::string format_go_duration(std::chrono::nanoseconds d) {
  int64_t n = d.count();
  bool neg = n < 0;
  uint64_t u = neg ? uint64_t{0} - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  std::string out;
  if (u < kSec) {
    if (u == 0) return "0s";
    std::string unit;
    int prec = 0;
    if (u < kUs) {
      unit = "ns";
      prec = 0;
    } else if (u < kMs) {
      unit = "\xC2\xB5s";  // µs, as Go prints it
      prec = 3;
    } else {
      unit = "ms";
      prec = 6;
    }
    std::string frac;
    u = frac_part(u, prec, frac);
    out = std::to_string(u) + frac + unit;
  } else {
    std::string frac;
    u = frac_part(u, 9, frac);
    out = std::to_string(u % 60) + frac + "s";
    u /= 60;
    if (u > 0) {
      out = std::to_string(u % 60) + "m" + out;
      u /= 60;
      if (u > 0) out = std::to_string(u) + "h" + out;
    }
  }
  return neg ? "-" + out : out;
}

}  // namespace tessera::repo
