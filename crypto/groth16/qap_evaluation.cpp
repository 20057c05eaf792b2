#include "crypto/groth16/qap_evaluation.hpp"

#include <string>

#include "common/error.hpp"

namespace tessera::groth16 {

using crypto::Fr;
using crypto::r1cs::LinearCombination;
using crypto::r1cs::Variable;

namespace {

void grow(VariablePolynomials& p) {
  p.a.emplace_back();
  p.b.emplace_back();
  p.c.emplace_back();
}

}  // namespace

QapEvaluation::QapEvaluation(std::vector<Fr> lagrange) : lagrange_(std::move(lagrange)) {
  grow(inputs_);
  density_.add_input();
}

Variable QapEvaluation::alloc(const Fr& /*value*/) {
  grow(aux_);
  density_.add_aux();
  return Variable::aux(aux_.a.size() - 1);
}

Variable QapEvaluation::alloc_input(const Fr& /*value*/) {
  grow(inputs_);
  density_.add_input();
  return Variable::input(inputs_.a.size() - 1);
}

void QapEvaluation::accumulate(const LinearCombination& lc, const Fr& l,
                               std::vector<Fr> VariablePolynomials::*which) {
  for (const auto& t : lc.terms()) {
    auto& column = (t.var.is_input() ? inputs_ : aux_).*which;
    column[t.var.index()] += t.coeff * l;
  }
}

void QapEvaluation::enforce(LinearCombination a, LinearCombination b, LinearCombination c) {
  if (constraints_ >= lagrange_.size()) {
    throw InvalidInput("QAP evaluation: constraint " + std::to_string(constraints_) +
                       " does not fit the domain of " + std::to_string(lagrange_.size()) +
                       " points");
  }
  a.compact();
  b.compact();
  c.compact();
  density_.mark(a, b);
  const Fr& l = lagrange_[constraints_++];
  accumulate(a, l, &VariablePolynomials::a);
  accumulate(b, l, &VariablePolynomials::b);
  accumulate(c, l, &VariablePolynomials::c);
}

void QapEvaluation::add_input_constraints() {
  const std::size_t n = inputs_.a.size();
  for (std::size_t i = 0; i < n; ++i) {
    enforce(LinearCombination::of(Variable::input(i)), LinearCombination(), LinearCombination());
  }
}

}  // namespace tessera::groth16
