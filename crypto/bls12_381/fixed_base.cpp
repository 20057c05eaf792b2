#include "crypto/bls12_381/fixed_base.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>

#include "common/error.hpp"

namespace tessera::bls12_381 {
namespace {

constexpr unsigned kScalarBits = 256;
constexpr unsigned kMaxWindowBits = 16;
constexpr std::size_t kBatch = 2048;  // products summed side by side, one inversion per step

// Windows of w bits covering a 256-bit scalar and the carry of its signed recoding.
unsigned windows_for(unsigned w) {
  return kScalarBits / w + 1;
}

// The window width for n products: the fewest additions, one per table entry and
// n·⌈255/w⌉ for the products (scalars below r have 255 bits).
unsigned window_bits_for(std::size_t n) {
  unsigned best = 2;
  double best_cost = -1;
  for (unsigned w = 2; w <= kMaxWindowBits; ++w) {
    const double table = static_cast<double>(windows_for(w)) * (std::size_t{1} << (w - 1));
    const double products = static_cast<double>(n) * ((255 + w - 1) / w);
    if (best_cost < 0 || table + products < best_cost) {
      best = w;
      best_cost = table + products;
    }
  }
  return best;
}

// Bits [bit, bit + w) of k, zero past bit 255.
unsigned window_value(const Scalar& k, unsigned bit, unsigned w) {
  if (bit >= kScalarBits) return 0;
  const unsigned limb = bit / 64, shift = bit % 64;
  std::uint64_t v = k[limb] >> shift;
  if (shift + w > 64 && limb + 1 < 4) v |= k[limb + 1] << (64 - shift);
  return static_cast<unsigned>(v & ((std::uint64_t{1} << w) - 1));
}

// k = Σ digits[j]·2^(w·j) with every digit in (−2^(w−1), 2^(w−1)]; the last window absorbs the
// final carry (windows·w > 256).
void signed_digits(const Scalar& k, unsigned w, unsigned windows, std::int32_t* digits) {
  const std::int32_t half = std::int32_t{1} << (w - 1);
  std::int32_t carry = 0;
  for (unsigned j = 0; j < windows; ++j) {
    const std::int32_t d = static_cast<std::int32_t>(window_value(k, j * w, w)) + carry;
    carry = d > half ? 1 : 0;
    digits[j] = d - (carry << w);
  }
}

// acc[index] += ±addend, one of a batch of such additions.
template <class Curve>
struct PendingAdd {
  std::uint32_t index;
  bool negate;
  const Affine<Curve>* addend;
};

// Performs every addition of `adds` (distinct indices, addends not among the points they add
// to) in affine coordinates with one field inversion for all: λ = (y₂ − y₁)/(x₂ − x₁),
// x = λ² − x₁ − x₂, y = λ·(x₁ − x) − y₁. The cases without a slope (an identity, equal x) are
// settled on the way.
template <class Curve>
void add_all(std::span<Affine<Curve>> acc, std::span<PendingAdd<Curve>> adds) {
  using F = typename Curve::Field;
  std::vector<F> before(adds.size());  // product of the earlier slopes' denominators
  F product = F::one();
  for (std::size_t k = 0; k < adds.size(); ++k) {
    PendingAdd<Curve>& add = adds[k];
    const Affine<Curve>& e = *add.addend;
    Affine<Curve>& a = acc[add.index];
    if (e.infinity) {
      add.addend = nullptr;
    } else if (a.infinity) {
      a = add.negate ? -e : e;
      add.addend = nullptr;
    } else if (a.x == e.x) {  // a = ±addend: a doubling or the identity
      a = a.y == (add.negate ? -e.y : e.y) ? Jacobian<Curve>::from_affine(a).dbl().to_affine()
                                           : Affine<Curve>::identity();
      add.addend = nullptr;
    } else {
      before[k] = product;
      product = product * (e.x - a.x);
    }
  }
  F inverse = product.inverse();
  for (std::size_t k = adds.size(); k-- > 0;) {
    const PendingAdd<Curve>& add = adds[k];
    if (add.addend == nullptr) continue;
    const Affine<Curve>& e = *add.addend;
    Affine<Curve>& a = acc[add.index];
    const F dx = e.x - a.x;
    const F dx_inverse = inverse * before[k];
    inverse = inverse * dx;
    const F lambda = ((add.negate ? -e.y : e.y) - a.y) * dx_inverse;
    const F x = lambda.square() - a.x - e.x;
    a.y = lambda * (a.x - x) - a.y;
    a.x = x;
  }
}

// Starts loading `p` into the cache (inline: GCC drops calls to a function that only prefetches).
template <class Curve>
inline __attribute__((always_inline)) void prefetch(const Affine<Curve>& p) {
  const auto* bytes = reinterpret_cast<const char*>(&p);
  for (std::size_t line = 0; line < sizeof(p); line += 64) __builtin_prefetch(bytes + line);
  __builtin_prefetch(bytes + sizeof(p) - 1);  // p may straddle one more line
}

}  // namespace

template <class Curve>
FixedBaseTable<Curve>::FixedBaseTable(const Affine<Curve>& base, std::size_t products,
                                      StageContext& ctx)
    : window_bits_(window_bits_for(products)),
      windows_(windows_for(window_bits_)),
      per_window_(std::size_t{1} << (window_bits_ - 1)),
      table_(windows_ * per_window_) {
  // A window's multiples m·S of its base S = 2^(w·window)·P: given 1..h, (h+1)..2h are the sums
  // (j + h)·S = j·S + h·S, all independent.
  parallel_for(ctx, windows_, [&](std::uint64_t first, std::uint64_t end) {
    std::vector<PendingAdd<Curve>> adds;
    for (std::uint64_t window = first; window < end; ++window) {
      const auto row = std::span(table_).subspan(window * per_window_, per_window_);
      Jacobian<Curve> start = Jacobian<Curve>::from_affine(base);
      for (std::uint64_t i = 0; i < window * window_bits_; ++i) start = start.dbl();
      row[0] = start.to_affine();
      for (std::size_t h = 1; h < per_window_; h *= 2) {
        adds.clear();
        for (std::size_t j = 0; j < h; ++j) {
          row[h + j] = row[j];
          adds.push_back({static_cast<std::uint32_t>(h + j), false, &row[h - 1]});
        }
        add_all<Curve>(row, adds);
      }
    }
  });
}

template <class Curve>
void FixedBaseTable<Curve>::mul(std::span<const Scalar> scalars, std::span<Affine<Curve>> out,
                                StageContext& ctx) const {
  if (scalars.size() != out.size()) {
    throw InvalidInput("fixed_base_mul: " + std::to_string(scalars.size()) + " scalars but " +
                       std::to_string(out.size()) + " outputs");
  }
  const std::uint64_t batches = (scalars.size() + kBatch - 1) / kBatch;
  // Batches are handed out one at a time, so a core the machine slows down takes fewer.
  std::atomic<std::uint64_t> next{0};
  parallel_for(ctx, std::max(1u, ctx.cores()), [&](std::uint64_t, std::uint64_t) {
    for (std::uint64_t b = next++; b < batches; b = next++) {
      const std::size_t lo = b * kBatch;
      const std::size_t n = std::min(kBatch, scalars.size() - lo);
      mul_batch(scalars.subspan(lo, n), out.subspan(lo, n));
    }
  });
}

template <class Curve>
void FixedBaseTable<Curve>::mul_batch(std::span<const Scalar> scalars,
                                      std::span<Affine<Curve>> acc) const {
  const std::size_t n = scalars.size();
  std::vector<std::int32_t> digits(n * windows_);
  for (std::size_t i = 0; i < n; ++i) {
    signed_digits(scalars[i], window_bits_, windows_, &digits[i * windows_]);
    acc[i] = Affine<Curve>::identity();
  }
  std::vector<PendingAdd<Curve>> adds;
  adds.reserve(n);
  for (unsigned window = 0; window < windows_; ++window) {
    // The table is far larger than the caches: all of a step's entries are requested at once.
    adds.clear();
    for (std::size_t i = 0; i < n; ++i) {
      const std::int32_t d = digits[i * windows_ + window];
      if (d == 0) continue;
      const Affine<Curve>& e = entry(window, static_cast<unsigned>(d < 0 ? -d : d));
      prefetch(e);
      adds.push_back({static_cast<std::uint32_t>(i), d < 0, &e});
    }
    add_all<Curve>(acc, adds);
  }
}

template class FixedBaseTable<G1Curve>;
template class FixedBaseTable<G2Curve>;

void fixed_base_mul(const G1Affine& base, std::span<const Scalar> scalars, std::span<G1Affine> out,
                    StageContext& ctx) {
  FixedBaseTable<G1Curve>(base, scalars.size(), ctx).mul(scalars, out, ctx);
}

void fixed_base_mul(const G2Affine& base, std::span<const Scalar> scalars, std::span<G2Affine> out,
                    StageContext& ctx) {
  FixedBaseTable<G2Curve>(base, scalars.size(), ctx).mul(scalars, out, ctx);
}

}  // namespace tessera::bls12_381
