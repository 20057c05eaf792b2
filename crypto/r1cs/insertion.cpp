#include "crypto/r1cs/insertion.hpp"

#include <string>

#include "common/error.hpp"

namespace tessera::crypto::r1cs {
namespace {

std::vector<AllocatedNum> insert_2(ConstraintSystem& cs, const AllocatedNum& a,
                                   const std::vector<Boolean>& bits,
                                   const std::vector<AllocatedNum>& e) {
  return {pick(cs, bits[0], e[0], a), pick(cs, bits[0], a, e[0])};
}

std::vector<AllocatedNum> insert_4(ConstraintSystem& cs, const AllocatedNum& a,
                                   const std::vector<Boolean>& bits,
                                   const std::vector<AllocatedNum>& e) {
  const Boolean& b0 = bits[0];
  const Boolean& b1 = bits[1];
  const AllocatedNum &b = e[0], &c = e[1], &d = e[2];
  const AllocatedNum p0_x0 = pick(cs, b0, b, a);
  const AllocatedNum p0 = pick(cs, b1, b, p0_x0);
  const AllocatedNum p1_x0 = pick(cs, b0, a, b);
  const AllocatedNum p1 = pick(cs, b1, c, p1_x0);
  const AllocatedNum p2_x1 = pick(cs, b0, d, a);
  const AllocatedNum p2 = pick(cs, b1, p2_x1, c);
  const AllocatedNum p3_x1 = pick(cs, b0, a, d);
  const AllocatedNum p3 = pick(cs, b1, p3_x1, d);
  return {p0, p1, p2, p3};
}

std::vector<AllocatedNum> insert_8(ConstraintSystem& cs, const AllocatedNum& a,
                                   const std::vector<Boolean>& bits,
                                   const std::vector<AllocatedNum>& e) {
  const Boolean& b0 = bits[0];
  const Boolean& b1 = bits[1];
  const Boolean& b2 = bits[2];
  if (b0.kind() != Boolean::Kind::kIs || b1.kind() != Boolean::Kind::kIs) {
    throw InvalidInput("r1cs: insert into 8 slots needs allocated, non-negated bits");
  }
  const AllocatedNum &b = e[0], &c = e[1], &d = e[2], &ee = e[3], &f = e[4], &g = e[5], &h = e[6];
  const Boolean b0_nor_b1 = Boolean::is(AllocatedBit::nor(cs, b0.bit(), b1.bit()));
  const Boolean b0_and_b1 = Boolean::is(AllocatedBit::and_(cs, b0.bit(), b1.bit()));
  const AllocatedNum p0_xx0 = pick(cs, b0_nor_b1, a, b);
  const AllocatedNum p0 = pick(cs, b2, b, p0_xx0);
  const AllocatedNum p1_x00 = pick(cs, b0, a, b);
  const AllocatedNum p1_xx0 = pick(cs, b1, c, p1_x00);
  const AllocatedNum p1 = pick(cs, b2, c, p1_xx0);
  const AllocatedNum p2_x10 = pick(cs, b0, d, a);
  const AllocatedNum p2_xx0 = pick(cs, b1, p2_x10, c);
  const AllocatedNum p2 = pick(cs, b2, d, p2_xx0);
  const AllocatedNum p3_xx0 = pick(cs, b0_and_b1, a, d);
  const AllocatedNum p3 = pick(cs, b2, ee, p3_xx0);
  const AllocatedNum p4_xx1 = pick(cs, b0_nor_b1, a, f);
  const AllocatedNum p4 = pick(cs, b2, p4_xx1, ee);
  const AllocatedNum p5_x01 = pick(cs, b0, a, f);
  const AllocatedNum p5_xx1 = pick(cs, b1, g, p5_x01);
  const AllocatedNum p5 = pick(cs, b2, p5_xx1, f);
  const AllocatedNum p6_x11 = pick(cs, b0, h, a);
  const AllocatedNum p6_xx1 = pick(cs, b1, p6_x11, g);
  const AllocatedNum p6 = pick(cs, b2, p6_xx1, g);
  const AllocatedNum p7_xx1 = pick(cs, b0_and_b1, a, h);
  const AllocatedNum p7 = pick(cs, b2, p7_xx1, h);
  return {p0, p1, p2, p3, p4, p5, p6, p7};
}

}  // namespace

std::vector<AllocatedNum> insert(ConstraintSystem& cs, const AllocatedNum& element,
                                 const std::vector<Boolean>& bits,
                                 const std::vector<AllocatedNum>& elements) {
  const std::size_t size = elements.size() + 1;
  if (bits.size() >= 32 || (std::size_t{1} << bits.size()) != size) {
    throw InvalidInput("r1cs: insert needs 2^bits slots");
  }
  if (size == 2) return insert_2(cs, element, bits, elements);
  if (size == 4) return insert_4(cs, element, bits, elements);
  if (size == 8) return insert_8(cs, element, bits, elements);
  std::vector<AllocatedNum> result;
  for (std::size_t pos = 0; pos < size; ++pos) {
    // Candidate for slot pos when the element goes to each index.
    std::vector<AllocatedNum> choices;
    for (std::size_t index = 0; index < size; ++index) {
      if (pos < index) {
        choices.push_back(elements[pos]);
      } else if (pos == index) {
        choices.push_back(element);
      } else {
        choices.push_back(elements[pos - 1]);
      }
    }
    Namespace ns(cs, [pos] { return "choice at " + std::to_string(pos); });
    result.push_back(select(cs, choices, bits));
  }
  return result;
}

AllocatedNum select(ConstraintSystem& cs, const std::vector<AllocatedNum>& from,
                    const std::vector<Boolean>& bits) {
  if (bits.size() >= 32 || (std::size_t{1} << bits.size()) != from.size()) {
    throw InvalidInput("r1cs: select needs 2^bits choices");
  }
  std::vector<AllocatedNum> state = from;
  std::size_t half = from.size() / 2;
  for (auto it = bits.rbegin(); it != bits.rend(); ++it) {
    std::vector<AllocatedNum> next;
    next.reserve(half);
    for (std::size_t j = 0; j < half; ++j) next.push_back(pick(cs, *it, state[half + j], state[j]));
    state = std::move(next);
    half /= 2;
  }
  return state.front();
}

}  // namespace tessera::crypto::r1cs
