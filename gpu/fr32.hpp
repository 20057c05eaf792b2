// BLS12-381 Fr in Montgomery form on 8 × 32-bit limbs, the shape a GPU multiplies fastest
// (32 × 32 → 64-bit products, carries chained limb by limb). The same code compiles for the host
// (g++: tested against crypto::Fr on every machine) and for the device (nvcc). R = 2^256, as in
// crypto::Fr, so the limbs are crypto::Fr's 4 × 64-bit Montgomery limbs split in halves.
#pragma once

#include <cstdint>

#ifdef __CUDACC__
#define TESSERA_HD __host__ __device__ __forceinline__
#else
#define TESSERA_HD inline
#endif

namespace tessera::gpu {

struct Fr32 {
  std::uint32_t l[8];  // little-endian limbs
};

namespace fr32 {

// p, little-endian 32-bit limbs.
TESSERA_HD constexpr std::uint32_t modulus(int i) {
  constexpr std::uint32_t p[8] = {0x00000001, 0xffffffff, 0xfffe5bfe, 0x53bda402,
                                  0x09a1d805, 0x3339d808, 0x299d7d48, 0x73eda753};
  return p[i];
}
// R² mod p (to enter Montgomery form), little-endian 32-bit limbs.
TESSERA_HD constexpr std::uint32_t r_squared(int i) {
  constexpr std::uint32_t r2[8] = {0xf3f29c6d, 0xc999e990, 0x87925c23, 0x2b6cedcb,
                                   0x7254398f, 0x05d31496, 0x9f59ff11, 0x0748d9d9};
  return r2[i];
}
// −p⁻¹ mod 2^32 (p ≡ 1 mod 2^32).
inline constexpr std::uint32_t kInv = 0xffffffff;

// a ≥ p
TESSERA_HD bool geq_modulus(const Fr32& a) {
  for (int i = 7; i >= 0; --i) {
    if (a.l[i] != modulus(i)) return a.l[i] > modulus(i);
  }
  return true;
}

// a − p, when a ≥ p.
TESSERA_HD void subtract_modulus(Fr32& a) {
  std::uint64_t borrow = 0;
  for (int i = 0; i < 8; ++i) {
    const std::uint64_t d = std::uint64_t{a.l[i]} - modulus(i) - borrow;
    a.l[i] = static_cast<std::uint32_t>(d);
    borrow = (d >> 32) & 1;
  }
}

// a + b mod p (a, b < p).
TESSERA_HD Fr32 add(const Fr32& a, const Fr32& b) {
  Fr32 r;
  std::uint64_t carry = 0;
  for (int i = 0; i < 8; ++i) {
    const std::uint64_t s = std::uint64_t{a.l[i]} + b.l[i] + carry;
    r.l[i] = static_cast<std::uint32_t>(s);
    carry = s >> 32;
  }
  if (geq_modulus(r)) subtract_modulus(r);  // p < 2^255: the sum never carries out
  return r;
}

// a · b · R⁻¹ mod p (CIOS Montgomery multiplication; a, b < p).
TESSERA_HD Fr32 mul(const Fr32& a, const Fr32& b) {
  std::uint32_t t[10] = {};
  for (int i = 0; i < 8; ++i) {
    std::uint64_t carry = 0;
    for (int j = 0; j < 8; ++j) {
      const std::uint64_t s = std::uint64_t{t[j]} + std::uint64_t{a.l[j]} * b.l[i] + carry;
      t[j] = static_cast<std::uint32_t>(s);
      carry = s >> 32;
    }
    std::uint64_t s = std::uint64_t{t[8]} + carry;
    t[8] = static_cast<std::uint32_t>(s);
    t[9] = static_cast<std::uint32_t>(s >> 32);
    const std::uint32_t m = t[0] * kInv;
    carry = (std::uint64_t{t[0]} + std::uint64_t{m} * modulus(0)) >> 32;
    for (int j = 1; j < 8; ++j) {
      s = std::uint64_t{t[j]} + std::uint64_t{m} * modulus(j) + carry;
      t[j - 1] = static_cast<std::uint32_t>(s);
      carry = s >> 32;
    }
    s = std::uint64_t{t[8]} + carry;
    t[7] = static_cast<std::uint32_t>(s);
    t[8] = t[9] + static_cast<std::uint32_t>(s >> 32);
  }
  Fr32 r;
  for (int i = 0; i < 8; ++i) r.l[i] = t[i];
  if (geq_modulus(r)) subtract_modulus(r);  // the result is < 2p and t[8] is 0
  return r;
}

// x⁵
TESSERA_HD Fr32 quintic(const Fr32& x) {
  const Fr32 x2 = mul(x, x);
  return mul(mul(x2, x2), x);
}

// A canonical value (its little-endian 32-bit words) into Montgomery form; false (out untouched)
// when the value is ≥ p.
TESSERA_HD bool from_canonical(const Fr32& v, Fr32& out) {
  if (geq_modulus(v)) return false;
  Fr32 r2;
  for (int i = 0; i < 8; ++i) r2.l[i] = r_squared(i);
  out = mul(v, r2);
  return true;
}

// The canonical value of a Montgomery-form element, as little-endian 32-bit words.
TESSERA_HD Fr32 to_canonical(const Fr32& a) {
  Fr32 one{};
  one.l[0] = 1;
  return mul(a, one);
}

// Reads a 32-byte little-endian canonical value into Montgomery form; false (out untouched)
// when the value is ≥ p.
TESSERA_HD bool from_bytes(const std::uint8_t* le32, Fr32& out) {
  Fr32 v;
  for (int i = 0; i < 8; ++i) {
    v.l[i] = std::uint32_t{le32[4 * i]} | std::uint32_t{le32[4 * i + 1]} << 8 |
             std::uint32_t{le32[4 * i + 2]} << 16 | std::uint32_t{le32[4 * i + 3]} << 24;
  }
  return from_canonical(v, out);
}

// Writes the canonical 32-byte little-endian value of a Montgomery-form element.
TESSERA_HD void to_bytes(const Fr32& a, std::uint8_t* le32) {
  const Fr32 v = to_canonical(a);
  for (int i = 0; i < 8; ++i) {
    for (int b = 0; b < 4; ++b) le32[4 * i + b] = static_cast<std::uint8_t>(v.l[i] >> (8 * b));
  }
}

}  // namespace fr32
}  // namespace tessera::gpu
