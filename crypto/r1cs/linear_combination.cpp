#include "crypto/r1cs/linear_combination.hpp"

#include <algorithm>

namespace tessera::crypto::r1cs {
namespace {

const Fr& one_fr() {
  static const Fr one = Fr::one();
  return one;
}

Fr negate(const Fr& x) {
  return Fr() - x;
}

}  // namespace

LinearCombination& LinearCombination::add(Variable v) {
  terms_.push_back(Term{v, one_fr()});
  return *this;
}

LinearCombination& LinearCombination::add(Variable v, const Fr& coeff) {
  terms_.push_back(Term{v, coeff});
  return *this;
}

LinearCombination& LinearCombination::sub(Variable v) {
  terms_.push_back(Term{v, negate(one_fr())});
  return *this;
}

LinearCombination& LinearCombination::sub(Variable v, const Fr& coeff) {
  terms_.push_back(Term{v, negate(coeff)});
  return *this;
}

LinearCombination& LinearCombination::add(const LinearCombination& other) {
  terms_.insert(terms_.end(), other.terms_.begin(), other.terms_.end());
  return *this;
}

LinearCombination& LinearCombination::add(const LinearCombination& other, const Fr& scale) {
  terms_.reserve(terms_.size() + other.terms_.size());
  for (const Term& t : other.terms_) terms_.push_back(Term{t.var, t.coeff * scale});
  return *this;
}

LinearCombination& LinearCombination::sub(const LinearCombination& other) {
  terms_.reserve(terms_.size() + other.terms_.size());
  for (const Term& t : other.terms_) terms_.push_back(Term{t.var, negate(t.coeff)});
  return *this;
}

LinearCombination& LinearCombination::scale(const Fr& scale) {
  for (Term& t : terms_) t.coeff *= scale;
  return *this;
}

LinearCombination& LinearCombination::compact() {
  std::stable_sort(terms_.begin(), terms_.end(), [](const Term& a, const Term& b) {
    return a.var.sort_key() < b.var.sort_key();
  });
  std::size_t out = 0;
  for (std::size_t i = 0; i < terms_.size();) {
    Term merged = terms_[i];
    std::size_t j = i + 1;
    while (j < terms_.size() && terms_[j].var == merged.var) merged.coeff += terms_[j++].coeff;
    if (!merged.coeff.is_zero()) terms_[out++] = merged;
    i = j;
  }
  terms_.resize(out);
  return *this;
}

Fr LinearCombination::evaluate(const std::vector<Fr>& inputs, const std::vector<Fr>& aux) const {
  Fr acc;
  for (const Term& t : terms_) {
    const Fr& value = t.var.is_input() ? inputs[t.var.index()] : aux[t.var.index()];
    acc += value * t.coeff;
  }
  return acc;
}

}  // namespace tessera::crypto::r1cs
