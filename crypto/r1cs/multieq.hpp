// bellperson's MultiEq: batches several "lhs == rhs" equalities of small bit widths into one
// constraint (Σ 2^offset·lhs) · ONE = Σ 2^offset·rhs, starting a new constraint when the next
// equality would reach 254 bits. finish() emits the pending batch; the SHA-256 gadget calls it
// where bellperson drops its MultiEq (the end of each compression).
#pragma once

#include <cstddef>

#include "crypto/r1cs/constraint_system.hpp"

namespace tessera::crypto::r1cs {

class MultiEq {
 public:
  explicit MultiEq(ConstraintSystem& cs) : cs_(cs) {}
  MultiEq(const MultiEq&) = delete;
  MultiEq& operator=(const MultiEq&) = delete;

  // The system allocations and other constraints go to.
  ConstraintSystem& cs() { return cs_; }
  // Records lhs == rhs where both sides fit num_bits bits.
  void enforce_equal(std::size_t num_bits, const LinearCombination& lhs,
                     const LinearCombination& rhs);
  // Emits the pending batch, if any.
  void finish();

 private:
  void accumulate();

  ConstraintSystem& cs_;
  std::size_t bits_used_ = 0;
  LinearCombination lhs_;
  LinearCombination rhs_;
};

}  // namespace tessera::crypto::r1cs
