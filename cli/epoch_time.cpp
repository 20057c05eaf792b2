#include "cli/epoch_time.hpp"

#include <ctime>

namespace tessera::cli {
namespace {

std::string relative(std::int64_t current, std::int64_t epoch, std::uint64_t block_delay) {
  const auto delay = static_cast<std::int64_t>(block_delay);
  if (current > epoch) return durafmt_two_units(delay * (current - epoch)) + " ago";
  if (current == epoch) return "now";
  return "in " + durafmt_two_units(delay * (epoch - current));
}

}  // namespace

std::string durafmt_two_units(std::int64_t seconds) {
  struct Unit {
    const char* singular;
    const char* plural;
    std::int64_t seconds;
  };
  static constexpr Unit kUnits[] = {{"year", "years", 365 * 86400}, {"week", "weeks", 7 * 86400},
                                    {"day", "days", 86400},         {"hour", "hours", 3600},
                                    {"minute", "minutes", 60},      {"second", "seconds", 1}};
  if (seconds <= 0) return "0 seconds";
  std::string out;
  int shown = 0;
  for (const auto& unit : kUnits) {
    const std::int64_t n = seconds / unit.seconds;
    seconds %= unit.seconds;
    if (n == 0) continue;
    if (!out.empty()) out += " ";
    out += std::to_string(n) + " " + (n == 1 ? unit.singular : unit.plural);
    if (++shown == 2) break;
  }
  return out;
}

std::string epoch_time(std::int64_t current, std::int64_t epoch, std::uint64_t block_delay) {
  return std::to_string(epoch) + " (" + relative(current, epoch, block_delay) + ")";
}

std::string epoch_time_ts(std::int64_t current, std::int64_t epoch, std::uint64_t block_delay,
                          std::int64_t ts_height, std::uint64_t ts_time) {
  const std::time_t at =
      static_cast<std::time_t>(static_cast<std::int64_t>(ts_time) +
                               (epoch - ts_height) * static_cast<std::int64_t>(block_delay));
  std::tm local{};
  localtime_r(&at, &local);
  char when[64];
  std::strftime(when, sizeof when, "%d %b %y %H:%M %Z", &local);
  return std::to_string(epoch) + " (" + when + ", " + relative(current, epoch, block_delay) + ")";
}

}  // namespace tessera::cli
