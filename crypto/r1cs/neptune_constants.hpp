// The Poseidon constants in the exact form neptune v11's legacy circuit consumes
// (neptune src/preprocessing.rs compress_round_constants, src/mds.rs factor_to_sparse_matrixes),
// derived from crypto/poseidon.hpp's round constants and MDS matrix. The circuit's linear
// combinations depend on these exact values, so they follow neptune's algorithm step by step.
#pragma once

#include <cstddef>
#include <vector>

#include "crypto/poseidon.hpp"

namespace tessera::crypto::r1cs {

// neptune's SparseMatrix: w_hat is the first column (dense), v_rest the first row after
// element 0; the rest is the identity.
struct NeptuneSparseMatrix {
  std::vector<Fr> w_hat;   // width
  std::vector<Fr> v_rest;  // width − 1
};

struct NeptuneConstants {
  std::size_t arity = 0;
  std::size_t width = 0;
  std::size_t full_rounds = 0;
  std::size_t partial_rounds = 0;
  Fr domain_tag;
  std::vector<Fr> compressed_round_constants;  // full_rounds·width + partial_rounds
  FrMatrix m;                                  // the MDS matrix
  FrMatrix pre_sparse_matrix;
  std::vector<NeptuneSparseMatrix> sparse_matrixes;  // one per partial round
};

// Constants for arity 2, 4, 8, 11 or 16 (cached); InvalidInput for other arities.
const NeptuneConstants& neptune_constants(std::size_t arity);

}  // namespace tessera::crypto::r1cs
