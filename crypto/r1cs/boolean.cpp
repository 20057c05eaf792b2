#include "crypto/r1cs/boolean.hpp"

#include "common/error.hpp"

namespace tessera::crypto::r1cs {
namespace {

Fr bit_fr(bool b) {
  return b ? Fr::one() : Fr();
}

const Fr& one_fr() {
  static const Fr one = Fr::one();
  return one;
}

}  // namespace

AllocatedBit AllocatedBit::alloc(ConstraintSystem& cs, bool value) {
  const Variable var = cs.alloc(bit_fr(value));
  LinearCombination a;
  a.add(ConstraintSystem::one()).sub(var);
  cs.enforce(std::move(a), LinearCombination::of(var), LinearCombination());
  return AllocatedBit{var, value};
}

AllocatedBit AllocatedBit::xor_(ConstraintSystem& cs, const AllocatedBit& a,
                                const AllocatedBit& b) {
  const bool v = a.value != b.value;
  const Variable r = cs.alloc(bit_fr(v));
  // (a + a) · b = a + b − r
  LinearCombination la;
  la.add(a.var).add(a.var);
  LinearCombination lc;
  lc.add(a.var).add(b.var).sub(r);
  cs.enforce(std::move(la), LinearCombination::of(b.var), std::move(lc));
  return AllocatedBit{r, v};
}

AllocatedBit AllocatedBit::and_(ConstraintSystem& cs, const AllocatedBit& a,
                                const AllocatedBit& b) {
  const bool v = a.value && b.value;
  const Variable r = cs.alloc(bit_fr(v));
  cs.enforce(LinearCombination::of(a.var), LinearCombination::of(b.var), LinearCombination::of(r));
  return AllocatedBit{r, v};
}

AllocatedBit AllocatedBit::and_not(ConstraintSystem& cs, const AllocatedBit& a,
                                   const AllocatedBit& b) {
  const bool v = a.value && !b.value;
  const Variable r = cs.alloc(bit_fr(v));
  LinearCombination lb;
  lb.add(ConstraintSystem::one()).sub(b.var);
  cs.enforce(LinearCombination::of(a.var), std::move(lb), LinearCombination::of(r));
  return AllocatedBit{r, v};
}

AllocatedBit AllocatedBit::nor(ConstraintSystem& cs, const AllocatedBit& a, const AllocatedBit& b) {
  const bool v = !a.value && !b.value;
  const Variable r = cs.alloc(bit_fr(v));
  LinearCombination la;
  la.add(ConstraintSystem::one()).sub(a.var);
  LinearCombination lb;
  lb.add(ConstraintSystem::one()).sub(b.var);
  cs.enforce(std::move(la), std::move(lb), LinearCombination::of(r));
  return AllocatedBit{r, v};
}

Boolean Boolean::negate() const {
  switch (kind_) {
    case Kind::kConstant:
      return constant(!raw_);
    case Kind::kIs:
      return Boolean(Kind::kNot, var_, raw_);
    case Kind::kNot:
      return Boolean(Kind::kIs, var_, raw_);
  }
  return *this;
}

void Boolean::add_to(LinearCombination& lc, const Fr& coeff) const {
  switch (kind_) {
    case Kind::kConstant:
      if (raw_) lc.add(ConstraintSystem::one(), coeff);
      break;
    case Kind::kIs:
      lc.add(var_, coeff);
      break;
    case Kind::kNot:
      lc.add(ConstraintSystem::one(), coeff).sub(var_, coeff);
      break;
  }
}

LinearCombination Boolean::lc(const Fr& coeff) const {
  LinearCombination out;
  add_to(out, coeff);
  return out;
}

LinearCombination Boolean::lc() const {
  return lc(one_fr());
}

Boolean Boolean::xor_(ConstraintSystem& cs, const Boolean& a, const Boolean& b) {
  if (a.kind_ == Kind::kConstant && !a.raw_) return b;
  if (b.kind_ == Kind::kConstant && !b.raw_) return a;
  if (a.kind_ == Kind::kConstant) return b.negate();  // a is true
  if (b.kind_ == Kind::kConstant) return a.negate();  // b is true
  if (a.kind_ == Kind::kIs && b.kind_ == Kind::kNot) {
    return xor_(cs, a, b.negate()).negate();
  }
  if (a.kind_ == Kind::kNot && b.kind_ == Kind::kIs) {
    return xor_(cs, b, a.negate()).negate();
  }
  // Is/Is or Not/Not: the xor of the underlying bits.
  return is(AllocatedBit::xor_(cs, a.bit(), b.bit()));
}

Boolean Boolean::and_(ConstraintSystem& cs, const Boolean& a, const Boolean& b) {
  if ((a.kind_ == Kind::kConstant && !a.raw_) || (b.kind_ == Kind::kConstant && !b.raw_)) {
    return constant(false);
  }
  if (a.kind_ == Kind::kConstant) return b;  // a is true
  if (b.kind_ == Kind::kConstant) return a;  // b is true
  if (a.kind_ == Kind::kIs && b.kind_ == Kind::kNot) {
    return is(AllocatedBit::and_not(cs, a.bit(), b.bit()));
  }
  if (a.kind_ == Kind::kNot && b.kind_ == Kind::kIs) {
    return is(AllocatedBit::and_not(cs, b.bit(), a.bit()));
  }
  if (a.kind_ == Kind::kNot) return is(AllocatedBit::nor(cs, a.bit(), b.bit()));
  return is(AllocatedBit::and_(cs, a.bit(), b.bit()));
}

Boolean Boolean::or_(ConstraintSystem& cs, const Boolean& a, const Boolean& b) {
  return and_(cs, a.negate(), b.negate()).negate();
}

void Boolean::enforce_equal(ConstraintSystem& cs, const Boolean& a, const Boolean& b) {
  if (a.is_constant() && b.is_constant()) {
    if (a.raw_ != b.raw_) throw InvalidInput("r1cs: two different constant booleans");
    return;
  }
  LinearCombination c;
  if (a.is_constant() || b.is_constant()) {
    const Boolean& k = a.is_constant() ? a : b;
    const Boolean& x = a.is_constant() ? b : a;
    if (k.raw_) {
      c.add(ConstraintSystem::one()).sub(x.lc());
    } else {
      c = x.lc();
    }
  } else {
    c = a.lc();
    c.sub(b.lc());
  }
  cs.enforce(LinearCombination(), LinearCombination(), std::move(c));
}

Boolean Boolean::sha256_ch(ConstraintSystem& cs, const Boolean& a, const Boolean& b,
                           const Boolean& c) {
  const bool value = (a.value() && b.value()) != (!a.value() && c.value());
  if (a.is_constant() && b.is_constant() && c.is_constant()) return constant(value);
  if (a.is_constant() && !a.raw_) return c;
  if (b.is_constant() && !b.raw_) return and_(cs, a.negate(), c);
  if (c.is_constant() && !c.raw_) return and_(cs, a, b);
  if (c.is_constant()) return and_(cs, a, b.negate()).negate();           // c true
  if (b.is_constant()) return and_(cs, a.negate(), c.negate()).negate();  // b true
  // a constant true falls through, as in bellpepper.
  const Variable ch = cs.alloc(bit_fr(value));
  // (b − c) · a = ch − c
  LinearCombination la = b.lc();
  la.sub(c.lc());
  LinearCombination lc = LinearCombination::of(ch);
  lc.sub(c.lc());
  cs.enforce(std::move(la), a.lc(), std::move(lc));
  return is(AllocatedBit{ch, value});
}

Boolean Boolean::sha256_maj(ConstraintSystem& cs, const Boolean& a, const Boolean& b,
                            const Boolean& c) {
  const bool value =
      ((a.value() && b.value()) != (a.value() && c.value())) != (b.value() && c.value());
  if (a.is_constant() && b.is_constant() && c.is_constant()) return constant(value);
  if (a.is_constant() && !a.raw_) return and_(cs, b, c);
  if (b.is_constant() && !b.raw_) return and_(cs, a, c);
  if (c.is_constant() && !c.raw_) return and_(cs, a, b);
  if (c.is_constant()) return and_(cs, a.negate(), b.negate()).negate();
  if (b.is_constant()) return and_(cs, a.negate(), c.negate()).negate();
  if (a.is_constant()) return and_(cs, b.negate(), c.negate()).negate();
  const Variable maj = cs.alloc(bit_fr(value));
  const Boolean bc = and_(cs, b, c);
  // (2bc − b − c) · a = bc − maj
  LinearCombination la = bc.lc();
  la.add(bc.lc()).sub(b.lc()).sub(c.lc());
  LinearCombination lc = bc.lc();
  lc.sub(maj);
  cs.enforce(std::move(la), a.lc(), std::move(lc));
  return is(AllocatedBit{maj, value});
}

std::vector<Boolean> u64_into_boolean_vec_le(ConstraintSystem& cs, std::uint64_t value) {
  std::vector<Boolean> bits;
  bits.reserve(64);
  for (int i = 0; i < 64; ++i)
    bits.push_back(Boolean::is(AllocatedBit::alloc(cs, (value >> i) & 1)));
  return bits;
}

std::vector<AllocatedBit> field_into_allocated_bits_le(ConstraintSystem& cs, const Fr& value) {
  const auto bytes = value.to_bytes();
  std::vector<AllocatedBit> bits;
  bits.reserve(255);
  for (int i = 0; i < 255; ++i) {
    bits.push_back(AllocatedBit::alloc(cs, (bytes[i / 8] >> (i % 8)) & 1));
  }
  return bits;
}

std::vector<Boolean> reverse_bit_numbering(std::vector<Boolean> bits) {
  while (bits.size() % 8 != 0) bits.push_back(Boolean::constant(false));
  std::vector<Boolean> out;
  out.reserve(bits.size());
  for (std::size_t i = 0; i < bits.size(); i += 8) {
    for (int j = 7; j >= 0; --j) out.push_back(bits[i + j]);
  }
  return out;
}

}  // namespace tessera::crypto::r1cs
