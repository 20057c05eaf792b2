// The BLS12-381 base field Fp, p = 0x1a0111ea…ffffaaab (381 bits), in Montgomery form with
// 6×64-bit little-endian limbs. Byte form is the zcash/blst one: 48-byte big-endian integers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/bls12_381/fp_limbs.hpp"

namespace tessera::bls12_381 {

// x^e in any field type F with one(), square() and *, by a fixed 4-bit window over the
// little-endian limbs of e (variable time in e).
template <class F, std::size_t N>
F window_pow(const F& x, const std::array<std::uint64_t, N>& e) {
  F table[16];
  table[0] = F::one();
  for (int i = 1; i < 16; ++i) table[i] = table[i - 1] * x;
  F r = F::one();
  bool started = false;
  for (std::size_t nibble = 16 * N; nibble-- > 0;) {
    const unsigned d = static_cast<unsigned>(e[nibble / 16] >> (4 * (nibble % 16))) & 15;
    if (started) r = r.square().square().square().square();
    if (d) {
      r = started ? r * table[d] : table[d];
      started = true;
    }
  }
  return r;
}

class Fp {
 public:
  Fp() = default;  // zero
  static Fp zero() { return Fp(); }
  static Fp one();
  static Fp from_uint(std::uint64_t v);
  // From a canonical integer given as little-endian limbs; throws InvalidInput when >= p.
  static Fp from_limbs(const Limbs6& canonical);
  // From 48 big-endian bytes; throws InvalidInput when the integer is >= p (non-canonical).
  static Fp from_bytes_be(const std::uint8_t* be48);
  // From big-endian hex (optional 0x, at most 96 digits); throws InvalidInput on bad digits or >=
  // p.
  static Fp from_hex(std::string_view hex);
  // Wraps raw Montgomery limbs (must be < p).
  static Fp from_montgomery(const Limbs6& limbs) {
    Fp f;
    f.m_ = limbs;
    return f;
  }

  // The canonical integer, little-endian limbs.
  Limbs6 to_limbs() const;
  // 48 big-endian bytes of the canonical integer.
  void to_bytes_be(std::uint8_t* be48) const;
  std::array<std::uint8_t, 48> to_bytes_be() const;
  // Lower-case hex of the canonical integer, 96 digits.
  std::string to_hex() const;
  const Limbs6& montgomery() const { return m_; }

  Fp operator+(const Fp& o) const { return from_montgomery(fp_detail::add_mod(m_, o.m_)); }
  Fp operator-(const Fp& o) const { return from_montgomery(fp_detail::sub_mod(m_, o.m_)); }
  Fp operator-() const { return from_montgomery(fp_detail::sub_mod(Limbs6{}, m_)); }
  Fp operator*(const Fp& o) const;
  Fp& operator+=(const Fp& o) { return *this = *this + o; }
  Fp& operator-=(const Fp& o) { return *this = *this - o; }
  Fp& operator*=(const Fp& o) { return *this = *this * o; }
  Fp dbl() const { return *this + *this; }
  Fp square() const;
  // this^e for an exponent given as little-endian limbs (fixed 4-bit window; variable time in e).
  template <std::size_t N>
  Fp pow(const std::array<std::uint64_t, N>& e) const {
    return window_pow(*this, e);
  }
  // Multiplicative inverse; the inverse of zero is zero.
  Fp inverse() const;
  // A square root when one exists (this^((p+1)/4), the root noble and blst return), else nullopt.
  std::optional<Fp> sqrt() const;
  // True for zero and the non-zero squares (Euler's criterion).
  bool is_square() const;
  // True when the canonical value is > (p−1)/2, the zcash "sign" of a y coordinate.
  bool lexicographically_largest() const;

  bool is_zero() const { return m_ == Limbs6{}; }
  bool operator==(const Fp& o) const { return m_ == o.m_; }
  bool operator!=(const Fp& o) const { return m_ != o.m_; }

 private:
  Limbs6 m_{};
};

}  // namespace tessera::bls12_381
