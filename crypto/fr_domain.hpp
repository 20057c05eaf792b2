// The radix-2 evaluation domains of Fr that bellperson's Groth16 uses (reference/snark.md §1.6):
// size m = 2^k, generator ω = ROOT_OF_UNITY^(2^(32−k)) with ROOT_OF_UNITY = 7^((r−1)/2^32), coset
// generator 7. A proving key is made of evaluations over exactly this domain, so a prover using
// another ω or coset produces proofs that do not verify.
#pragma once

#include <cstdint>
#include <vector>

#include "common/executor/stage_context.hpp"
#include "crypto/fr.hpp"

namespace tessera::crypto {

class FrDomain {
 public:
  // The smallest domain with at least n points (n = 0 gives size 1). InvalidInput when n > 2^32.
  static FrDomain for_size(std::uint64_t n);

  std::uint64_t size() const { return size_; }
  unsigned log_size() const { return log_size_; }
  const Fr& omega() const { return omega_; }

  // Coefficients → evaluations at ω^0..ω^(m−1), in place. a.size() must equal size()
  // (InvalidInput otherwise); runs on up to ctx.cores() threads.
  void fft(std::vector<Fr>& a, StageContext& ctx) const;
  // Evaluations at ω^j → coefficients (the inverse of fft).
  void ifft(std::vector<Fr>& a, StageContext& ctx) const;
  // Coefficients → evaluations at 7·ω^j.
  void coset_fft(std::vector<Fr>& a, StageContext& ctx) const;
  // Evaluations at 7·ω^j → coefficients.
  void icoset_fft(std::vector<Fr>& a, StageContext& ctx) const;
  // Divides evaluations on the coset by the vanishing polynomial Z(x) = x^m − 1, which is the
  // constant 7^m − 1 there.
  void divide_by_z_on_coset(std::vector<Fr>& a, StageContext& ctx) const;
  // Z(tau) = tau^m − 1.
  Fr vanishing_at(const Fr& tau) const;
  // The Lagrange basis at tau: L_j(tau) for j = 0..m−1, where L_j is 1 at ω^j and 0 at the other
  // points (tau must not be a point of the domain: InvalidInput).
  std::vector<Fr> lagrange_at(const Fr& tau, StageContext& ctx) const;

 private:
  FrDomain(std::uint64_t size, unsigned log_size, const Fr& omega);
  std::uint64_t size_;
  unsigned log_size_;
  Fr omega_;
};

// ROOT_OF_UNITY = 7^((r−1)/2^32), a primitive 2^32-th root of unity (blstrs' constant).
const Fr& fr_root_of_unity();

}  // namespace tessera::crypto
