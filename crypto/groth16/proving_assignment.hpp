// The constraint system a Groth16 prover synthesizes into (bellperson's ProvingAssignment): it
// keeps the witness and, per constraint, only the values of A, B and C under it — never the
// linear combinations — plus the query densities, so memory grows by three field elements per
// constraint.
#pragma once

#include <vector>

#include "crypto/groth16/query_density.hpp"
#include "crypto/r1cs/constraint_system.hpp"

namespace tessera::groth16 {

class ProvingAssignment final : public crypto::r1cs::ConstraintSystem {
 public:
  ProvingAssignment();

  crypto::r1cs::Variable alloc(const crypto::Fr& value) override;
  crypto::r1cs::Variable alloc_input(const crypto::Fr& value) override;
  // Records A·w, B·w and C·w of the constraint (not checked: an unsatisfied witness gives a proof
  // that does not verify).
  void enforce(crypto::r1cs::LinearCombination a, crypto::r1cs::LinearCombination b,
               crypto::r1cs::LinearCombination c) override;
  // Appends input_i · 0 = 0 for every input, ONE included; call once, after synthesis.
  void add_input_constraints();

  const std::vector<crypto::Fr>& inputs() const { return inputs_; }  // ONE first
  const std::vector<crypto::Fr>& aux() const { return aux_; }
  const QueryDensity& density() const { return density_; }
  std::size_t num_constraints() const { return a_.size(); }
  // The per-constraint values, handed over (the assignment keeps none afterwards).
  std::vector<crypto::Fr> take_a() { return std::move(a_); }
  std::vector<crypto::Fr> take_b() { return std::move(b_); }
  std::vector<crypto::Fr> take_c() { return std::move(c_); }

 private:
  std::vector<crypto::Fr> inputs_;
  std::vector<crypto::Fr> aux_;
  std::vector<crypto::Fr> a_, b_, c_;
  QueryDensity density_;
};

}  // namespace tessera::groth16
