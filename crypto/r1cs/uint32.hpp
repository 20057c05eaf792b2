// 32-bit words as 32 Booleans, least significant first, constraint-exact with bellperson's
// uint32.rs: rotations and shifts are free, xor/Ch/Maj work bit by bit, and addmany sums 2-10
// words modulo 2^32 with one MultiEq equality.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "crypto/r1cs/boolean.hpp"
#include "crypto/r1cs/multieq.hpp"

namespace tessera::crypto::r1cs {

class UInt32 {
 public:
  UInt32() = default;
  static UInt32 constant(std::uint32_t value);
  // 32 allocated bits (32 constraints).
  static UInt32 alloc(ConstraintSystem& cs, std::uint32_t value);
  // From 32 bits, most significant first.
  static UInt32 from_bits_be(const Boolean* bits);
  // The bits, most significant first.
  std::vector<Boolean> into_bits_be() const;
  const std::array<Boolean, 32>& bits() const { return bits_; }
  std::uint32_t value() const { return value_; }

  UInt32 rotr(std::size_t by) const;
  UInt32 shr(std::size_t by) const;
  UInt32 xor_(ConstraintSystem& cs, const UInt32& other) const;
  static UInt32 sha256_ch(ConstraintSystem& cs, const UInt32& a, const UInt32& b, const UInt32& c);
  static UInt32 sha256_maj(ConstraintSystem& cs, const UInt32& a, const UInt32& b, const UInt32& c);
  // Sum of 2-10 operands modulo 2^32 (InvalidInput otherwise); constant when all bits are.
  static UInt32 addmany(MultiEq& meq, const std::vector<UInt32>& operands);

 private:
  std::array<Boolean, 32> bits_{};
  std::uint32_t value_ = 0;
};

}  // namespace tessera::crypto::r1cs
