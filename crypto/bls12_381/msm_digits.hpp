// Signed window digits of 256-bit scalars for Pippenger's method: Booth recoding, where each
// window's digit depends only on c + 1 bits of the scalar, so windows can be computed
// independently (and by different threads).
#pragma once

#include <cstdint>

#include "crypto/bls12_381/curve.hpp"

namespace tessera::bls12_381::msm_detail {

// Bits [pos, pos + len) of k (len ≤ 63); bits at 256 and above read as zero.
inline std::uint64_t scalar_bits(const Scalar& k, unsigned pos, unsigned len) {
  const unsigned limb = pos / 64;
  if (limb >= 4) return 0;
  const unsigned __int128 pair =
      (static_cast<unsigned __int128>(limb + 1 < 4 ? k[limb + 1] : 0) << 64) | k[limb];
  return static_cast<std::uint64_t>(pair >> (pos % 64)) & ((std::uint64_t{1} << len) - 1);
}

// The digit of window w of width c (1 ≤ c ≤ 62): bits [cw, cw + c) of k, plus bit cw − 1, minus
// 2^c times bit cw + c − 1. Digits lie in [−2^(c−1), 2^(c−1)] and Σ_w digit_w·2^(cw) = k when
// the windows reach past the scalar's top set bit (c·windows > bit length).
inline std::int64_t booth_digit(const Scalar& k, unsigned c, unsigned w) {
  // u = the c + 1 bits from bit cw − 1 up (bit −1 reads as zero).
  const std::uint64_t u = w == 0 ? scalar_bits(k, 0, c) << 1 : scalar_bits(k, c * w - 1, c + 1);
  const auto low = static_cast<std::int64_t>((u >> 1) + (u & 1));
  return low - static_cast<std::int64_t>((u >> c) << c);
}

// The number of windows of width c that Booth digits need for scalars of `bits` bits.
inline unsigned window_count(unsigned bits, unsigned c) {
  return bits / c + 1;
}

}  // namespace tessera::bls12_381::msm_detail
