#include "crypto/r1cs/num.hpp"

namespace tessera::crypto::r1cs {

AllocatedNum AllocatedNum::alloc(ConstraintSystem& cs, const Fr& value) {
  return AllocatedNum{cs.alloc(value), value};
}

AllocatedNum AllocatedNum::alloc_input(ConstraintSystem& cs, const Fr& value) {
  return AllocatedNum{cs.alloc_input(value), value};
}

void AllocatedNum::inputize(ConstraintSystem& cs) const {
  const Variable input = cs.alloc_input(value);
  cs.enforce(LinearCombination::of(input), LinearCombination::of(ConstraintSystem::one()),
             LinearCombination::of(var));
}

std::vector<Boolean> AllocatedNum::to_bits_le(ConstraintSystem& cs) const {
  const auto bits = field_into_allocated_bits_le(cs, value);
  LinearCombination lc;
  if (!cs.counting_only()) {
    lc.reserve(bits.size() + 1);
    Fr coeff = Fr::one();
    for (const auto& bit : bits) {
      lc.add(bit.var, coeff);
      coeff += coeff;
    }
    lc.sub(var);
  }
  cs.enforce(LinearCombination(), LinearCombination(), std::move(lc));
  std::vector<Boolean> out;
  out.reserve(bits.size());
  for (const auto& bit : bits) out.push_back(Boolean::is(bit));
  return out;
}

AllocatedNum AllocatedNum::square(ConstraintSystem& cs) const {
  const AllocatedNum r = alloc(cs, value.square());
  cs.enforce(LinearCombination::of(var), LinearCombination::of(var), LinearCombination::of(r.var));
  return r;
}

AllocatedNum AllocatedNum::mul(ConstraintSystem& cs, const AllocatedNum& other) const {
  const AllocatedNum r = alloc(cs, value * other.value);
  cs.enforce(LinearCombination::of(var), LinearCombination::of(other.var),
             LinearCombination::of(r.var));
  return r;
}

AllocatedNum AllocatedNum::add(ConstraintSystem& cs, const AllocatedNum& other) const {
  const AllocatedNum r = alloc(cs, value + other.value);
  LinearCombination a;
  a.add(var).add(other.var);
  cs.enforce(std::move(a), LinearCombination::of(ConstraintSystem::one()),
             LinearCombination::of(r.var));
  return r;
}

Num Num::from(const AllocatedNum& n) {
  return Num{n.value, LinearCombination::of(n.var)};
}

Num& Num::add_bool_with_coeff(const Boolean& bit, const Fr& coeff) {
  if (bit.value()) value += coeff;
  bit.add_to(lc, coeff);
  return *this;
}

Num& Num::add(const Num& other) {
  value += other.value;
  lc.add(other.lc);
  return *this;
}

Num& Num::scale(const Fr& s) {
  value *= s;
  lc.scale(s);
  return *this;
}

void enforce_equal(ConstraintSystem& cs, const AllocatedNum& a, const AllocatedNum& b) {
  cs.enforce(LinearCombination::of(a.var), LinearCombination::of(ConstraintSystem::one()),
             LinearCombination::of(b.var));
}

AllocatedNum add_nums(ConstraintSystem& cs, const AllocatedNum& a, const AllocatedNum& b) {
  const AllocatedNum r = AllocatedNum::alloc(cs, a.value + b.value);
  LinearCombination la;
  la.add(a.var).add(b.var);
  cs.enforce(std::move(la), LinearCombination::of(ConstraintSystem::one()),
             LinearCombination::of(r.var));
  return r;
}

AllocatedNum sub_nums(ConstraintSystem& cs, const AllocatedNum& a, const AllocatedNum& b) {
  const AllocatedNum r = AllocatedNum::alloc(cs, a.value - b.value);
  LinearCombination la;
  la.add(r.var).add(b.var);
  cs.enforce(std::move(la), LinearCombination::of(ConstraintSystem::one()),
             LinearCombination::of(a.var));
  return r;
}

AllocatedNum pick(ConstraintSystem& cs, const Boolean& condition, const AllocatedNum& a,
                  const AllocatedNum& b) {
  const AllocatedNum c = AllocatedNum::alloc(cs, condition.value() ? a.value : b.value);
  LinearCombination la;
  la.add(b.var).sub(a.var);
  LinearCombination lc;
  lc.add(b.var).sub(c.var);
  cs.enforce(std::move(la), condition.lc(), std::move(lc));
  return c;
}

}  // namespace tessera::crypto::r1cs
