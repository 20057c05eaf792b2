// Many multiples k_i·P of one fixed base P (parameter generation: every SRS point is a scalar
// times a generator). A table built once holds, for each w-bit window of a scalar, the multiples
// 1..2^(w−1) of 2^(w·window)·P; a product is then one ±entry per non-zero signed digit and no
// doubling. The products of a batch are summed in affine coordinates side by side, so that every
// addition of a window step shares one field inversion with the whole batch (Montgomery's trick):
// about 6 field multiplications an addition instead of a mixed Jacobian addition's 11, and the
// sums come out affine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/executor/stage_context.hpp"
#include "crypto/bls12_381/g1.hpp"
#include "crypto/bls12_381/g2.hpp"
#include "crypto/bls12_381/scalar.hpp"

namespace tessera::bls12_381 {

// The window table of one base, built once and shared by any number of products (G1Curve or
// G2Curve).
template <class Curve>
class FixedBaseTable {
 public:
  // The window multiples of `base`, with the window width that suits about `products` products
  // (at most 16 bits: 17·2^15 points, 58 MB for G1, 111 MB for G2), built on up to ctx.cores()
  // threads.
  FixedBaseTable(const Affine<Curve>& base, std::size_t products, StageContext& ctx);

  // out[i] = scalars[i]·base as affine points, for any 256-bit scalars, on up to ctx.cores()
  // threads. InvalidInput when out.size() differs from scalars.size().
  void mul(std::span<const Scalar> scalars, std::span<Affine<Curve>> out, StageContext& ctx) const;

  // The window width w the table was built with.
  unsigned window_bits() const { return window_bits_; }

 private:
  const Affine<Curve>& entry(unsigned window, unsigned magnitude) const {
    return table_[window * per_window_ + magnitude - 1];
  }
  // mul for one batch of products, on the calling thread.
  void mul_batch(std::span<const Scalar> scalars, std::span<Affine<Curve>> out) const;

  unsigned window_bits_;
  unsigned windows_;
  std::size_t per_window_;  // 2^(w−1): digits run over −2^(w−1)..2^(w−1)
  std::vector<Affine<Curve>> table_;
};

extern template class FixedBaseTable<G1Curve>;
extern template class FixedBaseTable<G2Curve>;

// out[i] = scalars[i]·base with a table built for this call alone (FixedBaseTable's contract).
void fixed_base_mul(const G1Affine& base, std::span<const Scalar> scalars, std::span<G1Affine> out,
                    StageContext& ctx);
void fixed_base_mul(const G2Affine& base, std::span<const Scalar> scalars, std::span<G2Affine> out,
                    StageContext& ctx);

}  // namespace tessera::bls12_381
