// Go time.Duration text, as lotus writes durations in config.toml ("30s", "6h0m0s", "1.5ms").
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace tessera::repo {

// Parses Go's time.ParseDuration syntax ("300ms", "-1.5h", "2h45m", "0"; units ns us µs ms s m
// h). Throws InvalidInput on bad syntax, a missing unit or overflow of int64 nanoseconds.
std::chrono::nanoseconds parse_go_duration(std::string_view text);

// Formats like Go's Duration.String(): "0s", "1.5µs", "30s", "1m0s", "6h0m0s", "12960h0m0s".
std::string format_go_duration(std::chrono::nanoseconds d);

}  // namespace tessera::repo
