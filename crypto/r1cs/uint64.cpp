#include "crypto/r1cs/uint64.hpp"

#include "crypto/r1cs/multipack.hpp"

namespace tessera::crypto::r1cs {

UInt64 UInt64::constant(std::uint64_t value) {
  UInt64 r;
  for (int i = 0; i < 64; ++i) r.bits_.push_back(Boolean::constant((value >> i) & 1));
  r.value_ = value;
  return r;
}

UInt64 UInt64::alloc(ConstraintSystem& cs, std::uint64_t value) {
  UInt64 r;
  r.bits_ = u64_into_boolean_vec_le(cs, value);
  r.value_ = value;
  return r;
}

void UInt64::pack_into_input(ConstraintSystem& cs) const {
  pack_into_inputs(cs, bits_);
}

std::vector<Boolean> UInt64::to_bits_be() const {
  return std::vector<Boolean>(bits_.rbegin(), bits_.rend());
}

}  // namespace tessera::crypto::r1cs
