#include "crypto/r1cs/recording_cs.hpp"

namespace tessera::crypto::r1cs {

RecordingConstraintSystem::RecordingConstraintSystem() {
  inputs_.push_back(Fr::one());
  b_input_density_.push_back(false);
}

Variable RecordingConstraintSystem::alloc(const Fr& value) {
  aux_.push_back(value);
  a_aux_density_.push_back(false);
  b_aux_density_.push_back(false);
  return Variable::aux(aux_.size() - 1);
}

Variable RecordingConstraintSystem::alloc_input(const Fr& value) {
  inputs_.push_back(value);
  b_input_density_.push_back(false);
  return Variable::input(inputs_.size() - 1);
}

void RecordingConstraintSystem::enforce(LinearCombination a, LinearCombination b,
                                        LinearCombination c) {
  a.compact();
  b.compact();
  c.compact();
  for (const Term& t : a.terms()) {
    if (!t.var.is_input()) a_aux_density_[t.var.index()] = true;
  }
  for (const Term& t : b.terms()) {
    if (t.var.is_input()) {
      b_input_density_[t.var.index()] = true;
    } else {
      b_aux_density_[t.var.index()] = true;
    }
  }
  constraints_.push_back(Constraint{std::move(a), std::move(b), std::move(c)});
}

void RecordingConstraintSystem::add_input_constraints() {
  const std::size_t n = inputs_.size();
  for (std::size_t i = 0; i < n; ++i) {
    enforce(LinearCombination::of(Variable::input(i)), LinearCombination(), LinearCombination());
  }
}

}  // namespace tessera::crypto::r1cs
