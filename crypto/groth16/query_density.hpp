// Which variables the A and B queries of a Groth16 proving key cover (reference/snark.md §1.3):
// bellperson drops the zero polynomials from A and B, so the prover and the parameter generator
// must agree, variable by variable, on which ones have a non-zero coefficient in some A (aux
// only: inputs are always in A through their x·0 = 0 constraints) or some B.
#pragma once

#include <cstddef>
#include <vector>

#include "crypto/r1cs/linear_combination.hpp"

namespace tessera::groth16 {

struct QueryDensity {
  std::vector<bool> a_aux;    // aux i appears in some A
  std::vector<bool> b_input;  // input i appears in some B
  std::vector<bool> b_aux;    // aux i appears in some B

  void add_input() { b_input.push_back(false); }
  void add_aux() {
    a_aux.push_back(false);
    b_aux.push_back(false);
  }
  // Marks the variables of one constraint's A and B (both compacted: merged, zero terms dropped).
  void mark(const crypto::r1cs::LinearCombination& a, const crypto::r1cs::LinearCombination& b) {
    for (const auto& t : a.terms()) {
      if (!t.var.is_input()) a_aux[t.var.index()] = true;
    }
    for (const auto& t : b.terms()) {
      (t.var.is_input() ? b_input : b_aux)[t.var.index()] = true;
    }
  }
};

// How many entries of a density bitmap are set.
inline std::size_t count_set(const std::vector<bool>& bits) {
  std::size_t n = 0;
  for (bool b : bits) n += b ? 1 : 0;
  return n;
}

}  // namespace tessera::groth16
