// Limb-level arithmetic modulo the BLS12-381 base-field prime p on 6×64-bit little-endian limbs:
// add/subtract mod p (x86-64 assembly when optimizing, portable code otherwise) and the two
// Montgomery multiplications Fp chooses between. Fp (fp.hpp) is the interface to use.
#pragma once

#include <array>
#include <cstdint>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <x86intrin.h>
#endif

namespace tessera::bls12_381 {

using Limbs6 = std::array<std::uint64_t, 6>;

// p, little-endian limbs.
inline constexpr Limbs6 kFpModulus = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL,
                                      0x6730d2a0f6b0f624ULL, 0x64774b84f38512bfULL,
                                      0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};

namespace fp_detail {
using u128 = unsigned __int128;

// Add with carry and subtract with borrow: the x86-64 intrinsics (plain adc/sbb, no ISA
// extension needed) where the compiler has them, else 128-bit arithmetic.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
inline std::uint64_t addc(std::uint64_t a, std::uint64_t b, unsigned char& carry) {
  unsigned long long r;
  carry = _addcarry_u64(carry, a, b, &r);
  return r;
}
inline std::uint64_t subb(std::uint64_t a, std::uint64_t b, unsigned char& borrow) {
  unsigned long long r;
  borrow = _subborrow_u64(borrow, a, b, &r);
  return r;
}
#else
inline std::uint64_t addc(std::uint64_t a, std::uint64_t b, unsigned char& carry) {
  const u128 t = static_cast<u128>(a) + b + carry;
  carry = static_cast<unsigned char>(t >> 64);
  return static_cast<std::uint64_t>(t);
}
inline std::uint64_t subb(std::uint64_t a, std::uint64_t b, unsigned char& borrow) {
  const u128 t = static_cast<u128>(a) - b - borrow;
  borrow = static_cast<unsigned char>((t >> 64) & 1);
  return static_cast<std::uint64_t>(t);
}
#endif

// r = a − p when a >= p, else a (branch-free); a < 2p.
inline Limbs6 reduce_once(const Limbs6& a) {
  Limbs6 d;
  unsigned char borrow = 0;
  for (int i = 0; i < 6; ++i) d[i] = subb(a[i], kFpModulus[i], borrow);
  const std::uint64_t keep = 0 - static_cast<std::uint64_t>(borrow);
  for (int i = 0; i < 6; ++i) d[i] = (a[i] & keep) | (d[i] & ~keep);
  return d;
}

#if defined(__x86_64__) && defined(__GNUC__) && defined(__OPTIMIZE__)
// GCC turns the portable select into stack round trips and SSE, so the x86-64 add and subtract
// are written out: an adc/sbb chain, the correction chain, and cmov on the final flag. (Not at
// -O0, where the compiler cannot find the 14 registers; both forms compute the same values.)
inline Limbs6 add_mod(const Limbs6& a, const Limbs6& b) {
  // s = a + b; t = s + (2^384 − p) carries out exactly when s >= p, else t = s. The constants
  // are immediates (movabs), so no register holds an address once the outputs are written.
  std::uint64_t s0, s1, s2, s3, s4, s5, t0, t1, t2, t3, t4, t5;
  asm("movq 0(%[a]), %[s0]\n\tmovq 8(%[a]), %[s1]\n\tmovq 16(%[a]), %[s2]\n\t"
      "movq 24(%[a]), %[s3]\n\tmovq 32(%[a]), %[s4]\n\tmovq 40(%[a]), %[s5]\n\t"
      "addq 0(%[b]), %[s0]\n\tadcq 8(%[b]), %[s1]\n\tadcq 16(%[b]), %[s2]\n\t"
      "adcq 24(%[b]), %[s3]\n\tadcq 32(%[b]), %[s4]\n\tadcq 40(%[b]), %[s5]\n\t"
      "movabsq %[n0], %[t0]\n\taddq %[s0], %[t0]\n\t"
      "movabsq %[n1], %[t1]\n\tadcq %[s1], %[t1]\n\t"
      "movabsq %[n2], %[t2]\n\tadcq %[s2], %[t2]\n\t"
      "movabsq %[n3], %[t3]\n\tadcq %[s3], %[t3]\n\t"
      "movabsq %[n4], %[t4]\n\tadcq %[s4], %[t4]\n\t"
      "movabsq %[n5], %[t5]\n\tadcq %[s5], %[t5]\n\t"
      "cmovncq %[s0], %[t0]\n\tcmovncq %[s1], %[t1]\n\tcmovncq %[s2], %[t2]\n\t"
      "cmovncq %[s3], %[t3]\n\tcmovncq %[s4], %[t4]\n\tcmovncq %[s5], %[t5]"
      : [s0] "=&r"(s0), [s1] "=&r"(s1), [s2] "=&r"(s2), [s3] "=&r"(s3), [s4] "=&r"(s4),
        [s5] "=&r"(s5), [t0] "=r"(t0), [t1] "=r"(t1), [t2] "=r"(t2), [t3] "=r"(t3), [t4] "=r"(t4),
        [t5] "=r"(t5)
      : [a] "r"(a.data()), [b] "r"(b.data()), "m"(a),
        "m"(b), [n0] "i"(~kFpModulus[0] + 1), [n1] "i"(~kFpModulus[1]), [n2] "i"(~kFpModulus[2]),
        [n3] "i"(~kFpModulus[3]), [n4] "i"(~kFpModulus[4]), [n5] "i"(~kFpModulus[5])
      : "cc");
  return {t0, t1, t2, t3, t4, t5};
}

inline Limbs6 sub_mod(const Limbs6& a, const Limbs6& b) {
  // d = a − b; on a borrow (m = −1) the result is d + p, computed with immediates as above.
  std::uint64_t d0, d1, d2, d3, d4, d5, e0, e1, e2, e3, e4, e5, m;
  asm("movq 0(%[a]), %[d0]\n\tmovq 8(%[a]), %[d1]\n\tmovq 16(%[a]), %[d2]\n\t"
      "movq 24(%[a]), %[d3]\n\tmovq 32(%[a]), %[d4]\n\tmovq 40(%[a]), %[d5]\n\t"
      "subq 0(%[b]), %[d0]\n\tsbbq 8(%[b]), %[d1]\n\tsbbq 16(%[b]), %[d2]\n\t"
      "sbbq 24(%[b]), %[d3]\n\tsbbq 32(%[b]), %[d4]\n\tsbbq 40(%[b]), %[d5]\n\t"
      "sbbq %[m], %[m]\n\t"
      "movabsq %[p0], %[e0]\n\taddq %[d0], %[e0]\n\t"
      "movabsq %[p1], %[e1]\n\tadcq %[d1], %[e1]\n\t"
      "movabsq %[p2], %[e2]\n\tadcq %[d2], %[e2]\n\t"
      "movabsq %[p3], %[e3]\n\tadcq %[d3], %[e3]\n\t"
      "movabsq %[p4], %[e4]\n\tadcq %[d4], %[e4]\n\t"
      "movabsq %[p5], %[e5]\n\tadcq %[d5], %[e5]\n\t"
      "testq %[m], %[m]\n\t"
      "cmovzq %[d0], %[e0]\n\tcmovzq %[d1], %[e1]\n\tcmovzq %[d2], %[e2]\n\t"
      "cmovzq %[d3], %[e3]\n\tcmovzq %[d4], %[e4]\n\tcmovzq %[d5], %[e5]"
      : [d0] "=&r"(d0), [d1] "=&r"(d1), [d2] "=&r"(d2), [d3] "=&r"(d3), [d4] "=&r"(d4),
        [d5] "=&r"(d5), [e0] "=r"(e0), [e1] "=r"(e1), [e2] "=r"(e2), [e3] "=r"(e3), [e4] "=r"(e4),
        [e5] "=r"(e5), [m] "=r"(m)
      : [a] "r"(a.data()), [b] "r"(b.data()), "m"(a),
        "m"(b), [p0] "i"(kFpModulus[0]), [p1] "i"(kFpModulus[1]), [p2] "i"(kFpModulus[2]),
        [p3] "i"(kFpModulus[3]), [p4] "i"(kFpModulus[4]), [p5] "i"(kFpModulus[5])
      : "cc");
  return {e0, e1, e2, e3, e4, e5};
}
#else
// a + b mod p for a, b < p (a + b < 2p < 2^384, so no carry out).
inline Limbs6 add_mod(const Limbs6& a, const Limbs6& b) {
  Limbs6 s;
  unsigned char carry = 0;
  for (int i = 0; i < 6; ++i) s[i] = addc(a[i], b[i], carry);
  return reduce_once(s);
}

// a − b mod p for a, b < p.
inline Limbs6 sub_mod(const Limbs6& a, const Limbs6& b) {
  Limbs6 d;
  unsigned char borrow = 0;
  for (int i = 0; i < 6; ++i) d[i] = subb(a[i], b[i], borrow);
  const std::uint64_t mask = 0 - static_cast<std::uint64_t>(borrow);
  unsigned char carry = 0;
  for (int i = 0; i < 6; ++i) d[i] = addc(d[i], kFpModulus[i] & mask, carry);
  return d;
}
#endif

// Both Montgomery products a·b·R⁻¹ mod p (fully reduced), exposed for tests: the portable one and
// the BMI2/ADX assembly (which falls back to the portable one where the CPU lacks BMI2 or ADX).
// Fp uses the assembly whenever adx_available().
Limbs6 mont_mul_portable_reduced(const Limbs6& a, const Limbs6& b);
Limbs6 mont_mul_adx_reduced(const Limbs6& a, const Limbs6& b);
bool adx_available();
}  // namespace fp_detail

}  // namespace tessera::bls12_381
