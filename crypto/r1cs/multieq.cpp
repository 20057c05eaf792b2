#include "crypto/r1cs/multieq.hpp"

namespace tessera::crypto::r1cs {
namespace {
constexpr std::size_t kCapacity = 254;  // Fr::CAPACITY
}

void MultiEq::accumulate() {
  cs_.enforce(std::move(lhs_), LinearCombination::of(ConstraintSystem::one()), std::move(rhs_));
  lhs_ = LinearCombination();
  rhs_ = LinearCombination();
  bits_used_ = 0;
}

void MultiEq::enforce_equal(std::size_t num_bits, const LinearCombination& lhs,
                            const LinearCombination& rhs) {
  if (kCapacity <= bits_used_ + num_bits) accumulate();
  if (cs_.counting_only()) {
    bits_used_ += num_bits;
    return;
  }
  const Fr coeff = Fr::from_uint(2).pow(bits_used_);
  lhs_.add(lhs, coeff);
  rhs_.add(rhs, coeff);
  bits_used_ += num_bits;
}

void MultiEq::finish() {
  if (bits_used_ > 0) accumulate();
}

}  // namespace tessera::crypto::r1cs
