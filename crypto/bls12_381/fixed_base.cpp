#include "crypto/bls12_381/fixed_base.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "crypto/bls12_381/batch_affine.hpp"

namespace tessera::bls12_381 {
namespace {

constexpr unsigned kScalarBits = 256;
constexpr std::size_t kChunk = 1024;  // products normalized together

// The window width for n products: the table (2^w − 1 points per window) should cost well
// under the n·(256/w) additions it saves.
unsigned window_bits(std::size_t n) {
  if (n >= (1u << 16)) return 12;
  if (n >= 1024) return 8;
  if (n >= 64) return 5;
  return 3;
}

unsigned window_digit(const Scalar& k, unsigned bit, unsigned w) {
  const unsigned limb = bit / 64, shift = bit % 64;
  std::uint64_t v = k[limb] >> shift;
  if (shift + w > 64 && limb + 1 < 4) v |= k[limb + 1] << (64 - shift);
  return static_cast<unsigned>(v & ((1ULL << w) - 1));
}

template <class Curve>
class WindowTable {
 public:
  WindowTable(const Affine<Curve>& base, unsigned w) : w_(w) {
    const unsigned windows = (kScalarBits + w - 1) / w;
    const std::size_t per = (std::size_t{1} << w) - 1;
    std::vector<Jacobian<Curve>> jac;
    jac.reserve(windows * per);
    Jacobian<Curve> start = Jacobian<Curve>::from_affine(base);
    for (unsigned win = 0; win < windows; ++win) {
      Jacobian<Curve> m = start;
      for (std::size_t d = 1; d <= per; ++d) {
        jac.push_back(m);
        m = m + start;
      }
      for (unsigned i = 0; i < w; ++i) start = start.dbl();
    }
    table_.resize(jac.size());
    batch_to_affine<Curve>(jac, table_);
    per_window_ = per;
    windows_ = windows;
  }

  Jacobian<Curve> mul(const Scalar& k) const {
    Jacobian<Curve> acc = Jacobian<Curve>::identity();
    for (unsigned win = 0; win < windows_; ++win) {
      const unsigned d = window_digit(k, win * w_, w_);
      if (d) acc = acc + table_[win * per_window_ + d - 1];
    }
    return acc;
  }

 private:
  unsigned w_;
  unsigned windows_ = 0;
  std::size_t per_window_ = 0;
  std::vector<Affine<Curve>> table_;
};

template <class Curve>
void mul_all(const Affine<Curve>& base, std::span<const Scalar> scalars,
             std::span<Affine<Curve>> out, StageContext& ctx) {
  if (scalars.size() != out.size()) {
    throw InvalidInput("fixed_base_mul: " + std::to_string(scalars.size()) + " scalars but " +
                       std::to_string(out.size()) + " outputs");
  }
  if (scalars.empty()) return;
  const WindowTable<Curve> table(base, window_bits(scalars.size()));
  const std::uint64_t chunks = (scalars.size() + kChunk - 1) / kChunk;
  parallel_for(ctx, chunks, [&](std::uint64_t first, std::uint64_t end) {
    std::vector<Jacobian<Curve>> jac(kChunk);
    for (std::uint64_t c = first; c < end; ++c) {
      const std::size_t lo = c * kChunk;
      const std::size_t n = std::min(kChunk, scalars.size() - lo);
      for (std::size_t i = 0; i < n; ++i) jac[i] = table.mul(scalars[lo + i]);
      batch_to_affine<Curve>(std::span<const Jacobian<Curve>>(jac.data(), n), out.subspan(lo, n));
    }
  });
}

}  // namespace

void fixed_base_mul(const G1Affine& base, std::span<const Scalar> scalars, std::span<G1Affine> out,
                    StageContext& ctx) {
  mul_all<G1Curve>(base, scalars, out, ctx);
}

void fixed_base_mul(const G2Affine& base, std::span<const Scalar> scalars, std::span<G2Affine> out,
                    StageContext& ctx) {
  mul_all<G2Curve>(base, scalars, out, ctx);
}

}  // namespace tessera::bls12_381
