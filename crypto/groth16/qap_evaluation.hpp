// The constraint system Groth16 parameter generation synthesizes the blank circuit into
// (bellperson's KeypairAssembly, evaluated on the fly): given the Lagrange basis L_j(τ) of the
// QAP domain, constraint j adds coeff·L_j(τ) to the A, B or C polynomial of every variable it
// names, so after synthesis each variable holds a(τ), b(τ), c(τ) — three field elements per
// variable, none per constraint.
#pragma once

#include <vector>

#include "crypto/groth16/query_density.hpp"
#include "crypto/r1cs/constraint_system.hpp"

namespace tessera::groth16 {

struct VariablePolynomials {
  std::vector<crypto::Fr> a, b, c;  // per variable, evaluated at τ
};

class QapEvaluation final : public crypto::r1cs::ConstraintSystem {
 public:
  // lagrange[j] = L_j(τ) over the domain the circuit's constraints (with the input constraints)
  // fit in.
  explicit QapEvaluation(std::vector<crypto::Fr> lagrange);

  crypto::r1cs::Variable alloc(const crypto::Fr& value) override;
  crypto::r1cs::Variable alloc_input(const crypto::Fr& value) override;
  // InvalidInput when the circuit has more constraints than the domain has points.
  void enforce(crypto::r1cs::LinearCombination a, crypto::r1cs::LinearCombination b,
               crypto::r1cs::LinearCombination c) override;
  // Appends input_i · 0 = 0 for every input, ONE included; call once, after synthesis.
  void add_input_constraints();

  std::size_t num_constraints() const { return constraints_; }
  const VariablePolynomials& inputs() const { return inputs_; }  // ONE first
  const VariablePolynomials& aux() const { return aux_; }
  const QueryDensity& density() const { return density_; }

 private:
  void accumulate(const crypto::r1cs::LinearCombination& lc, const crypto::Fr& l,
                  std::vector<crypto::Fr> VariablePolynomials::*which);

  std::vector<crypto::Fr> lagrange_;
  std::size_t constraints_ = 0;
  VariablePolynomials inputs_;
  VariablePolynomials aux_;
  QueryDensity density_;
};

}  // namespace tessera::groth16
