// Go's time.Time in JSON (RFC 3339 with up to nine fraction digits, "Z" or a numeric offset), as
// lotus's worker API sends it (WorkerJob.Start).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tessera::workers {

using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::nanoseconds>;

// Go's RFC3339Nano form in UTC: "2020-11-12T09:22:07Z", "2020-11-12T09:22:07.5Z" (trailing zeros
// of the fraction dropped); nullopt is Go's zero time "0001-01-01T00:00:00Z".
std::string format_go_time(const std::optional<TimePoint>& time);
// Reads what format_go_time writes and any RFC 3339 offset ("+01:00"); Go's zero time gives
// nullopt. InvalidInput naming where for anything else, or a time outside ±292 years of 1970.
std::optional<TimePoint> parse_go_time(std::string_view text, const std::string& where);

}  // namespace tessera::workers
