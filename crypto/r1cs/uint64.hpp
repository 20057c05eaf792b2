// 64-bit words as 64 Booleans, least significant first (rust-fil-proofs gadgets/uint64.rs): the
// stacked circuit's challenge number, allocated and exposed as one packed input.
#pragma once

#include <cstdint>
#include <vector>

#include "crypto/r1cs/boolean.hpp"

namespace tessera::crypto::r1cs {

class UInt64 {
 public:
  static UInt64 constant(std::uint64_t value);
  // 64 allocated bits (64 constraints).
  static UInt64 alloc(ConstraintSystem& cs, std::uint64_t value);
  // Exposes the value as one input (pack_into_inputs over the 64 bits: 1 constraint).
  void pack_into_input(ConstraintSystem& cs) const;
  // The bits, most significant first.
  std::vector<Boolean> to_bits_be() const;
  const std::vector<Boolean>& bits_le() const { return bits_; }
  std::uint64_t value() const { return value_; }

 private:
  std::vector<Boolean> bits_;
  std::uint64_t value_ = 0;
};

}  // namespace tessera::crypto::r1cs
