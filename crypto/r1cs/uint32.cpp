#include "crypto/r1cs/uint32.hpp"

#include "common/error.hpp"

namespace tessera::crypto::r1cs {

UInt32 UInt32::constant(std::uint32_t value) {
  UInt32 r;
  for (int i = 0; i < 32; ++i) r.bits_[i] = Boolean::constant((value >> i) & 1);
  r.value_ = value;
  return r;
}

UInt32 UInt32::alloc(ConstraintSystem& cs, std::uint32_t value) {
  UInt32 r;
  for (int i = 0; i < 32; ++i) r.bits_[i] = Boolean::is(AllocatedBit::alloc(cs, (value >> i) & 1));
  r.value_ = value;
  return r;
}

UInt32 UInt32::from_bits_be(const Boolean* bits) {
  UInt32 r;
  for (int i = 0; i < 32; ++i) {
    r.bits_[31 - i] = bits[i];
    r.value_ = (r.value_ << 1) | (bits[i].value() ? 1u : 0u);
  }
  return r;
}

std::vector<Boolean> UInt32::into_bits_be() const {
  return std::vector<Boolean>(bits_.rbegin(), bits_.rend());
}

UInt32 UInt32::rotr(std::size_t by) const {
  by %= 32;
  UInt32 r;
  for (std::size_t i = 0; i < 32; ++i) r.bits_[i] = bits_[(i + by) % 32];
  r.value_ = (value_ >> by) | (by == 0 ? 0 : value_ << (32 - by));
  return r;
}

UInt32 UInt32::shr(std::size_t by) const {
  by %= 32;
  UInt32 r;
  for (std::size_t i = 0; i < 32; ++i) {
    r.bits_[i] = i + by < 32 ? bits_[i + by] : Boolean::constant(false);
  }
  r.value_ = value_ >> by;
  return r;
}

UInt32 UInt32::xor_(ConstraintSystem& cs, const UInt32& other) const {
  UInt32 r;
  for (int i = 0; i < 32; ++i) r.bits_[i] = Boolean::xor_(cs, bits_[i], other.bits_[i]);
  r.value_ = value_ ^ other.value_;
  return r;
}

UInt32 UInt32::sha256_ch(ConstraintSystem& cs, const UInt32& a, const UInt32& b, const UInt32& c) {
  UInt32 r;
  for (int i = 0; i < 32; ++i)
    r.bits_[i] = Boolean::sha256_ch(cs, a.bits_[i], b.bits_[i], c.bits_[i]);
  r.value_ = (a.value_ & b.value_) ^ (~a.value_ & c.value_);
  return r;
}

UInt32 UInt32::sha256_maj(ConstraintSystem& cs, const UInt32& a, const UInt32& b, const UInt32& c) {
  UInt32 r;
  for (int i = 0; i < 32; ++i) {
    r.bits_[i] = Boolean::sha256_maj(cs, a.bits_[i], b.bits_[i], c.bits_[i]);
  }
  r.value_ = (a.value_ & b.value_) ^ (a.value_ & c.value_) ^ (b.value_ & c.value_);
  return r;
}

UInt32 UInt32::addmany(MultiEq& meq, const std::vector<UInt32>& operands) {
  if (operands.size() < 2 || operands.size() > 10) {
    throw InvalidInput("r1cs: addmany takes 2 to 10 operands");
  }
  std::uint64_t max_value = operands.size() * std::uint64_t{0xffffffffu};
  std::uint64_t sum = 0;
  ConstraintSystem& cs = meq.cs();
  const bool light = cs.counting_only();  // the sums' linear combinations are not needed
  LinearCombination lc;
  if (!light) lc.reserve(operands.size() * 32);
  bool all_constants = true;
  for (const UInt32& op : operands) {
    sum += op.value_;
    Fr coeff = Fr::one();
    for (const Boolean& bit : op.bits_) {
      all_constants &= bit.is_constant();
      if (light) continue;
      bit.add_to(lc, coeff);
      coeff += coeff;
    }
  }
  const auto modular = static_cast<std::uint32_t>(sum);
  if (all_constants) return constant(modular);

  std::vector<Boolean> result_bits;
  LinearCombination result_lc;
  Fr coeff = Fr::one();
  std::size_t i = 0;
  while (max_value != 0) {
    const AllocatedBit b = AllocatedBit::alloc(cs, (sum >> i) & 1);
    if (!light) {
      result_lc.add(b.var, coeff);
      coeff += coeff;
    }
    result_bits.push_back(Boolean::is(b));
    max_value >>= 1;
    ++i;
  }
  meq.enforce_equal(i, lc, result_lc);
  UInt32 r;
  for (int j = 0; j < 32; ++j) r.bits_[j] = result_bits[j];
  r.value_ = modular;
  return r;
}

}  // namespace tessera::crypto::r1cs
