// Square matrices over Fr, row-major (m[row][column]), for deriving Poseidon's constants: the
// native hash's optimized schedule (poseidon.cpp) and neptune's circuit constants
// (r1cs/neptune_constants.cpp) use the same products and inverses.
#pragma once

#include <vector>

#include "crypto/fr.hpp"

namespace tessera::crypto {

using FrMatrix = std::vector<std::vector<Fr>>;

// a · b for n×n matrices.
FrMatrix fr_matrix_multiply(const FrMatrix& a, const FrMatrix& b);

// The inverse by Gauss-Jordan elimination; InvalidInput when m is singular.
FrMatrix fr_matrix_inverse(FrMatrix m);

}  // namespace tessera::crypto
