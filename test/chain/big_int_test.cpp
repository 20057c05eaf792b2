#include <catch2/catch.hpp>

#include "chain/types/big_int.hpp"
#include "common/error.hpp"

using namespace tessera;
using namespace tessera::chain;

// Byte forms as go-state-types big.Int marshals them (sign byte ‖ big-endian magnitude, empty
// for zero); 1e18 = 0x0de0b6b3a7640000 is the value field of oracles.md §4's message M2.
TEST_CASE("big integers: byte and decimal forms, arithmetic", "[bigint]") {
  CHECK(BigInt().to_bytes().empty());
  CHECK(hex_encode(BigInt::parse("1000000000000000000").to_bytes()) == "000de0b6b3a7640000");
  CHECK(hex_encode(BigInt::from_int(-1).to_bytes()) == "0101");
  CHECK(hex_encode(BigInt::from_uint(123).to_bytes()) == "007b");
  const auto big = BigInt::parse("-123456789012345678901234567890");
  CHECK(BigInt::from_bytes(big.to_bytes()) == big);
  CHECK(big.to_string() == "-123456789012345678901234567890");
  CHECK((BigInt::from_uint(7) * BigInt::from_uint(6) - BigInt::from_uint(2)).to_string() == "40");
  CHECK((BigInt::from_uint(41) / BigInt::from_uint(2)).to_string() == "20");
  CHECK(BigInt::from_int(-5) < BigInt::from_uint(3));
  CHECK_THROWS_AS(BigInt::from_uint(1) / BigInt(), InvalidInput);
  for (const char* bad : {"", "-", "12a", "1.5", " 1"})
    CHECK_THROWS_AS(BigInt::parse(bad), InvalidInput);
  CHECK_THROWS_AS(BigInt::from_bytes({2, 1}), InvalidInput);
  CHECK_THROWS_AS(BigInt::from_bytes({0}), InvalidInput);
  CHECK_THROWS_AS(BigInt::from_bytes({0, 0, 1}), InvalidInput);
}

// lotus types.FIL String() / ParseFIL.
TEST_CASE("FIL amounts format and parse as lotus does", "[bigint]") {
  CHECK(format_fil(BigInt()) == "0 FIL");
  CHECK(format_fil(fil_precision()) == "1 FIL");
  CHECK(format_fil(BigInt::parse("1500000000000000000")) == "1.5 FIL");
  CHECK(format_fil(BigInt::from_uint(1)) == "0.000000000000000001 FIL");
  CHECK(format_fil(BigInt::parse("-2000000000000000000")) == "-2 FIL");
  CHECK(parse_fil("1.5") == BigInt::parse("1500000000000000000"));
  CHECK(parse_fil("1.5 FIL") == BigInt::parse("1500000000000000000"));
  CHECK(parse_fil("100 attofil") == BigInt::from_uint(100));
  CHECK(parse_fil("2 nanoFIL") == BigInt::from_uint(2000000000));
  // Leading zeros are decimal, not octal (a bug once made "0.5" 11258999068426240 attoFIL).
  CHECK(BigInt::parse("010") == BigInt::from_uint(10));
  CHECK(BigInt::parse("-007") == BigInt::from_int(-7));
  CHECK(parse_fil("0.5") == BigInt::parse("500000000000000000"));
  // types.FIL Short() (lotus chain/types/fil.go): unit below 1000, three decimals rounded.
  CHECK(format_fil_short(BigInt()) == "0");
  CHECK(format_fil_short(BigInt::from_uint(100)) == "100 aFIL");
  CHECK(format_fil_short(BigInt::from_uint(1500)) == "1.5 fFIL");
  CHECK(format_fil_short(BigInt::from_uint(999999)) == "999.999 fFIL");
  CHECK(format_fil_short(BigInt::parse("1234567890000000000000")) == "1234.568 FIL");
  CHECK(format_fil_short(BigInt::parse("-250000000000000000")) == "-250 mFIL");
  CHECK_THROWS_AS(parse_fil("1.5 bitcoin"), InvalidInput);
  CHECK_THROWS_AS(parse_fil("0.1 attofil"), InvalidInput);
  CHECK_THROWS_AS(parse_fil("abc"), InvalidInput);
}
