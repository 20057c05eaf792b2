#include "crypto/r1cs/neptune_constants.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "common/error.hpp"

namespace tessera::crypto::r1cs {
namespace {

// The row vector v times m (neptune apply_matrix): out[j] = Σ_i m[i][j]·v[i].
std::vector<Fr> apply_matrix(const FrMatrix& m, const std::vector<Fr>& v) {
  std::vector<Fr> out(v.size());
  for (std::size_t j = 0; j < v.size(); ++j) {
    Fr acc;
    for (std::size_t i = 0; i < v.size(); ++i) acc += m[i][j] * v[i];
    out[j] = acc;
  }
  return out;
}

FrMatrix minor00(const FrMatrix& m) {
  FrMatrix out;
  for (std::size_t i = 1; i < m.size(); ++i) out.emplace_back(m[i].begin() + 1, m[i].end());
  return out;
}

// neptune make_prime: diag(1, M̂).
FrMatrix make_prime(const FrMatrix& m) {
  const std::size_t n = m.size();
  FrMatrix out(n, std::vector<Fr>(n));
  out[0][0] = Fr::one();
  for (std::size_t i = 1; i < n; ++i) {
    for (std::size_t j = 1; j < n; ++j) out[i][j] = m[i][j];
  }
  return out;
}

// neptune make_double_prime, kept in its sparse form.
NeptuneSparseMatrix make_double_prime(const FrMatrix& m) {
  const std::size_t n = m.size();
  const FrMatrix m_hat_inv = fr_matrix_inverse(minor00(m));
  std::vector<Fr> w(n - 1);
  for (std::size_t i = 1; i < n; ++i) w[i - 1] = m[i][0];
  const std::vector<Fr> w_hat = apply_matrix(m_hat_inv, w);
  NeptuneSparseMatrix s;
  s.w_hat.push_back(m[0][0]);
  s.w_hat.insert(s.w_hat.end(), w_hat.begin(), w_hat.end());
  s.v_rest.assign(m[0].begin() + 1, m[0].end());
  return s;
}

std::vector<Fr> round_keys(const PoseidonConstants& c, std::size_t round) {
  const std::size_t width = c.arity + 1;
  return std::vector<Fr>(
      c.round_constants.begin() + static_cast<std::ptrdiff_t>(round * width),
      c.round_constants.begin() + static_cast<std::ptrdiff_t>((round + 1) * width));
}

// neptune compress_round_constants with every partial round preprocessed.
std::vector<Fr> compress_round_constants(const PoseidonConstants& c, const FrMatrix& m_inv) {
  const std::size_t half = c.full_rounds / 2;
  const std::size_t partial = c.partial_rounds;
  std::vector<Fr> res = round_keys(c, 0);
  auto extend = [&res](const std::vector<Fr>& v) { res.insert(res.end(), v.begin(), v.end()); };
  for (std::size_t i = 0; i + 1 < half; ++i) extend(apply_matrix(m_inv, round_keys(c, i + 1)));

  std::vector<Fr> partial_keys;
  const std::size_t final_round = half + partial;
  std::vector<Fr> acc = round_keys(c, final_round);
  for (std::size_t i = 0; i < partial; ++i) {
    const std::vector<Fr> previous = round_keys(c, final_round - i - 1);
    std::vector<Fr> inverted = apply_matrix(m_inv, acc);
    partial_keys.push_back(inverted[0]);
    inverted[0] = Fr();
    for (std::size_t j = 0; j < inverted.size(); ++j) inverted[j] += previous[j];
    acc = std::move(inverted);
  }
  extend(apply_matrix(m_inv, acc));
  res.insert(res.end(), partial_keys.rbegin(), partial_keys.rend());
  for (std::size_t i = 1; i < half; ++i) {
    extend(apply_matrix(m_inv, round_keys(c, i + half + partial)));
  }
  return res;
}

NeptuneConstants derive(std::size_t arity) {
  const PoseidonConstants& base = poseidon_constants(arity);
  NeptuneConstants n;
  n.arity = arity;
  n.width = arity + 1;
  n.full_rounds = base.full_rounds;
  n.partial_rounds = base.partial_rounds;
  n.domain_tag = base.domain_tag;
  n.m = base.mds;
  n.compressed_round_constants = compress_round_constants(base, fr_matrix_inverse(base.mds));
  // factor_to_sparse_matrices: peel one sparse factor per partial round, last round first.
  FrMatrix current = base.mds;
  for (std::size_t i = 0; i < n.partial_rounds; ++i) {
    n.sparse_matrixes.push_back(make_double_prime(current));
    current = fr_matrix_multiply(base.mds, make_prime(current));
  }
  std::reverse(n.sparse_matrixes.begin(), n.sparse_matrixes.end());
  n.pre_sparse_matrix = std::move(current);
  return n;
}

}  // namespace

const NeptuneConstants& neptune_constants(std::size_t arity) {
  static std::mutex mutex;
  static std::map<std::size_t, std::unique_ptr<NeptuneConstants>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(arity);
  if (it == cache.end()) {
    it = cache.emplace(arity, std::make_unique<NeptuneConstants>(derive(arity))).first;
  }
  return *it->second;
}

}  // namespace tessera::crypto::r1cs
