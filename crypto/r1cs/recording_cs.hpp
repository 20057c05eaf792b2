// A constraint system that records everything a Groth16 prover needs, in bellperson's order
// (reference/snark.md §1.3, §1.6): every constraint's A, B and C linear combinations (merged per
// variable, zero terms dropped), the input assignment (ONE first) and the aux assignment in
// allocation order, and the density bitmaps bellperson's ProvingAssignment tracks — which aux
// variables appear in some A, which inputs and aux variables appear in some B (inputs are always
// dense in A because of the per-input constraints).
#pragma once

#include <cstddef>
#include <vector>

#include "crypto/r1cs/constraint_system.hpp"

namespace tessera::crypto::r1cs {

struct Constraint {
  LinearCombination a;
  LinearCombination b;
  LinearCombination c;
};

class RecordingConstraintSystem final : public ConstraintSystem {
 public:
  RecordingConstraintSystem();

  Variable alloc(const Fr& value) override;
  Variable alloc_input(const Fr& value) override;
  void enforce(LinearCombination a, LinearCombination b, LinearCombination c) override;

  // Appends one constraint input_i · 0 = 0 per input (ONE included), as bellperson's prover and
  // parameter generator do after synthesis; call once, when the circuit is complete.
  void add_input_constraints();

  const std::vector<Constraint>& constraints() const { return constraints_; }
  const std::vector<Fr>& inputs() const { return inputs_; }
  const std::vector<Fr>& aux() const { return aux_; }
  // a_aux_density[i]: aux i has a non-zero coefficient in some A.
  const std::vector<bool>& a_aux_density() const { return a_aux_density_; }
  // b_input_density[i] / b_aux_density[i]: the variable appears in some B.
  const std::vector<bool>& b_input_density() const { return b_input_density_; }
  const std::vector<bool>& b_aux_density() const { return b_aux_density_; }

 private:
  std::vector<Constraint> constraints_;
  std::vector<Fr> inputs_;
  std::vector<Fr> aux_;
  std::vector<bool> a_aux_density_;
  std::vector<bool> b_input_density_;
  std::vector<bool> b_aux_density_;
};

}  // namespace tessera::crypto::r1cs
