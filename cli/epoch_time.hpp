// Epochs as lotus's CLI prints them (cli/util/epoch.go): "<e> (in 2 hours 3 minutes)",
// "<e> (5 minutes ago)", "<e> (now)", with durations in durafmt's two leading units.
#pragma once

#include <cstdint>
#include <string>

namespace tessera::cli {

// durafmt.Parse(d).LimitFirstN(2): "1 hour 2 minutes", "45 seconds", "0 seconds".
std::string durafmt_two_units(std::int64_t seconds);

// EpochTime(curr, e) for a chain with block_delay-second epochs.
std::string epoch_time(std::int64_t current, std::int64_t epoch, std::uint64_t block_delay);

// EpochTimeTs: also the wall time of epoch, counted from a tipset at ts_height with
// timestamp ts_time (RFC 822 in local time: "02 Jan 06 15:04 UTC").
std::string epoch_time_ts(std::int64_t current, std::int64_t epoch, std::uint64_t block_delay,
                          std::int64_t ts_height, std::uint64_t ts_time);

}  // namespace tessera::cli
