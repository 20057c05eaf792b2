// Byte sizes the way lotus prints and parses them: "2KiB"/"32GiB" flags (go-units RAMInBytes:
// 1024-based, suffix case-insensitive, "k"/"KiB"/"KB" alike) and SizeStr / rate output.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace tessera::cli {

// Parses "2KiB", "2k", "512MiB", "32GiB", "2048"; throws UsageError on anything else.
std::uint64_t parse_byte_size(std::string_view text);

// "%.4g KiB"-style size with 1024-based units (lotus types.SizeStr).
std::string size_str(double bytes);

// "%.3g Ki"-style quantity with 1024-based unit prefixes, "0 B" for zero (lotus types.DeciStr).
std::string deci_str(double value);

// Throughput of `bytes` processed in `elapsed`, e.g. "79.26 KiB/s" (lotus-bench bps()).
std::string bytes_per_second(double bytes, std::chrono::nanoseconds elapsed);

// A Go-style duration such as "25.23225ms" or "1m3.5s" (time.Duration.String()).
std::string go_duration_string(std::chrono::nanoseconds d);

}  // namespace tessera::cli
