#include "crypto/groth16/proving_assignment.hpp"

namespace tessera::groth16 {

using crypto::Fr;
using crypto::r1cs::LinearCombination;
using crypto::r1cs::Variable;

ProvingAssignment::ProvingAssignment() {
  inputs_.push_back(Fr::one());
  density_.add_input();
}

Variable ProvingAssignment::alloc(const Fr& value) {
  aux_.push_back(value);
  density_.add_aux();
  return Variable::aux(aux_.size() - 1);
}

Variable ProvingAssignment::alloc_input(const Fr& value) {
  inputs_.push_back(value);
  density_.add_input();
  return Variable::input(inputs_.size() - 1);
}

void ProvingAssignment::enforce(LinearCombination a, LinearCombination b, LinearCombination c) {
  a.compact();
  b.compact();
  density_.mark(a, b);
  a_.push_back(a.evaluate(inputs_, aux_));
  b_.push_back(b.evaluate(inputs_, aux_));
  c_.push_back(c.evaluate(inputs_, aux_));
}

void ProvingAssignment::add_input_constraints() {
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    enforce(LinearCombination::of(Variable::input(i)), LinearCombination(), LinearCombination());
  }
}

}  // namespace tessera::groth16
