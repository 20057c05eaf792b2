// Filecoin big integers (go-state-types big.Int): token amounts in attoFIL, power, deposits.
// CBOR form: empty bytes for zero, else a sign byte (0 positive, 1 negative) and the big-endian
// magnitude; JSON form: a decimal string. Arithmetic lives in the .cpp (Boost.Multiprecision).
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/encoding.hpp"

namespace tessera::chain {

class BigInt {
 public:
  BigInt() = default;  // zero
  static BigInt from_int(std::int64_t v);
  static BigInt from_uint(std::uint64_t v);
  // Decimal text with an optional '-'; InvalidInput otherwise.
  static BigInt parse(std::string_view decimal);
  // CBOR byte form; InvalidInput for a bad sign byte, leading zeros, or a negative zero.
  static BigInt from_bytes(const Bytes& bytes);

  std::string to_string() const;
  Bytes to_bytes() const;
  bool is_zero() const { return magnitude_.empty(); }
  bool negative() const { return negative_; }

  BigInt operator+(const BigInt& o) const;
  BigInt operator-(const BigInt& o) const;
  BigInt operator*(const BigInt& o) const;
  // Truncating division; InvalidInput on division by zero.
  BigInt operator/(const BigInt& o) const;

  bool operator==(const BigInt&) const = default;
  std::strong_ordering operator<=>(const BigInt& o) const;

 private:
  friend struct BigIntAccess;
  bool negative_ = false;
  Bytes magnitude_;  // big-endian, no leading zero bytes; empty for zero
};

using TokenAmount = BigInt;

// attoFIL per FIL.
BigInt fil_precision();
// lotus's types.FIL String(): the amount in FIL with trailing zeros trimmed, "0 FIL", "1.5 FIL".
std::string format_fil(const TokenAmount& atto);
// lotus's types.FIL Short(): at most three decimals in the largest unit below the amount
// (aFIL, fFIL, pFIL, nFIL, μFIL, mFIL, FIL), "0" for zero: "100 aFIL", "1.5 FIL".
std::string format_fil_short(const TokenAmount& atto);
// Parses "1.5", "1.5 FIL", "100 attofil" (lotus's ParseFIL units: fil, attofil and the
// milli/micro/nano/pico/femto prefixes); InvalidInput otherwise.
TokenAmount parse_fil(std::string_view text);

}  // namespace tessera::chain
