#include "crypto/bls12_381/fp.hpp"

#include "common/error.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#endif

namespace tessera::bls12_381 {
namespace {

using fp_detail::u128;
constexpr const Limbs6& P = kFpModulus;

constexpr bool geq(const Limbs6& a, const Limbs6& b) {
  for (int i = 5; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return true;
}

constexpr Limbs6 sub_plain(Limbs6 a, const Limbs6& b) {
  std::uint64_t borrow = 0;
  for (int i = 0; i < 6; ++i) {
    u128 t = static_cast<u128>(a[i]) - b[i] - borrow;
    a[i] = static_cast<std::uint64_t>(t);
    borrow = static_cast<std::uint64_t>(t >> 64) & 1;
  }
  return a;
}

// 2^k mod p by repeated doubling (compile time).
constexpr Limbs6 pow2_mod_p(int k) {
  Limbs6 v{1, 0, 0, 0, 0, 0};
  for (int i = 0; i < k; ++i) {
    Limbs6 d{};
    std::uint64_t carry = 0;
    for (int j = 0; j < 6; ++j) {
      d[j] = (v[j] << 1) | carry;
      carry = v[j] >> 63;
    }
    v = geq(d, P) ? sub_plain(d, P) : d;  // p < 2^381, so doubling never overflows 384 bits
  }
  return v;
}

// (a ± small) >> shift, for the fixed exponents below.
constexpr Limbs6 shr(const Limbs6& a, int shift) {
  Limbs6 r{};
  for (int i = 0; i < 6; ++i) {
    r[i] = a[i] >> shift;
    if (i + 1 < 6 && shift) r[i] |= a[i + 1] << (64 - shift);
  }
  return r;
}

constexpr Limbs6 add_small(Limbs6 a, std::uint64_t v) {
  for (int i = 0; i < 6 && v; ++i) {
    a[i] += v;
    v = a[i] < v ? 1 : 0;
  }
  return a;
}

// -p^{-1} mod 2^64 by Newton iteration.
constexpr std::uint64_t compute_inv() {
  std::uint64_t inv = 1;
  for (int i = 0; i < 7; ++i) inv *= 2 - P[0] * inv;
  return ~inv + 1;
}

constexpr std::uint64_t kInv = compute_inv();
constexpr Limbs6 kR = pow2_mod_p(384);
constexpr Limbs6 kR2 = pow2_mod_p(768);
constexpr Limbs6 kPMinus2 = sub_plain(P, Limbs6{2, 0, 0, 0, 0, 0});
constexpr Limbs6 kSqrtExp = shr(add_small(P, 1), 2);              // (p+1)/4
constexpr Limbs6 kHalfPMinus1 = shr(sub_plain(P, Limbs6{1}), 1);  // (p-1)/2
static_assert(kInv * P[0] == ~std::uint64_t{0}, "-p^-1 mod 2^64");

// Montgomery product a·b·R^{-1} mod p, CIOS without the extra carry words (valid because p's top
// limb is below 2^63 − 1). The result is < 2p; callers reduce it once.
inline Limbs6 mont_mul_portable(const Limbs6& a, const Limbs6& b) {
  std::uint64_t t[6] = {0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 6; ++i) {
    u128 s = static_cast<u128>(a[0]) * b[i] + t[0];
    std::uint64_t hi = static_cast<std::uint64_t>(s >> 64);
    t[0] = static_cast<std::uint64_t>(s);
    const std::uint64_t m = t[0] * kInv;
    s = static_cast<u128>(m) * P[0] + t[0];
    std::uint64_t c = static_cast<std::uint64_t>(s >> 64);
    for (int j = 1; j < 6; ++j) {
      s = static_cast<u128>(a[j]) * b[i] + t[j] + hi;
      hi = static_cast<std::uint64_t>(s >> 64);
      t[j] = static_cast<std::uint64_t>(s);
      s = static_cast<u128>(m) * P[j] + t[j] + c;
      c = static_cast<std::uint64_t>(s >> 64);
      t[j - 1] = static_cast<std::uint64_t>(s);
    }
    t[5] = c + hi;
  }
  return {t[0], t[1], t[2], t[3], t[4], t[5]};
}

#if defined(__x86_64__) && defined(__GNUC__)
// The same CIOS with BMI2 mulx and the two ADX carry chains (adcx for the high words, adox for
// the low words), fully unrolled; the seven accumulator registers rotate by one per row, the
// row's zeroed low word becoming the next row's top word; a final sub/cmov pass reduces the
// result below p. Needs a CPU with BMI2 and ADX.
static const std::uint64_t kAsmP[6] = {P[0], P[1], P[2], P[3], P[4], P[5]};
static const std::uint64_t kAsmInv = kInv;
static const std::uint64_t kAsmZero = 0;

inline Limbs6 mont_mul_adx(const Limbs6& a, const Limbs6& b) {
  std::uint64_t t0, t1, t2, t3, t4, t5, t6, lo, hi, rdx;
  const std::uint64_t* ap = a.data();
  const std::uint64_t* bp = b.data();
  asm("xorl %k[t0], %k[t0]\n\t"
      "xorl %k[t1], %k[t1]\n\t"
      "xorl %k[t2], %k[t2]\n\t"
      "xorl %k[t3], %k[t3]\n\t"
      "xorl %k[t4], %k[t4]\n\t"
      "xorl %k[t5], %k[t5]\n\t"
      "xorl %k[t6], %k[t6]\n\t"
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
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t5]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "adoxq %[zero], %[t6]\n\t"
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
      "mulxq %[p4], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t5]\n\t"
      "mulxq %[p5], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "adoxq %[zero], %[t6]\n\t"
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
      "adcxq %[hi], %[t5]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t6]\n\t"
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
      "adcxq %[hi], %[t5]\n\t"
      "mulxq %[p4], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "mulxq %[p5], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t6]\n\t"
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
      "adcxq %[hi], %[t5]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
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
      "adcxq %[hi], %[t5]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "mulxq %[p4], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "mulxq %[p5], %[lo], %[hi]\n\t"
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
      "adcxq %[hi], %[t5]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t0]\n\t"
      "adcxq %[hi], %[t1]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
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
      "adcxq %[hi], %[t5]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "mulxq %[p4], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t0]\n\t"
      "adcxq %[hi], %[t1]\n\t"
      "mulxq %[p5], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t1]\n\t"
      "adcxq %[hi], %[t2]\n\t"
      "adoxq %[zero], %[t2]\n\t"
      "movq 32(%[b]), %%rdx\n\t"
      "xorl %k[lo], %k[lo]\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t5]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t0]\n\t"
      "adcxq %[hi], %[t1]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t1]\n\t"
      "adcxq %[hi], %[t2]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[hi], %[t3]\n\t"
      "adoxq %[zero], %[t3]\n\t"
      "movq %[t4], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorl %k[lo], %k[lo]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t4]\n\t"
      "adcxq %[hi], %[t5]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t0]\n\t"
      "adcxq %[hi], %[t1]\n\t"
      "mulxq %[p4], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t1]\n\t"
      "adcxq %[hi], %[t2]\n\t"
      "mulxq %[p5], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[hi], %[t3]\n\t"
      "adoxq %[zero], %[t3]\n\t"
      "movq 40(%[b]), %%rdx\n\t"
      "xorl %k[lo], %k[lo]\n\t"
      "mulxq 0(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "mulxq 8(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "mulxq 16(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t0]\n\t"
      "adcxq %[hi], %[t1]\n\t"
      "mulxq 24(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t1]\n\t"
      "adcxq %[hi], %[t2]\n\t"
      "mulxq 32(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[hi], %[t3]\n\t"
      "mulxq 40(%[a]), %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "adoxq %[zero], %[t4]\n\t"
      "movq %[t5], %%rdx\n\t"
      "imulq %[inv], %%rdx\n\t"
      "xorl %k[lo], %k[lo]\n\t"
      "mulxq %[p0], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t5]\n\t"
      "adcxq %[hi], %[t6]\n\t"
      "mulxq %[p1], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t6]\n\t"
      "adcxq %[hi], %[t0]\n\t"
      "mulxq %[p2], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t0]\n\t"
      "adcxq %[hi], %[t1]\n\t"
      "mulxq %[p3], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t1]\n\t"
      "adcxq %[hi], %[t2]\n\t"
      "mulxq %[p4], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t2]\n\t"
      "adcxq %[hi], %[t3]\n\t"
      "mulxq %[p5], %[lo], %[hi]\n\t"
      "adoxq %[lo], %[t3]\n\t"
      "adcxq %[hi], %[t4]\n\t"
      "adoxq %[zero], %[t4]\n\t"
      "movq %[t6], %[lo]\n\t"
      "movq %[t0], %[hi]\n\t"
      "movq %[t1], %%rdx\n\t"
      "movq %[t2], %[t5]\n\t"
      "movq %[t3], %[a]\n\t"
      "movq %[t4], %[b]\n\t"
      "subq %[p0], %[lo]\n\t"
      "sbbq %[p1], %[hi]\n\t"
      "sbbq %[p2], %%rdx\n\t"
      "sbbq %[p3], %[t5]\n\t"
      "sbbq %[p4], %[a]\n\t"
      "sbbq %[p5], %[b]\n\t"
      "cmovncq %[lo], %[t6]\n\t"
      "cmovncq %[hi], %[t0]\n\t"
      "cmovncq %%rdx, %[t1]\n\t"
      "cmovncq %[t5], %[t2]\n\t"
      "cmovncq %[a], %[t3]\n\t"
      "cmovncq %[b], %[t4]\n\t"
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
        [t5] "=&r"(t5), [t6] "=&r"(t6), [lo] "=&r"(lo), [hi] "=&r"(hi),
        "=&d"(rdx), [a] "+r"(ap), [b] "+r"(bp)
      : [p0] "m"(kAsmP[0]), [p1] "m"(kAsmP[1]), [p2] "m"(kAsmP[2]), [p3] "m"(kAsmP[3]),
        [p4] "m"(kAsmP[4]), [p5] "m"(kAsmP[5]), [inv] "m"(kAsmInv), [zero] "m"(kAsmZero)
      : "cc", "memory");
  (void)lo;
  (void)hi;
  (void)rdx;
  return {t6, t0, t1, t2, t3, t4};
}

bool cpu_has_bmi2_adx() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
  return (ebx & (1u << 8)) && (ebx & (1u << 19));
}

// Zero-initialized (portable path) until dynamic initialization runs.
const bool kUseAdx = cpu_has_bmi2_adx();
#endif

inline Limbs6 mont_mul(const Limbs6& a, const Limbs6& b) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (kUseAdx) return mont_mul_adx(a, b);
#endif
  return fp_detail::reduce_once(mont_mul_portable(a, b));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

namespace fp_detail {

Limbs6 mont_mul_portable_reduced(const Limbs6& a, const Limbs6& b) {
  return reduce_once(mont_mul_portable(a, b));
}

Limbs6 mont_mul_adx_reduced(const Limbs6& a, const Limbs6& b) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (kUseAdx) return mont_mul_adx(a, b);
#endif
  return reduce_once(mont_mul_portable(a, b));
}

bool adx_available() {
#if defined(__x86_64__) && defined(__GNUC__)
  return kUseAdx;
#else
  return false;
#endif
}

}  // namespace fp_detail

Fp Fp::one() {
  return from_montgomery(kR);
}

Fp Fp::from_uint(std::uint64_t v) {
  return from_montgomery(mont_mul(Limbs6{v, 0, 0, 0, 0, 0}, kR2));
}

Fp Fp::from_limbs(const Limbs6& canonical) {
  if (geq(canonical, P)) throw InvalidInput("Fp element is not canonical (>= p)");
  return from_montgomery(mont_mul(canonical, kR2));
}

Fp Fp::from_bytes_be(const std::uint8_t* be48) {
  Limbs6 v{};
  for (int i = 0; i < 48; ++i)
    v[5 - i / 8] |= static_cast<std::uint64_t>(be48[i]) << (8 * (7 - i % 8));
  return from_limbs(v);
}

Fp Fp::from_hex(std::string_view hex) {
  if (hex.starts_with("0x") || hex.starts_with("0X")) hex.remove_prefix(2);
  if (hex.empty() || hex.size() > 96) throw InvalidInput("Fp hex must have 1 to 96 digits");
  Limbs6 v{};
  for (std::size_t i = 0; i < hex.size(); ++i) {
    const int d = hex_digit(hex[hex.size() - 1 - i]);
    if (d < 0) throw InvalidInput("Fp hex has a non-hex character");
    v[i / 16] |= static_cast<std::uint64_t>(d) << (4 * (i % 16));
  }
  return from_limbs(v);
}

Limbs6 Fp::to_limbs() const {
  return mont_mul(m_, Limbs6{1, 0, 0, 0, 0, 0});
}

void Fp::to_bytes_be(std::uint8_t* be48) const {
  const Limbs6 v = to_limbs();
  for (int i = 0; i < 48; ++i)
    be48[i] = static_cast<std::uint8_t>(v[5 - i / 8] >> (8 * (7 - i % 8)));
}

std::array<std::uint8_t, 48> Fp::to_bytes_be() const {
  std::array<std::uint8_t, 48> out;
  to_bytes_be(out.data());
  return out;
}

std::string Fp::to_hex() const {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : to_bytes_be()) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

Fp Fp::operator*(const Fp& o) const {
  return from_montgomery(mont_mul(m_, o.m_));
}

Fp Fp::square() const {
  return from_montgomery(mont_mul(m_, m_));
}

Fp Fp::inverse() const {
  return pow(kPMinus2);
}

std::optional<Fp> Fp::sqrt() const {
  Fp r = pow(kSqrtExp);
  if (r.square() != *this) return std::nullopt;
  return r;
}

bool Fp::is_square() const {
  const Fp e = pow(kHalfPMinus1);
  return e.is_zero() || e == one();
}

bool Fp::lexicographically_largest() const {
  const Limbs6 v = to_limbs();
  for (int i = 5; i >= 0; --i) {
    if (v[i] != kHalfPMinus1[i]) return v[i] > kHalfPMinus1[i];
  }
  return false;
}

}  // namespace tessera::bls12_381
