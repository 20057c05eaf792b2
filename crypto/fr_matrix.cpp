#include "crypto/fr_matrix.hpp"

#include <utility>

#include "common/error.hpp"

namespace tessera::crypto {

FrMatrix fr_matrix_multiply(const FrMatrix& a, const FrMatrix& b) {
  const std::size_t n = a.size();
  FrMatrix out(n, std::vector<Fr>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t k = 0; k < n; ++k) out[i][j] += a[i][k] * b[k][j];
    }
  }
  return out;
}

FrMatrix fr_matrix_inverse(FrMatrix m) {
  const std::size_t n = m.size();
  FrMatrix inv(n, std::vector<Fr>(n));
  for (std::size_t i = 0; i < n; ++i) inv[i][i] = Fr::one();
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    while (pivot < n && m[pivot][col].is_zero()) ++pivot;
    if (pivot == n) throw InvalidInput("singular Poseidon matrix");
    std::swap(m[col], m[pivot]);
    std::swap(inv[col], inv[pivot]);
    const Fr scale = m[col][col].inverse();
    for (std::size_t j = 0; j < n; ++j) {
      m[col][j] *= scale;
      inv[col][j] *= scale;
    }
    for (std::size_t row = 0; row < n; ++row) {
      if (row == col || m[row][col].is_zero()) continue;
      const Fr factor = m[row][col];
      for (std::size_t j = 0; j < n; ++j) {
        m[row][j] = m[row][j] - factor * m[col][j];
        inv[row][j] = inv[row][j] - factor * inv[col][j];
      }
    }
  }
  return inv;
}

}  // namespace tessera::crypto
