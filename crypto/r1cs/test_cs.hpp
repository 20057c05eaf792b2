// A constraint system for tests: keeps the input and aux assignments and checks each constraint
// as it is enforced, remembering the first unsatisfied one (its index and namespace path).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "crypto/r1cs/constraint_system.hpp"

namespace tessera::crypto::r1cs {

class TestConstraintSystem final : public ConstraintSystem {
 public:
  struct Failure {
    std::size_t index;  // constraint number in synthesis order
    std::string path;   // namespace path, '/'-separated
  };

  TestConstraintSystem();

  Variable alloc(const Fr& value) override;
  Variable alloc_input(const Fr& value) override;
  void enforce(LinearCombination a, LinearCombination b, LinearCombination c) override;
  bool tracks_namespaces() const override { return true; }
  void push_namespace(std::string name) override;
  void pop_namespace() override;

  // True when every constraint enforced so far holds.
  bool is_satisfied() const { return !failure_.has_value(); }
  // The first unsatisfied constraint, if any.
  const std::optional<Failure>& first_failure() const { return failure_; }
  std::size_t num_constraints() const { return constraints_; }
  // Inputs including ONE.
  std::size_t num_inputs() const { return inputs_.size(); }
  std::size_t num_aux() const { return aux_.size(); }
  // The input assignment, ONE first.
  const std::vector<Fr>& inputs() const { return inputs_; }
  const std::vector<Fr>& aux() const { return aux_; }
  // Value of a variable (InvalidInput when out of range).
  Fr value(Variable v) const;

 private:
  std::string path() const;

  std::vector<Fr> inputs_;
  std::vector<Fr> aux_;
  std::vector<std::string> namespaces_;
  std::size_t constraints_ = 0;
  std::optional<Failure> failure_;
};

}  // namespace tessera::crypto::r1cs
