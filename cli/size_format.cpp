#include "cli/size_format.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "cli/command.hpp"

namespace tessera::cli {

std::uint64_t parse_byte_size(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  if (i == 0) throw UsageError("invalid size \"" + std::string(text) + "\"");
  double amount = std::stod(std::string(text.substr(0, i)));
  std::string unit;
  for (char c : text.substr(i)) {
    if (c != ' ') unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (!unit.empty() && unit.back() == 'b') unit.pop_back();
  if (!unit.empty() && unit.back() == 'i') unit.pop_back();
  static const std::string kUnits = "kmgtp";
  double scale = 1;
  if (!unit.empty()) {
    auto pos = kUnits.find(unit);
    if (unit.size() != 1 || pos == std::string::npos) {
      throw UsageError("invalid size unit in \"" + std::string(text) + "\"");
    }
    scale = std::pow(1024.0, static_cast<double>(pos + 1));
  }
  return static_cast<std::uint64_t>(amount * scale);
}

std::string size_str(double bytes) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 7) {
    bytes /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g %s", bytes, kUnits[unit]);
  return buf;
}

std::string deci_str(double value) {
  if (value == 0) return "0 B";
  static const char* kUnits[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi"};
  int unit = 0;
  while (value >= 1024 && unit < 7) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g %s", value, kUnits[unit]);
  return buf;
}

std::string bytes_per_second(double bytes, std::chrono::nanoseconds elapsed) {
  double seconds = std::max(1e-9, std::chrono::duration<double>(elapsed).count());
  return size_str(bytes / seconds) + "/s";
}

namespace {

// value / 10^digits with the fraction's trailing zeros trimmed (Go's fmtFrac + fmtInt).
std::string decimal(std::uint64_t value, int digits) {
  std::uint64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  std::string fraction = std::to_string(value % scale);
  fraction.insert(0, static_cast<std::size_t>(digits) - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  return std::to_string(value / scale) + (fraction.empty() ? "" : "." + fraction);
}

}  // namespace

std::string go_duration_string(std::chrono::nanoseconds d) {
  const long long ns = d.count();
  if (ns == 0) return "0s";
  const std::string sign = ns < 0 ? "-" : "";
  const std::uint64_t u =
      ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  if (u < 1000) return sign + std::to_string(u) + "ns";
  if (u < 1000000) return sign + decimal(u, 3) + "\u00b5s";
  if (u < 1000000000) return sign + decimal(u, 6) + "ms";
  const std::uint64_t seconds = u / 1000000000, minutes = seconds / 60, hours = minutes / 60;
  const std::string s = decimal(u % 60000000000, 9) + "s";
  if (hours > 0) return sign + std::to_string(hours) + "h" + std::to_string(minutes % 60) + "m" + s;
  if (minutes > 0) return sign + std::to_string(minutes) + "m" + s;
  return sign + s;
}

}  // namespace tessera::cli
