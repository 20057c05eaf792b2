#include "cli/size_format.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "cli/command.hpp"

namespace tessera::cli {

std::uint64_t parse_byte_size(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
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
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 6) {
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

std::string go_duration_string(std::chrono::nanoseconds d) {
  auto ns = d.count();
  char buf[64];
  if (ns < 1000) {
    std::snprintf(buf, sizeof buf, "%lldns", static_cast<long long>(ns));
  } else if (ns < 1000000) {
    std::snprintf(buf, sizeof buf, "%.9gµs", static_cast<double>(ns) / 1e3);
  } else if (ns < 1000000000) {
    std::snprintf(buf, sizeof buf, "%.9gms", static_cast<double>(ns) / 1e6);
  } else {
    long long total_s = ns / 1000000000;
    double frac = static_cast<double>(ns % 1000000000) / 1e9;
    long long h = total_s / 3600, m = (total_s / 60) % 60;
    double s = static_cast<double>(total_s % 60) + frac;
    if (h) {
      std::snprintf(buf, sizeof buf, "%lldh%lldm%.9gs", h, m, s);
    } else if (m) {
      std::snprintf(buf, sizeof buf, "%lldm%.9gs", m, s);
    } else {
      std::snprintf(buf, sizeof buf, "%.9gs", s);
    }
  }
  return buf;
}

}  // namespace tessera::cli
