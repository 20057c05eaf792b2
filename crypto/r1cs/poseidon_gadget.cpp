#include "crypto/r1cs/poseidon_gadget.hpp"

#include <optional>
#include <string>

#include "common/error.hpp"
#include "crypto/r1cs/neptune_constants.hpp"

namespace tessera::crypto::r1cs {
namespace {

// neptune's Elt: an allocated number or a linear combination not yet allocated.
struct Elt {
  std::optional<AllocatedNum> allocated;
  Num num;

  static Elt of(const AllocatedNum& n) { return Elt{n, Num{}}; }
  static Elt constant(const Fr& v) {
    Elt e;
    e.num.value = v;
    e.num.lc.add(ConstraintSystem::one(), v);
    return e;
  }
  const Fr& value() const { return allocated ? allocated->value : num.value; }

  // The number as a variable; a linear combination is allocated with lc · ONE = v.
  AllocatedNum ensure_allocated(ConstraintSystem& cs) const {
    if (allocated) return *allocated;
    const AllocatedNum v = AllocatedNum::alloc(cs, num.value);
    cs.enforce(num.lc, LinearCombination::of(ConstraintSystem::one()),
               LinearCombination::of(v.var));
    return v;
  }
  Num scaled(const Fr& s) const {
    Num out = allocated ? Num::from(*allocated) : num;
    out.scale(s);
    return out;
  }
};

Fr negate(const Fr& x) {
  return Fr() - x;
}

// (l + pre)² as a new variable.
AllocatedNum square_sum(ConstraintSystem& cs, const Fr& pre, const AllocatedNum& l) {
  const Fr sum = l.value + pre;
  const AllocatedNum res = AllocatedNum::alloc(cs, sum.square());
  LinearCombination a;
  a.add(l.var).add(ConstraintSystem::one(), pre);
  LinearCombination b = a;
  cs.enforce(std::move(a), std::move(b), LinearCombination::of(res.var));
  return res;
}

// a · (b + pre) + post as a new variable (neptune mul_sum).
AllocatedNum mul_sum(ConstraintSystem& cs, const AllocatedNum& a, const AllocatedNum& b,
                     const std::optional<Fr>& pre, const std::optional<Fr>& post) {
  Fr v = b.value;
  if (pre) v += *pre;
  v *= a.value;
  if (post) v += *post;
  const AllocatedNum res = AllocatedNum::alloc(cs, v);
  LinearCombination la = LinearCombination::of(b.var);
  if (pre) la.add(ConstraintSystem::one(), *pre);
  LinearCombination lc = LinearCombination::of(res.var);
  if (post) lc.add(ConstraintSystem::one(), negate(*post));
  cs.enforce(std::move(la), LinearCombination::of(a.var), std::move(lc));
  return res;
}

class PoseidonCircuit {
 public:
  // light: the system only counts, so linear combinations and values are not tracked.
  PoseidonCircuit(const NeptuneConstants& c, std::vector<Elt> elements, bool light)
      : c_(c), elements_(std::move(elements)), light_(light) {}

  AllocatedNum hash(ConstraintSystem& cs) {
    const std::size_t half = c_.full_rounds / 2;
    full_round(cs, true, false);
    for (std::size_t i = 1; i < half; ++i) full_round(cs, false, false);
    for (std::size_t i = 0; i < c_.partial_rounds; ++i) partial_round(cs);
    for (std::size_t i = 0; i + 1 < half; ++i) full_round(cs, false, false);
    full_round(cs, false, true);
    return elements_[1].ensure_allocated(cs);
  }

 private:
  const Fr& next_constant() { return c_.compressed_round_constants.at(offset_++); }

  void full_round(ConstraintSystem& cs, bool first, bool last) {
    const std::size_t width = c_.width;
    std::vector<Fr> pre, post;
    if (first) {
      for (std::size_t i = 0; i < width; ++i) pre.push_back(next_constant());
    }
    if (first || !last) {
      for (std::size_t i = 0; i < width; ++i) post.push_back(next_constant());
    }
    for (std::size_t i = 0; i < width; ++i) {
      if (first && i == 0) {
        // The tag is a constant: its s-box is computed, not constrained.
        Fr t = elements_[0].value() + pre[0];
        t = t.square().square() * t + post[0];
        elements_[0] = Elt::constant(t);
      } else if (first) {
        const AllocatedNum l = elements_[i].ensure_allocated(cs);
        const AllocatedNum l2 = square_sum(cs, pre[i], l);
        const AllocatedNum l4 = l2.square(cs);
        elements_[i] = Elt::of(mul_sum(cs, l4, l, pre[i], post[i]));
      } else {
        elements_[i] =
            sbox(cs, elements_[i], post.empty() ? std::nullopt : std::optional<Fr>(post[i]));
      }
    }
    product_mds();
  }

  void partial_round(ConstraintSystem& cs) {
    const Fr key = next_constant();
    elements_[0] = sbox(cs, elements_[0], key);
    product_mds();
  }

  static Elt sbox(ConstraintSystem& cs, const Elt& e, const std::optional<Fr>& post) {
    const AllocatedNum l = e.ensure_allocated(cs);
    const AllocatedNum l2 = l.square(cs);
    const AllocatedNum l4 = l2.square(cs);
    return Elt::of(mul_sum(cs, l4, l, std::nullopt, post));
  }

  void product_mds() {
    const std::size_t half = c_.full_rounds / 2;
    const std::size_t sparse_offset = half - 1;
    if (round_ == sparse_offset) {
      product_full(c_.pre_sparse_matrix);
    } else if (round_ > sparse_offset && round_ < half + c_.partial_rounds) {
      product_sparse(c_.sparse_matrixes.at(round_ - sparse_offset - 1));
    } else {
      product_full(c_.m);
    }
    ++round_;
  }

  // result_j = Σ_i elements_i · matrix[i][j].
  void product_full(const FrMatrix& matrix) {
    std::vector<Elt> result(c_.width);
    if (light_) {
      elements_ = std::move(result);  // every product is a linear combination, not a variable
      return;
    }
    for (std::size_t j = 0; j < c_.width; ++j) {
      Num acc;
      for (std::size_t i = 0; i < c_.width; ++i) acc.add(elements_[i].scaled(matrix[i][j]));
      acc.lc.compact();
      result[j].num = std::move(acc);
    }
    elements_ = std::move(result);
  }

  void product_sparse(const NeptuneSparseMatrix& s) {
    std::vector<Elt> result(c_.width);
    if (light_) {
      elements_ = std::move(result);
      return;
    }
    Num first;
    for (std::size_t i = 0; i < c_.width; ++i) first.add(elements_[i].scaled(s.w_hat[i]));
    first.lc.compact();
    result[0].num = std::move(first);
    for (std::size_t j = 1; j < c_.width; ++j) {
      if (elements_[j].allocated) throw InvalidInput("r1cs: Poseidon sparse round on a variable");
      Num sum = elements_[j].num;
      sum.add(elements_[0].scaled(s.v_rest[j - 1]));
      result[j].num = std::move(sum);
    }
    elements_ = std::move(result);
  }

  const NeptuneConstants& c_;
  std::vector<Elt> elements_;
  bool light_;
  std::size_t offset_ = 0;
  std::size_t round_ = 0;
};

}  // namespace

AllocatedNum poseidon_hash_circuit(ConstraintSystem& cs,
                                   const std::vector<AllocatedNum>& preimage) {
  const NeptuneConstants& c = neptune_constants(preimage.size());
  std::vector<Elt> elements;
  elements.reserve(c.width);
  elements.push_back(Elt::constant(c.domain_tag));
  for (const auto& p : preimage) elements.push_back(Elt::of(p));
  PoseidonCircuit circuit(c, std::move(elements), cs.counting_only());
  return circuit.hash(cs);
}

}  // namespace tessera::crypto::r1cs
