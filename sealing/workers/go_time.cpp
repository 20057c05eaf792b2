#include "sealing/workers/go_time.hpp"

#include <cstdint>
#include <cstdio>

#include "common/error.hpp"

namespace tessera::workers {
namespace {

using namespace std::chrono;

constexpr std::int64_t kGoZeroTimeSeconds = -62135596800;  // 0001-01-01T00:00:00Z
// The largest whole-second count a nanosecond time point holds (INT64_MAX ns ~ 292 years).
constexpr std::int64_t kMaxSeconds = INT64_MAX / 1'000'000'000 - 1;

[[noreturn]] void fail(const std::string& where, std::string_view text, const std::string& why) {
  throw InvalidInput(where + ": \"" + std::string(text) + "\" is not an RFC 3339 time (" + why +
                     ")");
}

// Reads n decimal digits at text[pos].
int digits(std::string_view text, std::size_t pos, std::size_t n, const std::string& where) {
  if (pos + n > text.size()) fail(where, text, "too short");
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') fail(where, text, "expected a digit");
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

void expect(std::string_view text, std::size_t pos, char c, const std::string& where) {
  if (pos >= text.size() || text[pos] != c) {
    fail(where, text, std::string("expected '") + c + "'");
  }
}

}  // namespace

std::string format_go_time(const std::optional<TimePoint>& time) {
  if (!time) return "0001-01-01T00:00:00Z";
  const auto secs = floor<seconds>(*time);
  const auto nanos = (*time - secs).count();
  const auto day_start = floor<days>(secs);
  const year_month_day ymd{day_start};
  const hh_mm_ss<seconds> hms{secs - day_start};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  std::string out = buf;
  if (nanos != 0) {
    std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(nanos));
    std::string frac = buf;
    while (frac.back() == '0') frac.pop_back();
    out += frac;
  }
  return out + "Z";
}

std::optional<TimePoint> parse_go_time(std::string_view text, const std::string& where) {
  const int y = digits(text, 0, 4, where);
  expect(text, 4, '-', where);
  const int mo = digits(text, 5, 2, where);
  expect(text, 7, '-', where);
  const int d = digits(text, 8, 2, where);
  expect(text, 10, 'T', where);
  const int h = digits(text, 11, 2, where);
  expect(text, 13, ':', where);
  const int mi = digits(text, 14, 2, where);
  expect(text, 16, ':', where);
  const int s = digits(text, 17, 2, where);
  std::size_t pos = 19;
  std::int64_t nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t n = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (++n > 9) fail(where, text, "more than nine fraction digits");
      nanos = nanos * 10 + (text[pos++] - '0');
    }
    if (n == 0) fail(where, text, "empty fraction");
    for (; n < 9; ++n) nanos *= 10;
  }
  std::int64_t offset = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    const int oh = digits(text, pos + 1, 2, where);
    expect(text, pos + 3, ':', where);
    const int om = digits(text, pos + 4, 2, where);
    if (oh > 23 || om > 59) fail(where, text, "offset out of range");
    offset = sign * (oh * 3600 + om * 60);
    pos += 6;
  } else {
    fail(where, text, "expected 'Z' or an offset");
  }
  if (pos != text.size()) fail(where, text, "trailing characters");

  const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)),
                           day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) fail(where, text, "field out of range");
  const std::int64_t secs =
      sys_days(ymd).time_since_epoch().count() * 86400 + h * 3600 + mi * 60 + s - offset;
  if (secs == kGoZeroTimeSeconds && nanos == 0) return std::nullopt;
  if (secs > kMaxSeconds || secs < -kMaxSeconds) fail(where, text, "outside ±292 years of 1970");
  return TimePoint(nanoseconds(secs * 1'000'000'000 + nanos));
}

}  // namespace tessera::workers
