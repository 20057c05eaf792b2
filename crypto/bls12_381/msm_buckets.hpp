// One window of Pippenger's bucket method on any curve of curve.hpp: the points whose Booth digit
// is ±j go to bucket j − 1 (negated for −j); buckets are affine points filled by batches of
// affine additions that share one field inversion (Montgomery's trick); an addition whose bucket
// already waits in the batch goes to a Jacobian overflow bucket instead; the window's sum
// Σ j·bucket_j comes from running sums. Internal to msm.cpp.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/bls12_381/curve.hpp"
#include "crypto/bls12_381/fp2.hpp"
#include "crypto/bls12_381/msm_digits.hpp"

namespace tessera::bls12_381::msm_detail {

// Zero tests by OR-ing limbs (Fp::is_zero compares arrays through a memcmp call, a few percent of
// an MSM when done once per addition).
inline bool is_zero(const Fp& a) {
  const Limbs6& l = a.montgomery();
  return (l[0] | l[1] | l[2] | l[3] | l[4] | l[5]) == 0;
}
inline bool is_zero(const Fp2& a) {
  return is_zero(a.c0) && is_zero(a.c1);
}

// The batch size for 2^(c−1) buckets: large enough to spread the inversion over many additions,
// small enough that few additions collide with a bucket already in the batch. 0 (every addition
// Jacobian) when the buckets are too few for batches to pay.
inline std::size_t batch_capacity(unsigned c) {
  const std::size_t buckets = std::size_t{1} << (c - 1);
  return buckets < 1024 ? 0 : std::min<std::size_t>(buckets / 8, 2048);
}

template <class Curve>
class WindowBuckets {
 public:
  using F = typename Curve::Field;
  using AffinePoint = Affine<Curve>;
  using JacobianPoint = Jacobian<Curve>;

  // Buckets for windows of c bits (1 ≤ c ≤ 20), with batches of batch_capacity(c) additions.
  explicit WindowBuckets(unsigned c)
      : c_(c),
        capacity_(batch_capacity(c)),
        buckets_(std::size_t{1} << (c - 1)),
        overflow_slot_(buckets_.size(), kNoSlot),
        in_batch_(buckets_.size(), 0) {
    batch_.reserve(capacity_);
    denominators_.resize(capacity_);
    prefix_products_.resize(capacity_);
  }

  // Σ_i digit_w(scalars[i])·bases[i] over window w; the spans have equal lengths.
  JacobianPoint window_sum(std::span<const AffinePoint> bases, std::span<const Scalar> scalars,
                           unsigned w) {
    std::fill(buckets_.begin(), buckets_.end(), AffinePoint::identity());
    std::fill(overflow_slot_.begin(), overflow_slot_.end(), kNoSlot);
    overflow_.clear();
    // Digits are taken a block at a time, prefetching each bucket before the block's additions.
    constexpr std::size_t kBlock = 64;
    std::int64_t digits[kBlock];
    for (std::size_t start = 0; start < bases.size(); start += kBlock) {
      const std::size_t len = std::min(kBlock, bases.size() - start);
      for (std::size_t i = 0; i < len; ++i) {
        digits[i] = bases[start + i].infinity ? 0 : booth_digit(scalars[start + i], c_, w);
        if (digits[i] != 0) __builtin_prefetch(&buckets_[bucket_of(digits[i])]);
      }
      for (std::size_t i = 0; i < len; ++i) {
        if (digits[i] != 0) add(bucket_of(digits[i]), bases[start + i], digits[i] < 0);
      }
    }
    if (!batch_.empty()) flush();
    return running_sum();
  }

 private:
  static constexpr std::uint32_t kNoSlot = ~std::uint32_t{0};
  enum class Kind : std::uint8_t { kAdd, kDouble, kCancel };
  struct Pending {
    std::uint32_t bucket;
    Kind kind;
    bool negate;
    const AffinePoint* point;
  };

  static std::size_t bucket_of(std::int64_t digit) {
    return static_cast<std::size_t>(digit < 0 ? -digit : digit) - 1;
  }

  // bucket += (negate ? −p : p), at once when the bucket is empty, else in the batch or, when the
  // bucket is already in it (or there are no batches), in the bucket's overflow.
  void add(std::size_t bucket, const AffinePoint& p, bool negate) {
    AffinePoint& b = buckets_[bucket];
    if (b.infinity) {  // a bucket in the batch is never empty until the batch is flushed
      b = negate ? -p : p;
      return;
    }
    if (capacity_ == 0 || in_batch_[bucket]) {
      add_overflow(bucket, negate ? -p : p);
      return;
    }
    in_batch_[bucket] = 1;
    batch_.push_back({static_cast<std::uint32_t>(bucket), Kind::kAdd, negate, &p});
    if (batch_.size() == capacity_) flush();
  }

  // overflow_bucket += p (a mixed Jacobian addition).
  void add_overflow(std::size_t bucket, const AffinePoint& p) {
    std::uint32_t& slot = overflow_slot_[bucket];
    if (slot == kNoSlot) {
      slot = static_cast<std::uint32_t>(overflow_.size());
      overflow_.push_back(JacobianPoint::from_affine(p));
    } else {
      overflow_[slot] = overflow_[slot] + p;
    }
  }

  // Performs the batch's additions with one inversion of the product of their denominators
  // (x2 − x1 for an addition, 2y for a doubling; none when the sum is the identity).
  void flush() {
    F product = F::one();
    for (std::size_t k = 0; k < batch_.size(); ++k) {
      Pending& e = batch_[k];
      const AffinePoint& b = buckets_[e.bucket];
      denominators_[k] = e.point->x - b.x;
      if (!is_zero(denominators_[k])) {
        e.kind = Kind::kAdd;
      } else if (is_zero(b.y - (e.negate ? -e.point->y : e.point->y)) && !is_zero(b.y)) {
        e.kind = Kind::kDouble;
        denominators_[k] = b.y.dbl();
      } else {
        e.kind = Kind::kCancel;  // b = −p (or a doubling of a point of order 2)
        continue;
      }
      prefix_products_[k] = product;
      product *= denominators_[k];
    }
    F inverse = product.inverse();
    for (std::size_t k = batch_.size(); k-- > 0;) {
      const Pending& e = batch_[k];
      AffinePoint& b = buckets_[e.bucket];
      in_batch_[e.bucket] = 0;
      if (e.kind == Kind::kCancel) {
        b = AffinePoint::identity();
        continue;
      }
      const F inverse_k = inverse * prefix_products_[k];  // 1 / denominators_[k]
      inverse *= denominators_[k];
      F lambda;
      if (e.kind == Kind::kAdd) {
        lambda = ((e.negate ? -e.point->y : e.point->y) - b.y) * inverse_k;
      } else {
        const F xx = b.x.square();
        lambda = (xx + xx.dbl()) * inverse_k;
      }
      const F x3 = lambda.square() - b.x - e.point->x;
      b.y = lambda * (b.x - x3) - b.y;
      b.x = x3;
    }
    batch_.clear();
  }

  // Σ_j (j + 1)·(bucket_j + overflow_j): the running sum of buckets from the top, summed.
  JacobianPoint running_sum() const {
    JacobianPoint partial = JacobianPoint::identity();
    JacobianPoint total = JacobianPoint::identity();
    for (std::size_t j = buckets_.size(); j-- > 0;) {
      if (!buckets_[j].infinity) partial = partial + buckets_[j];
      if (overflow_slot_[j] != kNoSlot) partial += overflow_[overflow_slot_[j]];
      total += partial;
    }
    return total;
  }

  unsigned c_;
  std::size_t capacity_;
  std::vector<AffinePoint> buckets_;
  std::vector<std::uint32_t> overflow_slot_;  // index into overflow_, or kNoSlot
  std::vector<JacobianPoint> overflow_;
  std::vector<std::uint8_t> in_batch_;
  std::vector<Pending> batch_;
  std::vector<F> denominators_;
  std::vector<F> prefix_products_;
};

}  // namespace tessera::bls12_381::msm_detail
