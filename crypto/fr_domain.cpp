// Radix-2 FFTs over the Fr evaluation domains of crypto/fr_domain.hpp: bit-reversal followed by
// iterative decimation-in-time butterflies with a per-call table of twiddles, spread over the
// context's cores (see radix2_fft).
#include "crypto/fr_domain.hpp"

#include <algorithm>
#include <bit>
#include <string>

#include "common/error.hpp"
#include "crypto/fr_wide.hpp"

namespace tessera::crypto {
namespace {

constexpr unsigned kTwoAdicity = 32;
constexpr std::uint64_t kCosetGenerator = 7;
// Elements of the chunks whose first stages run without leaving a core's cache (2^13 elements
// are 256 KiB).
constexpr std::uint64_t kCacheChunk = 1u << 13;
// Element-wise loops (scaling, twiddle tables) are split into ranges at least this long.
constexpr std::uint64_t kMinRange = 1u << 12;

// x^e for a little-endian multi-limb exponent e.
Fr pow_limbs(const Fr& x, const Fr::Limbs& e) {
  Fr result = Fr::one();
  for (int limb = 3; limb >= 0; --limb) {
    for (int bit = 63; bit >= 0; --bit) {
      result = result.square();
      if ((e[limb] >> bit) & 1) result *= x;
    }
  }
  return result;
}

// (r − 1) / 2^32: the odd part of the multiplicative group's order.
Fr::Limbs odd_part_of_order() {
  Fr::Limbs e = kFrModulus;
  e[0] -= 1;
  for (int i = 0; i < 4; ++i) {
    e[i] = (e[i] >> kTwoAdicity) | (i < 3 ? e[i + 1] << (64 - kTwoAdicity) : 0);
  }
  return e;
}

// powers[i] = base^i for i in [0, n), filled in parallel ranges.
void fill_powers(Fr* powers, std::uint64_t n, const Fr& base, StageContext& ctx) {
  parallel_for(
      ctx, n,
      [&](std::uint64_t begin, std::uint64_t end) {
        Fr value = base.pow(begin);
        for (std::uint64_t i = begin; i < end; ++i) {
          powers[i] = value;
          value *= base;
        }
      },
      kMinRange);
}

// a[i] *= base^i for every i.
void scale_by_powers(std::vector<Fr>& a, const Fr& base, StageContext& ctx) {
  parallel_for(
      ctx, a.size(),
      [&](std::uint64_t begin, std::uint64_t end) {
        Fr factor = base.pow(begin);
        for (std::uint64_t i = begin; i < end; ++i) {
          a[i] *= factor;
          factor *= base;
        }
      },
      kMinRange);
}

// a[i] *= factor for every i.
void scale(std::vector<Fr>& a, const Fr& factor, StageContext& ctx) {
  parallel_for(
      ctx, a.size(),
      [&](std::uint64_t begin, std::uint64_t end) {
        for (std::uint64_t i = begin; i < end; ++i) a[i] *= factor;
      },
      kMinRange);
}

// Replaces each of v[0..n) (none may be zero) by its inverse with one field inversion:
// Montgomery's trick over the prefix products.
void batch_invert(Fr* v, std::uint64_t n) {
  std::vector<Fr> prefix(n);
  Fr product = Fr::one();
  for (std::uint64_t i = 0; i < n; ++i) {
    prefix[i] = product;
    product *= v[i];
  }
  Fr inverse = product.inverse();
  for (std::uint64_t i = n; i-- > 0;) {
    const Fr inverse_of_v = inverse * prefix[i];
    inverse *= v[i];
    v[i] = inverse_of_v;
  }
}

// The low `bits` bits of i in reverse order (1 <= bits <= 64).
std::uint64_t reverse_bits(std::uint64_t i, unsigned bits) {
  i = ((i >> 1) & 0x5555555555555555ULL) | ((i & 0x5555555555555555ULL) << 1);
  i = ((i >> 2) & 0x3333333333333333ULL) | ((i & 0x3333333333333333ULL) << 2);
  i = ((i >> 4) & 0x0f0f0f0f0f0f0f0fULL) | ((i & 0x0f0f0f0f0f0f0f0fULL) << 4);
  return __builtin_bswap64(i) >> (64 - bits);
}

// One butterfly stage with half-block length `half` over butterflies [begin, end) of the stage
// (butterfly b pairs a[k + j] and a[k + j + half] with k = 2·half·(b / half), j = b % half).
// This stage's twiddle j is twiddles[j·stride].
void butterflies(Fr* a, const Fr* twiddles, std::uint64_t stride, std::uint64_t half,
                 std::uint64_t begin, std::uint64_t end) {
  for (std::uint64_t b = begin; b < end;) {
    const std::uint64_t block = b / half;
    std::uint64_t j = b % half;
    Fr* lo = a + 2 * half * block;
    Fr* hi = lo + half;
    const std::uint64_t block_end = std::min(end - b + j, half);
    for (; j < block_end; ++j, ++b) {
      fr_wide::Limbs& l = fr_wide::limbs_of(lo[j]);
      fr_wide::Limbs& h = fr_wide::limbs_of(hi[j]);
      const fr_wide::Limbs t = fr_wide::mul(twiddles[j * stride].montgomery(), h);
      h = fr_wide::sub(l, t);
      l = fr_wide::add(l, t);
    }
  }
}

// Two consecutive stages, half-lengths `half` and 2·half, in one pass over butterfly groups
// [begin, end): group g works on the four elements k + j + {0, 1, 2, 3}·half, with
// k = 4·half·(g / half) and j = g % half. twiddles[i] = root^i, i < m/2.
void butterfly_pairs(Fr* a, const Fr* twiddles, std::uint64_t m, std::uint64_t half,
                     std::uint64_t begin, std::uint64_t end) {
  const std::uint64_t stride = m / (2 * half);  // the first stage's; the second's is half that
  for (std::uint64_t g = begin; g < end;) {
    const std::uint64_t block = g / half;
    std::uint64_t j = g % half;
    Fr* x = a + 4 * half * block;
    const std::uint64_t block_end = std::min(end - g + j, half);
    for (; j < block_end; ++j, ++g) {
      fr_wide::Limbs& x0 = fr_wide::limbs_of(x[j]);
      fr_wide::Limbs& x1 = fr_wide::limbs_of(x[j + half]);
      fr_wide::Limbs& x2 = fr_wide::limbs_of(x[j + 2 * half]);
      fr_wide::Limbs& x3 = fr_wide::limbs_of(x[j + 3 * half]);
      const fr_wide::Limbs& w = twiddles[j * stride].montgomery();
      const fr_wide::Limbs t1 = fr_wide::mul(w, x1), t3 = fr_wide::mul(w, x3);
      const fr_wide::Limbs y0 = fr_wide::add(x0, t1), y1 = fr_wide::sub(x0, t1);
      const fr_wide::Limbs y2 = fr_wide::add(x2, t3), y3 = fr_wide::sub(x2, t3);
      const fr_wide::Limbs u2 = fr_wide::mul(twiddles[j * stride / 2].montgomery(), y2);
      const fr_wide::Limbs u3 = fr_wide::mul(twiddles[(j + half) * stride / 2].montgomery(), y3);
      x0 = fr_wide::add(y0, u2);
      x2 = fr_wide::sub(y0, u2);
      x1 = fr_wide::add(y1, u3);
      x3 = fr_wide::sub(y1, u3);
    }
  }
}

// In-place evaluation of the coefficients a (size m = 2^log_m) at root^0..root^(m−1). After the
// bit-reversal, the stages of half-length below kCacheChunk stay inside cache-sized chunks, run
// chunk by chunk (the chunks spread over the cores); the remaining stages each run over the
// whole array, two at a time, their butterflies spread over the cores.
void radix2_fft(std::vector<Fr>& a, unsigned log_m, const Fr& root, StageContext& ctx) {
  const std::uint64_t m = a.size();
  if (m == 1) return;
  Fr* data = a.data();
  std::vector<Fr> twiddles(m / 2);
  fill_powers(twiddles.data(), m / 2, root, ctx);

  parallel_for(
      ctx, m,
      [&](std::uint64_t begin, std::uint64_t end) {
        for (std::uint64_t i = begin; i < end; ++i) {
          const std::uint64_t r = reverse_bits(i, log_m);
          if (i < r) std::swap(data[i], data[r]);
        }
      },
      kMinRange);

  const std::uint64_t chunk = std::min(m, kCacheChunk);
  // The chunk stages' twiddles, contiguous: root_chunk^j for j < chunk/2.
  std::vector<Fr> chunk_twiddles(chunk / 2);
  for (std::uint64_t j = 0; j < chunk / 2; ++j) chunk_twiddles[j] = twiddles[j * (m / chunk)];
  parallel_for(ctx, m / chunk, [&](std::uint64_t begin, std::uint64_t end) {
    for (std::uint64_t c = begin; c < end; ++c) {
      for (std::uint64_t half = 1; half < chunk; half *= 2) {
        butterflies(data + c * chunk, chunk_twiddles.data(), chunk / (2 * half), half, 0,
                    chunk / 2);
      }
    }
  });
  std::uint64_t half = chunk;
  for (; 4 * half <= m; half *= 4) {
    parallel_for(
        ctx, m / 4,
        [&](std::uint64_t begin, std::uint64_t end) {
          butterfly_pairs(data, twiddles.data(), m, half, begin, end);
        },
        kMinRange);
  }
  if (half < m) {
    parallel_for(
        ctx, m / 2,
        [&](std::uint64_t begin, std::uint64_t end) {
          butterflies(data, twiddles.data(), m / (2 * half), half, begin, end);
        },
        kMinRange);
  }
}

}  // namespace

const Fr& fr_root_of_unity() {
  static const Fr root = pow_limbs(Fr::from_uint(kCosetGenerator), odd_part_of_order());
  return root;
}

FrDomain::FrDomain(std::uint64_t size, unsigned log_size, const Fr& omega)
    : size_(size), log_size_(log_size), omega_(omega) {}

FrDomain FrDomain::for_size(std::uint64_t n) {
  if (n > (std::uint64_t{1} << kTwoAdicity)) {
    throw InvalidInput("Fr evaluation domain: " + std::to_string(n) +
                       " points exceed the largest radix-2 domain (2^32)");
  }
  const std::uint64_t size = std::bit_ceil(std::max<std::uint64_t>(n, 1));
  const unsigned log_size = static_cast<unsigned>(std::countr_zero(size));
  Fr omega = fr_root_of_unity();
  for (unsigned i = log_size; i < kTwoAdicity; ++i) omega = omega.square();
  return FrDomain(size, log_size, omega);
}

namespace {

void check_size(const std::vector<Fr>& a, std::uint64_t size, const char* operation) {
  if (a.size() != size) {
    throw InvalidInput(std::string("Fr domain ") + operation + ": " + std::to_string(a.size()) +
                       " values for a domain of " + std::to_string(size) + " points");
  }
}

}  // namespace

void FrDomain::fft(std::vector<Fr>& a, StageContext& ctx) const {
  check_size(a, size_, "fft");
  radix2_fft(a, log_size_, omega_, ctx);
}

void FrDomain::ifft(std::vector<Fr>& a, StageContext& ctx) const {
  check_size(a, size_, "ifft");
  radix2_fft(a, log_size_, omega_.inverse(), ctx);
  scale(a, Fr::from_uint(size_).inverse(), ctx);
}

void FrDomain::coset_fft(std::vector<Fr>& a, StageContext& ctx) const {
  check_size(a, size_, "coset_fft");
  scale_by_powers(a, Fr::from_uint(kCosetGenerator), ctx);
  radix2_fft(a, log_size_, omega_, ctx);
}

void FrDomain::icoset_fft(std::vector<Fr>& a, StageContext& ctx) const {
  check_size(a, size_, "icoset_fft");
  ifft(a, ctx);
  scale_by_powers(a, Fr::from_uint(kCosetGenerator).inverse(), ctx);
}

void FrDomain::divide_by_z_on_coset(std::vector<Fr>& a, StageContext& ctx) const {
  check_size(a, size_, "divide_by_z_on_coset");
  scale(a, vanishing_at(Fr::from_uint(kCosetGenerator)).inverse(), ctx);
}

Fr FrDomain::vanishing_at(const Fr& tau) const {
  return tau.pow(size_) - Fr::one();
}

std::vector<Fr> FrDomain::lagrange_at(const Fr& tau, StageContext& ctx) const {
  const Fr z = vanishing_at(tau);
  if (z.is_zero()) {
    throw InvalidInput("Lagrange basis at tau: tau is a point of the evaluation domain");
  }
  // L_j(tau) = Z(tau)/m · ω^j / (tau − ω^j).
  const Fr z_over_m = z * Fr::from_uint(size_).inverse();
  std::vector<Fr> basis(size_), denominators(size_);
  fill_powers(basis.data(), size_, omega_, ctx);
  parallel_for(
      ctx, size_,
      [&](std::uint64_t begin, std::uint64_t end) {
        for (std::uint64_t j = begin; j < end; ++j) denominators[j] = tau - basis[j];
        batch_invert(denominators.data() + begin, end - begin);
        for (std::uint64_t j = begin; j < end; ++j) {
          basis[j] = z_over_m * basis[j] * denominators[j];
        }
      },
      kMinRange);
  return basis;
}

}  // namespace tessera::crypto
