// Sizes against lotus chain/types/bigint.go (SizeStr: "%.4g %s" over B, KiB … ZiB; DeciStr:
// "%.3g %s" over "", Ki … Zi; both "0 B" for zero), go-units RAMInBytes for flags, and Go's
// time.Duration.String().
#include <catch2/catch.hpp>

#include "cli/command.hpp"
#include "cli/size_format.hpp"

using namespace tessera::cli;

TEST_CASE("deci_str prints lotus DeciStr", "[size_format]") {
  CHECK(deci_str(0) == "0 B");
  CHECK(deci_str(5) == "5 ");            // unit "" after the blank
  CHECK(deci_str(1023) == "1.02e+03 ");  // %.3g of 1023
  CHECK(deci_str(1024) == "1 Ki");
  CHECK(deci_str(1536) == "1.5 Ki");
  CHECK(deci_str(2048) == "2 Ki");
  CHECK(deci_str(1.25 * 1024 * 1024) == "1.25 Mi");
  CHECK(deci_str(34359738368.0) == "32 Gi");         // 2^35
  CHECK(deci_str(1152921504606846976.0) == "1 Ei");  // 2^60
  // Zi is the last unit: 2^80 is 1024 Zi, "%.3g" -> 1.02e+03.
  CHECK(deci_str(1208925819614629174706176.0) == "1.02e+03 Zi");
}

TEST_CASE("size_str prints lotus SizeStr", "[size_format]") {
  CHECK(size_str(0) == "0 B");
  CHECK(size_str(1023) == "1023 B");
  CHECK(size_str(2048) == "2 KiB");
  CHECK(size_str(12345) == "12.06 KiB");  // 12.0556640625
  CHECK(size_str(536870912) == "512 MiB");
  CHECK(size_str(34359738368.0) == "32 GiB");
}

// lotus's byteSizeUnits end with ZiB.
TEST_CASE("size_str reaches ZiB", "[size_format]") {
  CHECK(size_str(1180591620717411303424.0) == "1 ZiB");  // 2^70
}

TEST_CASE("parse_byte_size reads go-units RAM sizes", "[size_format]") {
  CHECK(parse_byte_size("2048") == 2048);
  CHECK(parse_byte_size("2KiB") == 2048);
  CHECK(parse_byte_size("2k") == 2048);
  CHECK(parse_byte_size("2KB") == 2048);  // RAMInBytes: all units are 1024-based
  CHECK(parse_byte_size("8MiB") == 8388608);
  CHECK(parse_byte_size("512MiB") == 536870912);
  CHECK(parse_byte_size("32GiB") == 34359738368ull);
  CHECK(parse_byte_size("1.5k") == 1536);
  for (const char* bad : {"", "KiB", "abc", "2XB", "2KiBs"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_byte_size(bad), UsageError);
  }
}

TEST_CASE("go_duration_string prints Go's time.Duration", "[size_format]") {
  using std::chrono::nanoseconds;
  CHECK(go_duration_string(nanoseconds(500)) == "500ns");
  CHECK(go_duration_string(nanoseconds(1500)) == "1.5\xc2\xb5s");
  CHECK(go_duration_string(nanoseconds(25232250)) == "25.23225ms");
  CHECK(go_duration_string(nanoseconds(1000000000)) == "1s");
  CHECK(go_duration_string(nanoseconds(63500000000)) == "1m3.5s");
  CHECK(go_duration_string(nanoseconds(7200000000000)) == "2h0m0s");
}

// Go prints every nanosecond digit, never rounds seconds up to 60, and prints 0 as "0s".
TEST_CASE("go_duration_string keeps every digit Go keeps", "[size_format]") {
  using std::chrono::nanoseconds;
  CHECK(go_duration_string(nanoseconds(0)) == "0s");
  CHECK(go_duration_string(nanoseconds(12345678912)) == "12.345678912s");
  CHECK(go_duration_string(nanoseconds(119999999999)) == "1m59.999999999s");
}
