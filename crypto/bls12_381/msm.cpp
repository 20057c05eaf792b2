// Pippenger's multi-scalar multiplication: picks the window width and the split of the work
// into (window, point range) tasks from a cost model, runs the tasks over the context's cores
// (msm_buckets.hpp does one task) and combines their sums by Horner's rule.
#include "crypto/bls12_381/msm.hpp"

#include <algorithm>
#include <bit>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "crypto/bls12_381/msm_buckets.hpp"

namespace tessera::bls12_381 {
namespace {

using msm_detail::batch_capacity;
using msm_detail::window_count;
using msm_detail::WindowBuckets;

// The widest window: 2^17 buckets per thread (about 14 MB for G1, 26 MB for G2).
constexpr unsigned kMaxWindowBits = 18;

// Costs in field multiplications (a squaring counted as one): an affine addition in a batch
// (5M + 1S, plus 3M for the shared inversion), the inversion itself (Fermat, ~381S + ~95M), a
// mixed Jacobian addition (7M + 4S), a Jacobian addition (11M + 5S) and a doubling (2M + 5S).
constexpr double kBatchAdd = 6;
constexpr double kInversion = 476;
constexpr double kMixedAdd = 11;
constexpr double kAdd = 16;
constexpr double kDouble = 7;

// The number of bits up to the highest one set in any scalar.
unsigned scalar_bit_length(std::span<const Scalar> scalars) {
  Scalar any{};
  for (const Scalar& s : scalars) {
    for (int i = 0; i < 4; ++i) any[i] |= s[i];
  }
  for (int i = 3; i >= 0; --i) {
    if (any[i]) return 64 * i + static_cast<unsigned>(std::bit_width(any[i]));
  }
  return 0;
}

// The expected cost of putting one point in a bucket, for windows of c bits.
double cost_per_point(unsigned c) {
  const std::size_t capacity = batch_capacity(c);
  if (capacity == 0) return kMixedAdd;
  // The k-th addition of a batch finds its bucket already there with probability ~k/buckets.
  const double collisions = static_cast<double>(capacity) / static_cast<double>(1u << c);
  return (1 - collisions) * (kBatchAdd + kInversion / static_cast<double>(capacity)) +
         collisions * kMixedAdd;
}

struct Plan {
  unsigned c = 1;  // window width in bits
  unsigned windows = 1;
  unsigned chunks = 1;  // point ranges
};

// The plan with the least estimated time on `cores` cores: tasks (one window over one point
// range) are dealt out in equal contiguous runs, so the slowest core does ⌈tasks/cores⌉ of them;
// the final combination runs on one core.
Plan make_plan(std::size_t n, unsigned bits, unsigned cores) {
  Plan best;
  double best_cost = -1;
  const unsigned max_chunks = static_cast<unsigned>(std::min<std::size_t>(cores, n));
  for (unsigned c = 1; c <= kMaxWindowBits; ++c) {
    const unsigned windows = window_count(bits, c);
    const double buckets = static_cast<double>(1u << (c - 1));
    for (unsigned chunks = 1; chunks <= max_chunks; ++chunks) {
      const double per_task =
          static_cast<double>(n) / chunks * cost_per_point(c) + buckets * (kMixedAdd + kAdd);
      const unsigned rounds = (windows * chunks + cores - 1) / cores;
      const double cost =
          rounds * per_task + static_cast<double>(windows) * (c * kDouble + chunks * kAdd);
      if (best_cost < 0 || cost < best_cost) {
        best_cost = cost;
        best = {c, windows, chunks};
      }
    }
  }
  return best;
}

template <class Curve>
Jacobian<Curve> pippenger(std::span<const Affine<Curve>> bases, std::span<const Scalar> scalars,
                          StageContext& ctx) {
  if (bases.size() != scalars.size()) {
    throw InvalidInput("msm: " + std::to_string(bases.size()) + " bases but " +
                       std::to_string(scalars.size()) + " scalars");
  }
  using JacobianPoint = Jacobian<Curve>;
  const unsigned bits = scalar_bit_length(scalars);
  if (bases.empty() || bits == 0) return JacobianPoint::identity();
  const std::size_t n = bases.size();
  const Plan plan = make_plan(n, bits, std::max(1u, ctx.cores()));

  // Task t covers window t % windows of point range t / windows.
  std::vector<JacobianPoint> sums(std::size_t{plan.windows} * plan.chunks);
  parallel_for(ctx, sums.size(), [&](std::uint64_t begin, std::uint64_t end) {
    WindowBuckets<Curve> buckets(plan.c);
    for (std::uint64_t t = begin; t < end; ++t) {
      const std::size_t chunk = t / plan.windows;
      const std::size_t first = n * chunk / plan.chunks;
      const std::size_t last = n * (chunk + 1) / plan.chunks;
      sums[t] = buckets.window_sum(bases.subspan(first, last - first),
                                   scalars.subspan(first, last - first),
                                   static_cast<unsigned>(t % plan.windows));
    }
  });

  JacobianPoint result = JacobianPoint::identity();
  for (unsigned w = plan.windows; w-- > 0;) {
    for (unsigned i = 0; i < plan.c; ++i) result = result.dbl();
    for (unsigned chunk = 0; chunk < plan.chunks; ++chunk) {
      result += sums[std::size_t{chunk} * plan.windows + w];
    }
  }
  return result;
}

}  // namespace

G1 msm(std::span<const G1Affine> bases, std::span<const Scalar> scalars, StageContext& ctx) {
  return pippenger<G1Curve>(bases, scalars, ctx);
}

G2 msm(std::span<const G2Affine> bases, std::span<const Scalar> scalars, StageContext& ctx) {
  return pippenger<G2Curve>(bases, scalars, ctx);
}

}  // namespace tessera::bls12_381
