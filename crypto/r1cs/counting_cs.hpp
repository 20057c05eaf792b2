// A constraint system that only counts: constraints, inputs (ONE included) and aux variables.
// No witness or constraint is stored, so it can size the largest circuits.
#pragma once

#include <cstddef>

#include "crypto/r1cs/constraint_system.hpp"

namespace tessera::crypto::r1cs {

class CountingConstraintSystem final : public ConstraintSystem {
 public:
  Variable alloc(const Fr& value) override;
  Variable alloc_input(const Fr& value) override;
  void enforce(LinearCombination a, LinearCombination b, LinearCombination c) override;
  bool counting_only() const override { return true; }

  std::size_t num_constraints() const { return constraints_; }
  // Inputs including ONE (bellperson's TestConstraintSystem::num_inputs).
  std::size_t num_inputs() const { return inputs_; }
  std::size_t num_aux() const { return aux_; }

 private:
  std::size_t constraints_ = 0;
  std::size_t inputs_ = 1;  // ONE
  std::size_t aux_ = 0;
};

}  // namespace tessera::crypto::r1cs
