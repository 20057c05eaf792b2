// Field-element gadgets, constraint-exact with bellpepper-core's num.rs and rust-fil-proofs'
// gadgets/constraint.rs: AllocatedNum (one variable), Num (a tracked linear combination), and the
// small equal/add/sub/pick helpers.
#pragma once

#include <vector>

#include "crypto/r1cs/boolean.hpp"

namespace tessera::crypto::r1cs {

struct AllocatedNum {
  Variable var;
  Fr value;

  // A new aux variable (no constraint).
  static AllocatedNum alloc(ConstraintSystem& cs, const Fr& value);
  // A new input variable (no constraint).
  static AllocatedNum alloc_input(ConstraintSystem& cs, const Fr& value);
  // Exposes this value as a new input: input · ONE = var (1 constraint).
  void inputize(ConstraintSystem& cs) const;
  // 255 allocated little-endian bits plus one packing constraint (not checked < p).
  std::vector<Boolean> to_bits_le(ConstraintSystem& cs) const;
  // self², self·other, self + other: one allocation and one constraint each.
  AllocatedNum square(ConstraintSystem& cs) const;
  AllocatedNum mul(ConstraintSystem& cs, const AllocatedNum& other) const;
  AllocatedNum add(ConstraintSystem& cs, const AllocatedNum& other) const;
};

// A linear combination with its value (bellpepper Num).
struct Num {
  Fr value;
  LinearCombination lc;

  static Num from(const AllocatedNum& n);
  // Adds coeff·bit.
  Num& add_bool_with_coeff(const Boolean& bit, const Fr& coeff);
  Num& add(const Num& other);
  Num& scale(const Fr& s);
};

// a · ONE = b (rust-fil-proofs constraint::equal).
void enforce_equal(ConstraintSystem& cs, const AllocatedNum& a, const AllocatedNum& b);
// a + b as a new variable: (a + b) · ONE = sum (constraint::add; the stacked circuit's encode).
AllocatedNum add_nums(ConstraintSystem& cs, const AllocatedNum& a, const AllocatedNum& b);
// a − b as a new variable: (diff + b) · ONE = a (constraint::sub; decode).
AllocatedNum sub_nums(ConstraintSystem& cs, const AllocatedNum& a, const AllocatedNum& b);
// condition ? a : b as a new variable: (b − a) · condition = b − result (insertion::pick).
AllocatedNum pick(ConstraintSystem& cs, const Boolean& condition, const AllocatedNum& a,
                  const AllocatedNum& b);

}  // namespace tessera::crypto::r1cs
