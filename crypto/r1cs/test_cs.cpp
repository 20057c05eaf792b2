#include "crypto/r1cs/test_cs.hpp"

#include "common/error.hpp"

namespace tessera::crypto::r1cs {

TestConstraintSystem::TestConstraintSystem() {
  inputs_.push_back(Fr::one());
}

Variable TestConstraintSystem::alloc(const Fr& value) {
  aux_.push_back(value);
  return Variable::aux(aux_.size() - 1);
}

Variable TestConstraintSystem::alloc_input(const Fr& value) {
  inputs_.push_back(value);
  return Variable::input(inputs_.size() - 1);
}

void TestConstraintSystem::enforce(LinearCombination a, LinearCombination b, LinearCombination c) {
  const std::size_t index = constraints_++;
  if (failure_) return;
  const Fr lhs = a.evaluate(inputs_, aux_) * b.evaluate(inputs_, aux_);
  if (lhs != c.evaluate(inputs_, aux_)) failure_ = Failure{index, path()};
}

void TestConstraintSystem::push_namespace(std::string name) {
  namespaces_.push_back(std::move(name));
}

void TestConstraintSystem::pop_namespace() {
  if (!namespaces_.empty()) namespaces_.pop_back();
}

Fr TestConstraintSystem::value(Variable v) const {
  const auto& values = v.is_input() ? inputs_ : aux_;
  if (v.index() >= values.size()) throw InvalidInput("r1cs: variable out of range");
  return values[v.index()];
}

std::string TestConstraintSystem::path() const {
  std::string out;
  for (const auto& n : namespaces_) {
    if (!out.empty()) out += '/';
    out += n;
  }
  return out;
}

}  // namespace tessera::crypto::r1cs
