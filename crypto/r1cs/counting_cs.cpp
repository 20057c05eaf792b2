#include "crypto/r1cs/counting_cs.hpp"

namespace tessera::crypto::r1cs {

Variable CountingConstraintSystem::alloc(const Fr& /*value*/) {
  return Variable::aux(aux_++);
}

Variable CountingConstraintSystem::alloc_input(const Fr& /*value*/) {
  return Variable::input(inputs_++);
}

void CountingConstraintSystem::enforce(LinearCombination /*a*/, LinearCombination /*b*/,
                                       LinearCombination /*c*/) {
  ++constraints_;
}

}  // namespace tessera::crypto::r1cs
