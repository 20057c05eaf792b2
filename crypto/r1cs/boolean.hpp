// Boolean gadgets, constraint-exact with bellpepper-core's boolean.rs: an allocated bit costs one
// constraint (1 − b)·b = 0; a Boolean is an allocated bit, its negation or a constant, and
// operations on constants or negations fold without constraints exactly where bellpepper's do.
#pragma once

#include <cstdint>
#include <vector>

#include "crypto/r1cs/constraint_system.hpp"

namespace tessera::crypto::r1cs {

struct AllocatedBit {
  Variable var;
  bool value = false;

  // A new boolean-constrained bit (1 constraint).
  static AllocatedBit alloc(ConstraintSystem& cs, bool value);
  // The gadgets below allocate the result and add one constraint each.
  static AllocatedBit xor_(ConstraintSystem& cs, const AllocatedBit& a, const AllocatedBit& b);
  static AllocatedBit and_(ConstraintSystem& cs, const AllocatedBit& a, const AllocatedBit& b);
  // a ∧ ¬b.
  static AllocatedBit and_not(ConstraintSystem& cs, const AllocatedBit& a, const AllocatedBit& b);
  // ¬a ∧ ¬b.
  static AllocatedBit nor(ConstraintSystem& cs, const AllocatedBit& a, const AllocatedBit& b);
};

class Boolean {
 public:
  enum class Kind : std::uint8_t { kConstant, kIs, kNot };

  Boolean() = default;  // constant false
  static Boolean constant(bool v) { return Boolean(Kind::kConstant, Variable(), v); }
  static Boolean is(const AllocatedBit& b) { return Boolean(Kind::kIs, b.var, b.value); }

  Kind kind() const { return kind_; }
  bool is_constant() const { return kind_ == Kind::kConstant; }
  // The underlying allocated bit (meaningful unless constant).
  AllocatedBit bit() const { return AllocatedBit{var_, raw_}; }
  bool value() const { return kind_ == Kind::kNot ? !raw_ : raw_; }
  Boolean negate() const;

  // Adds coeff·self (constants and negations in terms of ONE) to lc.
  void add_to(LinearCombination& lc, const Fr& coeff) const;
  LinearCombination lc(const Fr& coeff) const;
  LinearCombination lc() const;

  static Boolean xor_(ConstraintSystem& cs, const Boolean& a, const Boolean& b);
  static Boolean and_(ConstraintSystem& cs, const Boolean& a, const Boolean& b);
  static Boolean or_(ConstraintSystem& cs, const Boolean& a, const Boolean& b);
  // Enforces a == b (one constraint unless both are constants; InvalidInput when two constants
  // differ).
  static void enforce_equal(ConstraintSystem& cs, const Boolean& a, const Boolean& b);
  // SHA-256's Ch(a, b, c) = (a ∧ b) ⊕ (¬a ∧ c) and Maj(a, b, c).
  static Boolean sha256_ch(ConstraintSystem& cs, const Boolean& a, const Boolean& b,
                           const Boolean& c);
  static Boolean sha256_maj(ConstraintSystem& cs, const Boolean& a, const Boolean& b,
                            const Boolean& c);

 private:
  Boolean(Kind k, Variable v, bool raw) : var_(v), kind_(k), raw_(raw) {}
  Variable var_;
  Kind kind_ = Kind::kConstant;
  bool raw_ = false;  // the constant, or the allocated bit's value
};

// 64 allocated bits of value, least significant first (bellpepper u64_into_boolean_vec_le).
std::vector<Boolean> u64_into_boolean_vec_le(ConstraintSystem& cs, std::uint64_t value);
// 255 allocated bits of value, least significant first, without the < p check
// (bellpepper field_into_allocated_bits_le).
std::vector<AllocatedBit> field_into_allocated_bits_le(ConstraintSystem& cs, const Fr& value);
// Pads to whole bytes with constant false and reverses the bits of each byte
// (rust-fil-proofs reverse_bit_numbering).
std::vector<Boolean> reverse_bit_numbering(std::vector<Boolean> bits);

}  // namespace tessera::crypto::r1cs
