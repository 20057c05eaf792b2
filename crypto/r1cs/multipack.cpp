#include "crypto/r1cs/multipack.hpp"

#include <algorithm>

namespace tessera::crypto::r1cs {
namespace {

// Σ 2^i·bits[i]; left empty when the system only counts.
Num pack(const ConstraintSystem& cs, const Boolean* bits, std::size_t count) {
  Num num;
  if (cs.counting_only()) return num;
  num.lc.reserve(count);
  Fr coeff = Fr::one();
  for (std::size_t i = 0; i < count; ++i) {
    num.add_bool_with_coeff(bits[i], coeff);
    coeff += coeff;
  }
  return num;
}

}  // namespace

void pack_into_inputs(ConstraintSystem& cs, const std::vector<Boolean>& bits) {
  for (std::size_t offset = 0; offset < bits.size(); offset += kFrCapacity) {
    const std::size_t count = std::min(kFrCapacity, bits.size() - offset);
    Num num = pack(cs, bits.data() + offset, count);
    const Variable input = cs.alloc_input(num.value);
    cs.enforce(std::move(num.lc), LinearCombination::of(ConstraintSystem::one()),
               LinearCombination::of(input));
  }
}

AllocatedNum pack_bits(ConstraintSystem& cs, const std::vector<Boolean>& bits) {
  Num num = pack(cs, bits.data(), std::min(kFrCapacity, bits.size()));
  const AllocatedNum out = AllocatedNum::alloc(cs, num.value);
  cs.enforce(std::move(num.lc), LinearCombination::of(ConstraintSystem::one()),
             LinearCombination::of(out.var));
  return out;
}

std::vector<Fr> compute_multipacking(const std::vector<bool>& bits) {
  std::vector<Fr> out;
  for (std::size_t offset = 0; offset < bits.size(); offset += kFrCapacity) {
    const std::size_t count = std::min(kFrCapacity, bits.size() - offset);
    Fr cur;
    Fr coeff = Fr::one();
    for (std::size_t i = 0; i < count; ++i) {
      if (bits[offset + i]) cur += coeff;
      coeff += coeff;
    }
    out.push_back(cur);
  }
  return out;
}

}  // namespace tessera::crypto::r1cs
