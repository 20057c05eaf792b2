// Variables and linear combinations of a rank-1 constraint system in bellperson's model: a
// variable is an input (public; input 0 is the constant ONE) or an aux (private) variable, each
// numbered in allocation order; a linear combination is a list of (variable, coefficient) terms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "crypto/fr.hpp"

namespace tessera::crypto::r1cs {

class Variable {
 public:
  Variable() = default;
  static Variable input(std::size_t index) { return Variable(kInputBit | index); }
  static Variable aux(std::size_t index) { return Variable(index); }
  // The constant ONE, input 0.
  static Variable one() { return input(0); }
  bool is_input() const { return (raw_ & kInputBit) != 0; }
  std::size_t index() const { return static_cast<std::size_t>(raw_ & ~kInputBit); }
  // Inputs order before aux variables, each by index.
  std::uint64_t sort_key() const { return raw_ ^ kInputBit; }
  bool operator==(const Variable& o) const { return raw_ == o.raw_; }

 private:
  static constexpr std::uint64_t kInputBit = 1ULL << 63;
  explicit Variable(std::uint64_t raw) : raw_(raw) {}
  std::uint64_t raw_ = 0;
};

struct Term {
  Variable var;
  Fr coeff;
};

// A sum of coefficient × variable terms. Terms may repeat a variable; compact() merges them
// (the value is the same either way).
class LinearCombination {
 public:
  LinearCombination() = default;
  static LinearCombination of(Variable v) {
    LinearCombination lc;
    lc.add(v);
    return lc;
  }

  // Adds coeff·v (coeff 1 when omitted) and returns *this.
  LinearCombination& add(Variable v);
  LinearCombination& add(Variable v, const Fr& coeff);
  // Adds −coeff·v.
  LinearCombination& sub(Variable v);
  LinearCombination& sub(Variable v, const Fr& coeff);
  // Adds scale·other.
  LinearCombination& add(const LinearCombination& other);
  LinearCombination& add(const LinearCombination& other, const Fr& scale);
  LinearCombination& sub(const LinearCombination& other);
  // Multiplies every coefficient by scale.
  LinearCombination& scale(const Fr& scale);
  // Merges repeated variables (sorted: inputs first, then aux, by index) and drops zero terms.
  LinearCombination& compact();

  const std::vector<Term>& terms() const { return terms_; }
  bool empty() const { return terms_.empty(); }
  void reserve(std::size_t n) { terms_.reserve(n); }

  // The value under an assignment of inputs and aux variables (indices must be in range).
  Fr evaluate(const std::vector<Fr>& inputs, const std::vector<Fr>& aux) const;

 private:
  std::vector<Term> terms_;
};

}  // namespace tessera::crypto::r1cs
