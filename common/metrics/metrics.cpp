#include "common/metrics/metrics.hpp"

#include <unistd.h>

#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <vector>

namespace tessera::metrics {
namespace {

constexpr std::array<double, 11> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                             0.05,   0.1,   0.25,   1,     5};

struct Histogram {
  std::array<std::uint64_t, kBuckets.size()> counts{};
  std::uint64_t count = 0;
  double sum = 0;
};

struct Family {
  std::string help;
  bool histogram = false;
  bool gauge = false;
  std::map<std::string, double> counters;       // labels -> value (gauges too)
  std::map<std::string, Histogram> histograms;  // labels -> buckets
};

struct Registry {
  std::mutex mu;
  std::map<std::string, Family, std::less<>> families;
};

Registry& registry() {
  static Registry r;
  return r;
}

const double kStartTime = static_cast<double>(std::time(nullptr));

// The shortest text that reads back as exactly value (ostream's default 6 significant digits
// would round counters above 999999, and the start time to the nearest 10000 s).
std::string format_value(double value) {
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  return ec == std::errc() ? std::string(buf.data(), end) : std::string("NaN");
}

std::string with_label(const std::string& labels, const std::string& extra) {
  if (labels.empty()) return "{" + extra + "}";
  return "{" + labels + "," + extra + "}";
}

void render_process(std::ostringstream& out) {
  // /proc/self/stat fields 14/15 (utime/stime, ticks), 23 (vsize bytes), 24 (rss pages).
  std::ifstream stat("/proc/self/stat");
  std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close = content.rfind(')');
  std::istringstream fields(close == std::string::npos ? "" : content.substr(close + 2));
  std::vector<std::string> f;
  for (std::string s; fields >> s;) f.push_back(s);
  if (f.size() > 22) {
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    out << "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
        << "# TYPE process_cpu_seconds_total counter\n"
        << "process_cpu_seconds_total "
        << format_value((std::stod(f[11]) + std::stod(f[12])) / ticks) << "\n"
        << "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
        << "# TYPE process_virtual_memory_bytes gauge\n"
        << "process_virtual_memory_bytes " << f[20] << "\n"
        << "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
        << "# TYPE process_resident_memory_bytes gauge\n"
        << "process_resident_memory_bytes " << format_value(std::stod(f[21]) * page) << "\n";
  }
  std::size_t fds = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++fds;
  }
  out << "# HELP process_open_fds Number of open file descriptors.\n# TYPE process_open_fds gauge\n"
      << "process_open_fds " << fds << "\n"
      << "# HELP process_start_time_seconds Start time of the process since unix epoch in "
         "seconds.\n"
      << "# TYPE process_start_time_seconds gauge\n"
      << "process_start_time_seconds " << format_value(kStartTime) << "\n";
}

}  // namespace

void add_counter(std::string_view name, std::string_view help, std::string_view labels,
                 double value) {
  auto& r = registry();
  std::lock_guard lock(r.mu);
  auto& family = r.families[std::string(name)];
  family.help = help;
  family.counters[std::string(labels)] += value;
}

void set_gauge(std::string_view name, std::string_view help, std::string_view labels,
               double value) {
  auto& r = registry();
  std::lock_guard lock(r.mu);
  auto& family = r.families[std::string(name)];
  family.help = help;
  family.gauge = true;
  family.counters[std::string(labels)] = value;
}

void observe_histogram(std::string_view name, std::string_view help, std::string_view labels,
                       double value) {
  auto& r = registry();
  std::lock_guard lock(r.mu);
  auto& family = r.families[std::string(name)];
  family.help = help;
  family.histogram = true;
  auto& h = family.histograms[std::string(labels)];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (value <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += value;
}

std::string render_prometheus() {
  std::ostringstream out;
  {
    auto& r = registry();
    std::lock_guard lock(r.mu);
    for (const auto& [name, family] : r.families) {
      out << "# HELP " << name << " " << family.help << "\n# TYPE " << name << " "
          << (family.histogram ? "histogram"
              : family.gauge   ? "gauge"
                               : "counter")
          << "\n";
      for (const auto& [labels, value] : family.counters) {
        out << name << (labels.empty() ? "" : "{" + labels + "}") << " " << format_value(value)
            << "\n";
      }
      for (const auto& [labels, h] : family.histograms) {
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
          std::ostringstream le;
          le << "le=\"" << kBuckets[i] << "\"";
          out << name << "_bucket" << with_label(labels, le.str()) << " " << h.counts[i] << "\n";
        }
        out << name << "_bucket" << with_label(labels, "le=\"+Inf\"") << " " << h.count << "\n";
        out << name << "_sum" << (labels.empty() ? "" : "{" + labels + "}") << " "
            << format_value(h.sum) << "\n";
        out << name << "_count" << (labels.empty() ? "" : "{" + labels + "}") << " " << h.count
            << "\n";
      }
    }
  }
  render_process(out);
  return out.str();
}

}  // namespace tessera::metrics
