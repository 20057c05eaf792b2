// Epoch and duration texts against lotus cli/util/epoch.go and hako/durafmt at the version lotus
// pins (v0.0.0-20200710122514-c0fb7b4da026): units years (365 d), weeks, days, hours, minutes,
// seconds; zero units are omitted, 1 is singular, LimitFirstN(2) keeps the first two that remain,
// and a zero duration prints "0 seconds".
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <time.h>

#include <optional>
#include <string>

#include "cli/epoch_time.hpp"

using namespace tessera::cli;

namespace {

// Runs the test body in UTC, restoring TZ afterwards.
class UtcZone {
 public:
  UtcZone() {
    if (const char* tz = getenv("TZ")) saved_ = tz;
    setenv("TZ", "UTC", 1);
    tzset();
  }
  ~UtcZone() {
    if (saved_)
      setenv("TZ", saved_->c_str(), 1);
    else
      unsetenv("TZ");
    tzset();
  }

 private:
  std::optional<std::string> saved_;
};

}  // namespace

TEST_CASE("durations print in durafmt's two leading units", "[epoch_time]") {
  CHECK(durafmt_two_units(0) == "0 seconds");
  CHECK(durafmt_two_units(1) == "1 second");
  CHECK(durafmt_two_units(2) == "2 seconds");
  CHECK(durafmt_two_units(60) == "1 minute");
  CHECK(durafmt_two_units(61) == "1 minute 1 second");
  CHECK(durafmt_two_units(150) == "2 minutes 30 seconds");
  CHECK(durafmt_two_units(3600) == "1 hour");
  CHECK(durafmt_two_units(3661) == "1 hour 1 minute");  // the second is cut
  CHECK(durafmt_two_units(3600 * 25 + 5) == "1 day 1 hour");
  CHECK(durafmt_two_units(2 * 86400 + 30) == "2 days 30 seconds");  // zero units skipped
  CHECK(durafmt_two_units(7 * 86400) == "1 week");
  CHECK(durafmt_two_units(8 * 86400 + 3600) == "1 week 1 day");
  CHECK(durafmt_two_units(364 * 86400) == "52 weeks");
  CHECK(durafmt_two_units(365 * 86400) == "1 year");
  CHECK(durafmt_two_units(366 * 86400 + 7200) == "1 year 1 day");
}

TEST_CASE("epochs print relative to the current one", "[epoch_time]") {
  // 5 epochs of 30 s = 150 s.
  CHECK(epoch_time(10, 5, 30) == "5 (2 minutes 30 seconds ago)");
  CHECK(epoch_time(5, 5, 30) == "5 (now)");
  CHECK(epoch_time(5, 10, 30) == "10 (in 2 minutes 30 seconds)");
  // 2880 epochs of 30 s = 1 day.
  CHECK(epoch_time(0, 2880, 30) == "2880 (in 1 day)");
  CHECK(epoch_time(2881, 1, 4) == "1 (3 hours 12 minutes ago)");  // 11520 s = 3 h 12 min
}

TEST_CASE("epochs with wall time print as RFC 822 in the local zone", "[epoch_time]") {
  UtcZone utc;
  // Unix 1700000000 is 2023-11-14 22:13:20 UTC; epoch 110 is 10 × 30 s after height 100.
  CHECK(epoch_time_ts(120, 110, 30, 100, 1700000000) == "110 (14 Nov 23 22:18 UTC, 5 minutes ago)");
  CHECK(epoch_time_ts(110, 110, 30, 100, 1700000000) == "110 (14 Nov 23 22:18 UTC, now)");
  // Epoch 130: 1700000900 = 22:28:20.
  CHECK(epoch_time_ts(120, 130, 30, 100, 1700000000) == "130 (14 Nov 23 22:28 UTC, in 5 minutes)");
}
