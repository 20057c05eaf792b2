#include "crypto/fr.hpp"

#include <bit>
#include <cstring>

#include "common/error.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#endif

namespace tessera::crypto {
namespace {

using Limbs = Fr::Limbs;
using u128 = unsigned __int128;

bool geq(const Limbs& a, const Limbs& b) {
  for (int i = 3; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return true;
}

// a - b, returning the borrow.
std::uint64_t sub_in_place(Limbs& a, const Limbs& b) {
  std::uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    u128 d = static_cast<u128>(a[i]) - b[i] - borrow;
    a[i] = static_cast<std::uint64_t>(d);
    borrow = static_cast<std::uint64_t>(d >> 64) & 1;
  }
  return borrow;
}

// a + b, returning the carry.
std::uint64_t add_in_place(Limbs& a, const Limbs& b) {
  std::uint64_t carry = 0;
  for (int i = 0; i < 4; ++i) {
    u128 s = static_cast<u128>(a[i]) + b[i] + carry;
    a[i] = static_cast<std::uint64_t>(s);
    carry = static_cast<std::uint64_t>(s >> 64);
  }
  return carry;
}

// -p^{-1} mod 2^64 by Newton iteration (evaluated at compile time).
constexpr std::uint64_t compute_inv() {
  std::uint64_t inv = 1;
  for (int i = 0; i < 6; ++i) inv *= 2 - kFrModulus[0] * inv;
  return ~inv + 1;
}

// 2^k mod p by repeated doubling.
Limbs pow2_mod_p(int k) {
  Limbs v{1, 0, 0, 0};
  for (int i = 0; i < k; ++i) {
    std::uint64_t carry = add_in_place(v, Limbs(v));
    if (carry || geq(v, kFrModulus)) sub_in_place(v, kFrModulus);
  }
  return v;
}

constexpr std::uint64_t kInv = compute_inv();
const Limbs kR = pow2_mod_p(256);
const Limbs kR2 = pow2_mod_p(512);

// r − p when r >= p, else r (branch-free); r < 2p.
inline Limbs reduce_once(const Limbs& r) {
  Limbs d;
  std::uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const u128 x = static_cast<u128>(r[i]) - kFrModulus[i] - borrow;
    d[i] = static_cast<std::uint64_t>(x);
    borrow = static_cast<std::uint64_t>(x >> 64) & 1;
  }
  const std::uint64_t keep = 0 - borrow;
  for (int i = 0; i < 4; ++i) d[i] = (r[i] & keep) | (d[i] & ~keep);
  return d;
}

// Montgomery product a·b·R^{-1} mod p before the final subtraction (result < 2p): CIOS without
// the two extra carry words, valid because p's top limb is below (2^64 − 1)/2 − 1 (the
// "no-carry" variant gnark-crypto documents).
inline Limbs mont_mul_portable(const Limbs& a, const Limbs& b) {
  std::uint64_t t[4] = {0, 0, 0, 0};
  for (int i = 0; i < 4; ++i) {
    u128 s = static_cast<u128>(a[0]) * b[i] + t[0];
    std::uint64_t A = static_cast<std::uint64_t>(s >> 64);
    t[0] = static_cast<std::uint64_t>(s);
    const std::uint64_t m = t[0] * kInv;
    s = static_cast<u128>(m) * kFrModulus[0] + t[0];
    std::uint64_t C = static_cast<std::uint64_t>(s >> 64);
    for (int j = 1; j < 4; ++j) {
      s = static_cast<u128>(a[j]) * b[i] + t[j] + A;
      A = static_cast<std::uint64_t>(s >> 64);
      t[j] = static_cast<std::uint64_t>(s);
      s = static_cast<u128>(m) * kFrModulus[j] + t[j] + C;
      C = static_cast<std::uint64_t>(s >> 64);
      t[j - 1] = static_cast<std::uint64_t>(s);
    }
    t[3] = C + A;
  }
  return {t[0], t[1], t[2], t[3]};
}

#if defined(__x86_64__) && defined(__GNUC__)
// The same CIOS with BMI2 mulx and the two ADX carry chains (adcx for high words, adox for low
// words), fully unrolled; the five accumulator registers rotate by one per row, and a final
// sub/cmov pass reduces the result below p. Needs BMI2+ADX.
static const std::uint64_t kAsmP[4] = {kFrModulus[0], kFrModulus[1], kFrModulus[2], kFrModulus[3]};
static const std::uint64_t kAsmInv = kInv;
static const std::uint64_t kAsmZero = 0;

inline Limbs mont_mul_adx(const Limbs& a, const Limbs& b) {
  std::uint64_t t0, t1, t2, t3, t4, lo, hi, rdx;
  asm("xorl %k[t0], %k[t0]\n\t"
      "xorl %k[t1], %k[t1]\n\t"
      "xorl %k[t2], %k[t2]\n\t"
      "xorl %k[t3], %k[t3]\n\t"
      "xorl %k[t4], %k[t4]\n\t"
      "movq 0(%[b]), %%rdx\n\t"
      "xorl %k[lo], %k[lo]\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t0]\n\t"
      "adcxq %[hi], %[t1]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t1]\n\t"
      "adcxq %[hi], %[t2]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[hi], %[t3]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "adoxq %[zero], %[t4]\n\t"
      "movq %[t0], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorl %k[lo], %k[lo]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t0]\n\t"
      "adcxq %[hi], %[t1]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t1]\n\t"
      "adcxq %[hi], %[t2]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[hi], %[t3]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "adoxq %[zero], %[t4]\n\t"
      "movq 8(%[b]), %%rdx\n\t"
      "xorl %k[lo], %k[lo]\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t1]\n\t"
      "adcxq %[hi], %[t2]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[hi], %[t3]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "adoxq %[zero], %[t0]\n\t"
      "movq %[t1], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorl %k[lo], %k[lo]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t1]\n\t"
      "adcxq %[hi], %[t2]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[hi], %[t3]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "adoxq %[zero], %[t0]\n\t"
      "movq 16(%[b]), %%rdx\n\t"
      "xorl %k[lo], %k[lo]\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[hi], %[t3]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t0]\n\t"
      "adcxq %[hi], %[t1]\n\t"
      "adoxq %[zero], %[t1]\n\t"
      "movq %[t2], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorl %k[lo], %k[lo]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[hi], %[t3]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t0]\n\t"
      "adcxq %[hi], %[t1]\n\t"
      "adoxq %[zero], %[t1]\n\t"
      "movq 24(%[b]), %%rdx\n\t"
      "xorl %k[lo], %k[lo]\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t0]\n\t"
      "adcxq %[hi], %[t1]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t1]\n\t"
      "adcxq %[hi], %[t2]\n\t"
      "adoxq %[zero], %[t2]\n\t"
      "movq %[t3], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorl %k[lo], %k[lo]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t0]\n\t"
      "adcxq %[hi], %[t1]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t1]\n\t"
      "adcxq %[hi], %[t2]\n\t"
      "adoxq %[zero], %[t2]\n\t"
      "movq %[t4], %[lo]\n\t"
      "movq %[t0], %[hi]\n\t"
      "movq %[t1], %%rdx\n\t"
      "movq %[t2], %[t3]\n\t"
      "subq %[p0], %[lo]\n\t"
      "sbbq %[p1], %[hi]\n\t"
      "sbbq %[p2], %%rdx\n\t"
      "sbbq %[p3], %[t3]\n\t"
      "cmovncq %[lo], %[t4]\n\t"
      "cmovncq %[hi], %[t0]\n\t"
      "cmovncq %%rdx, %[t1]\n\t"
      "cmovncq %[t3], %[t2]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
        [lo] "=&r"(lo), [hi] "=&r"(hi), "=&d"(rdx)
      : [a] "r"(a.data()), [b] "r"(b.data()), [p0] "m"(kAsmP[0]), [p1] "m"(kAsmP[1]),
        [p2] "m"(kAsmP[2]), [p3] "m"(kAsmP[3]), [inv] "m"(kAsmInv), [zero] "m"(kAsmZero)
      : "cc", "memory");
  (void)lo;
  (void)hi;
  (void)rdx;
  return {t4, t0, t1, t2};
}

bool cpu_has_bmi2_adx() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
  return (ebx & (1u << 8)) && (ebx & (1u << 19));
}

// Zero-initialized (portable path) until dynamic initialization runs.
const bool kUseAdx = cpu_has_bmi2_adx();
#endif

// Montgomery product a·b·R^{-1} mod p (fully reduced).
inline Limbs mont_mul(const Limbs& a, const Limbs& b) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (kUseAdx) return mont_mul_adx(a, b);
#endif
  return reduce_once(mont_mul_portable(a, b));
}

// Bytes and limbs are the same little-endian integer, so on a little-endian host they are copies
// (g++ does not turn the byte loops into loads and stores).
constexpr bool kLittleEndianHost = std::endian::native == std::endian::little;

Limbs load_le(const std::uint8_t* le32) {
  Limbs v{};
  if constexpr (kLittleEndianHost) {
    std::memcpy(v.data(), le32, 32);
  } else {
    for (int i = 0; i < 32; ++i) v[i / 8] |= static_cast<std::uint64_t>(le32[i]) << (8 * (i % 8));
  }
  return v;
}

void store_le(const Limbs& v, std::uint8_t* le32) {
  if constexpr (kLittleEndianHost) {
    std::memcpy(le32, v.data(), 32);
  } else {
    for (int i = 0; i < 32; ++i) le32[i] = static_cast<std::uint8_t>(v[i / 8] >> (8 * (i % 8)));
  }
}

// The canonical value of le32; throws InvalidInput when it is >= p.
Limbs load_canonical(const std::uint8_t* le32) {
  Limbs v = load_le(le32);
  if (geq(v, kFrModulus)) throw InvalidInput("field element is not canonical (>= p)");
  return v;
}

}  // namespace

Fr Fr::one() {
  return from_montgomery(kR);
}

Fr Fr::from_uint(std::uint64_t v) {
  return from_montgomery(mont_mul(Limbs{v, 0, 0, 0}, kR2));
}

Fr Fr::from_bytes(const std::uint8_t* le32) {
  return from_montgomery(mont_mul(load_canonical(le32), kR2));
}

Fr Fr::from_bytes_reduce(const std::uint8_t* le32) {
  Limbs v = load_le(le32);
  while (geq(v, kFrModulus)) sub_in_place(v, kFrModulus);  // at most 2 times: 2^256 < 3p
  return from_montgomery(mont_mul(v, kR2));
}

void Fr::to_bytes(std::uint8_t* le32) const {
  store_le(mont_mul(mont_, Limbs{1, 0, 0, 0}), le32);
}

std::array<std::uint8_t, 32> Fr::to_bytes() const {
  std::array<std::uint8_t, 32> out;
  to_bytes(out.data());
  return out;
}

std::string Fr::to_hex_be() const {
  static const char* kDigits = "0123456789abcdef";
  auto le = to_bytes();
  std::string out;
  for (int i = 31; i >= 0; --i) {
    out += kDigits[le[i] >> 4];
    out += kDigits[le[i] & 15];
  }
  return out;
}

Fr Fr::operator+(const Fr& o) const {
  Limbs r = mont_;
  std::uint64_t carry = add_in_place(r, o.mont_);
  if (carry || geq(r, kFrModulus)) sub_in_place(r, kFrModulus);
  return from_montgomery(r);
}

Fr Fr::operator-(const Fr& o) const {
  Limbs r = mont_;
  if (sub_in_place(r, o.mont_)) add_in_place(r, kFrModulus);
  return from_montgomery(r);
}

Fr Fr::operator*(const Fr& o) const {
  return from_montgomery(mont_mul(mont_, o.mont_));
}

Fr Fr::pow(std::uint64_t e) const {
  Fr result = one(), base = *this;
  for (; e; e >>= 1) {
    if (e & 1) result *= base;
    base = base.square();
  }
  return result;
}

Fr Fr::inverse() const {
  // x^(p-2): p-2 has the limbs of p with the lowest decreased by 2.
  Limbs e = kFrModulus;
  e[0] -= 2;
  Fr result = one();
  for (int i = 3; i >= 0; --i) {
    for (int bit = 63; bit >= 0; --bit) {
      result = result.square();
      if ((e[i] >> bit) & 1) result *= *this;
    }
  }
  return result;
}

// Addition and subtraction are the same on canonical values as on Montgomery forms (x ↦ xR is
// additive), so bytes need no conversion: one add or subtract and at most one correction by p.
void fr_add_bytes(const std::uint8_t* a, const std::uint8_t* b, std::uint8_t* out) {
  Limbs r = load_canonical(a);
  add_in_place(r, load_canonical(b));  // < 2p < 2^256: no carry out
  if (geq(r, kFrModulus)) sub_in_place(r, kFrModulus);
  store_le(r, out);
}

void fr_sub_bytes(const std::uint8_t* a, const std::uint8_t* b, std::uint8_t* out) {
  Limbs r = load_canonical(a);
  if (sub_in_place(r, load_canonical(b))) add_in_place(r, kFrModulus);
  store_le(r, out);
}

Fr Fr::from_montgomery(const Limbs& limbs) {
  Fr f;
  f.mont_ = limbs;
  return f;
}

}  // namespace tessera::crypto
