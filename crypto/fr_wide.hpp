// Inline Fr arithmetic on raw Montgomery limbs for hot loops (Poseidon's rounds, FFT
// butterflies): a sum of products accumulated unreduced over 64-bit columns and
// Montgomery-reduced once (product scanning, reduction interleaved column by column), the
// Montgomery product as its one-term case, and modular addition and subtraction. Internal to
// crypto/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "crypto/fr.hpp"

namespace tessera::crypto::fr_wide {

using Limbs = Fr::Limbs;

// −p^{-1} mod 2^64.
inline constexpr std::uint64_t kMontgomeryInv = [] {
  std::uint64_t inv = 1;
  for (int i = 0; i < 6; ++i) inv *= 2 - kFrModulus[0] * inv;
  return 0 - inv;
}();

// x's Montgomery limbs, writable in place: Fr is standard-layout with the limbs as its only
// member, so the two are pointer-interconvertible.
inline Limbs& limbs_of(Fr& x) {
  static_assert(std::is_standard_layout_v<Fr> && sizeof(Fr) == sizeof(Limbs));
  return *reinterpret_cast<Limbs*>(&x);
}

// A 192-bit column accumulator (c0 + 2^64·c1 + 2^128·c2).
struct Column {
  std::uint64_t c0 = 0, c1 = 0, c2 = 0;

  // += a·b.
  inline void mac(std::uint64_t a, std::uint64_t b) {
#if defined(__x86_64__) && defined(__GNUC__)
    std::uint64_t hi;
    asm("mulq %[b]\n\t"
        "addq %%rax, %[c0]\n\t"
        "adcq %%rdx, %[c1]\n\t"
        "adcq $0, %[c2]"
        : [c0] "+r"(c0), [c1] "+r"(c1), [c2] "+r"(c2), "+a"(a), "=d"(hi)
        : [b] "rm"(b)
        : "cc");
#else
    const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
    const unsigned __int128 sum = ((static_cast<unsigned __int128>(c1) << 64) | c0) + product;
    c2 += sum < product;
    c0 = static_cast<std::uint64_t>(sum);
    c1 = static_cast<std::uint64_t>(sum >> 64);
#endif
  }
  // Drops the finished low word: the accumulator becomes the carry into the next column.
  inline void shift() {
    c0 = c1;
    c1 = c2;
    c2 = 0;
  }
};

// r − p when r >= p, else r.
inline Limbs reduce_once(const Limbs& r) {
  Limbs d;
  unsigned char borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const unsigned __int128 x = static_cast<unsigned __int128>(r[i]) - kFrModulus[i] - borrow;
    d[i] = static_cast<std::uint64_t>(x);
    borrow = static_cast<unsigned char>((x >> 64) & 1);
  }
  const std::uint64_t keep = 0 - static_cast<std::uint64_t>(borrow);
  for (int i = 0; i < 4; ++i) d[i] = (r[i] & keep) | (d[i] & ~keep);
  return d;
}

// (a + b) mod p for a, b < p.
inline Limbs add(const Limbs& a, const Limbs& b) {
  Limbs s;
  unsigned char carry = 0;
  for (int i = 0; i < 4; ++i) {
    const unsigned __int128 x = static_cast<unsigned __int128>(a[i]) + b[i] + carry;
    s[i] = static_cast<std::uint64_t>(x);
    carry = static_cast<unsigned char>(x >> 64);
  }
  return reduce_once(s);  // a + b < 2p < 2^256: no carry out
}

// (a − b) mod p for a, b < p.
inline Limbs sub(const Limbs& a, const Limbs& b) {
  Limbs d;
  unsigned char borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const unsigned __int128 x = static_cast<unsigned __int128>(a[i]) - b[i] - borrow;
    d[i] = static_cast<std::uint64_t>(x);
    borrow = static_cast<unsigned char>((x >> 64) & 1);
  }
  const std::uint64_t mask = 0 - static_cast<std::uint64_t>(borrow);  // add p back on borrow
  unsigned char carry = 0;
  for (int i = 0; i < 4; ++i) {
    const unsigned __int128 x =
        static_cast<unsigned __int128>(d[i]) + (kFrModulus[i] & mask) + carry;
    d[i] = static_cast<std::uint64_t>(x);
    carry = static_cast<unsigned char>(x >> 64);
  }
  return d;
}

// Σ_{j<N} a[j]·b[j]·2^(−64·K) mod p, fully reduced, for limbs of values below p. The sum T is
// accumulated column by column and reduced with K Montgomery digits: (T + m·p)/2^(64K) < 2p
// when T < p·2^(64K), which N products below p² meet when N·p < 2^(64K). K = 4 serves the
// Montgomery product (N ≤ 2); K = 5 serves sums of any practical length — callers then pre-scale
// one factor of each product by 2^64 to get the Montgomery form of Σ a·b.
template <std::size_t N, unsigned K>
inline Limbs reduce_sum_of_products(const Limbs* a, const Limbs* b) {
  static_assert((K == 4 && N <= 2) || (K == 5 && N <= 64), "the sum must stay below p·2^(64K)");
  Column acc;
  std::uint64_t m[K];
  Limbs out{};
#pragma GCC unroll 16
  for (unsigned k = 0; k < K + 4; ++k) {
    if (k <= 6) {
      const unsigned i_min = k > 3 ? k - 3 : 0, i_max = k < 3 ? k : 3;
#pragma GCC unroll 17
      for (std::size_t j = 0; j < N; ++j) {
#pragma GCC unroll 4
        for (unsigned i = i_min; i <= i_max; ++i) acc.mac(a[j][i], b[j][k - i]);
      }
    }
    const unsigned r_min = k > 3 ? k - 3 : 0, r_end = k < K ? k : K;
#pragma GCC unroll 4
    for (unsigned i = r_min; i < r_end; ++i) acc.mac(m[i], kFrModulus[k - i]);
    if (k < K) {
      m[k] = acc.c0 * kMontgomeryInv;
      acc.mac(m[k], kFrModulus[0]);  // clears the low word
    } else {
      out[k - K] = acc.c0;
    }
    acc.shift();
  }
  return reduce_once(out);
}

// The Montgomery product a·b.
inline Limbs mul(const Limbs& a, const Limbs& b) {
  return reduce_sum_of_products<1, 4>(&a, &b);
}

}  // namespace tessera::crypto::fr_wide
