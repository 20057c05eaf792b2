#include "crypto/fr.hpp"

#include "common/error.hpp"

namespace tessera::crypto {
namespace {

using Limbs = Fr::Limbs;
using u128 = unsigned __int128;

bool geq(const Limbs& a, const Limbs& b) {
  for (int i = 3; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return true;
}

// a - b, returning the borrow.
std::uint64_t sub_in_place(Limbs& a, const Limbs& b) {
  std::uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    u128 d = static_cast<u128>(a[i]) - b[i] - borrow;
    a[i] = static_cast<std::uint64_t>(d);
    borrow = static_cast<std::uint64_t>(d >> 64) & 1;
  }
  return borrow;
}

// a + b, returning the carry.
std::uint64_t add_in_place(Limbs& a, const Limbs& b) {
  std::uint64_t carry = 0;
  for (int i = 0; i < 4; ++i) {
    u128 s = static_cast<u128>(a[i]) + b[i] + carry;
    a[i] = static_cast<std::uint64_t>(s);
    carry = static_cast<std::uint64_t>(s >> 64);
  }
  return carry;
}

// -p^{-1} mod 2^64 by Newton iteration (evaluated at compile time).
constexpr std::uint64_t compute_inv() {
  std::uint64_t inv = 1;
  for (int i = 0; i < 6; ++i) inv *= 2 - kFrModulus[0] * inv;
  return ~inv + 1;
}

// 2^k mod p by repeated doubling.
Limbs pow2_mod_p(int k) {
  Limbs v{1, 0, 0, 0};
  for (int i = 0; i < k; ++i) {
    std::uint64_t carry = add_in_place(v, Limbs(v));
    if (carry || geq(v, kFrModulus)) sub_in_place(v, kFrModulus);
  }
  return v;
}

constexpr std::uint64_t kInv = compute_inv();
const Limbs kR = pow2_mod_p(256);
const Limbs kR2 = pow2_mod_p(512);

// Montgomery product a·b·R^{-1} mod p: CIOS without the two extra carry words, valid because
// p's top limb is below (2^64 − 1)/2 − 1 (the "no-carry" variant gnark-crypto documents).
Limbs mont_mul(const Limbs& a, const Limbs& b) {
  std::uint64_t t[4] = {0, 0, 0, 0};
  for (int i = 0; i < 4; ++i) {
    u128 s = static_cast<u128>(a[0]) * b[i] + t[0];
    std::uint64_t A = static_cast<std::uint64_t>(s >> 64);
    t[0] = static_cast<std::uint64_t>(s);
    const std::uint64_t m = t[0] * kInv;
    s = static_cast<u128>(m) * kFrModulus[0] + t[0];
    std::uint64_t C = static_cast<std::uint64_t>(s >> 64);
    for (int j = 1; j < 4; ++j) {
      s = static_cast<u128>(a[j]) * b[i] + t[j] + A;
      A = static_cast<std::uint64_t>(s >> 64);
      t[j] = static_cast<std::uint64_t>(s);
      s = static_cast<u128>(m) * kFrModulus[j] + t[j] + C;
      C = static_cast<std::uint64_t>(s >> 64);
      t[j - 1] = static_cast<std::uint64_t>(s);
    }
    t[3] = C + A;
  }
  Limbs r{t[0], t[1], t[2], t[3]};
  if (geq(r, kFrModulus)) sub_in_place(r, kFrModulus);
  return r;
}

Limbs load_le(const std::uint8_t* le32) {
  Limbs v{};
  for (int i = 0; i < 32; ++i) v[i / 8] |= static_cast<std::uint64_t>(le32[i]) << (8 * (i % 8));
  return v;
}

}  // namespace

Fr Fr::one() {
  return from_montgomery(kR);
}

Fr Fr::from_uint(std::uint64_t v) {
  return from_montgomery(mont_mul(Limbs{v, 0, 0, 0}, kR2));
}

Fr Fr::from_bytes(const std::uint8_t* le32) {
  Limbs v = load_le(le32);
  if (geq(v, kFrModulus)) throw InvalidInput("field element is not canonical (>= p)");
  return from_montgomery(mont_mul(v, kR2));
}

Fr Fr::from_bytes_reduce(const std::uint8_t* le32) {
  Limbs v = load_le(le32);
  while (geq(v, kFrModulus)) sub_in_place(v, kFrModulus);  // at most 2 times: 2^256 < 3p
  return from_montgomery(mont_mul(v, kR2));
}

void Fr::to_bytes(std::uint8_t* le32) const {
  Limbs v = mont_mul(mont_, Limbs{1, 0, 0, 0});
  for (int i = 0; i < 32; ++i) le32[i] = static_cast<std::uint8_t>(v[i / 8] >> (8 * (i % 8)));
}

std::array<std::uint8_t, 32> Fr::to_bytes() const {
  std::array<std::uint8_t, 32> out;
  to_bytes(out.data());
  return out;
}

std::string Fr::to_hex_be() const {
  static const char* kDigits = "0123456789abcdef";
  auto le = to_bytes();
  std::string out;
  for (int i = 31; i >= 0; --i) {
    out += kDigits[le[i] >> 4];
    out += kDigits[le[i] & 15];
  }
  return out;
}

Fr Fr::operator+(const Fr& o) const {
  Limbs r = mont_;
  std::uint64_t carry = add_in_place(r, o.mont_);
  if (carry || geq(r, kFrModulus)) sub_in_place(r, kFrModulus);
  return from_montgomery(r);
}

Fr Fr::operator-(const Fr& o) const {
  Limbs r = mont_;
  if (sub_in_place(r, o.mont_)) add_in_place(r, kFrModulus);
  return from_montgomery(r);
}

Fr Fr::operator*(const Fr& o) const {
  return from_montgomery(mont_mul(mont_, o.mont_));
}

Fr Fr::pow(std::uint64_t e) const {
  Fr result = one(), base = *this;
  for (; e; e >>= 1) {
    if (e & 1) result *= base;
    base = base.square();
  }
  return result;
}

Fr Fr::inverse() const {
  // x^(p-2): p-2 has the limbs of p with the lowest decreased by 2.
  Limbs e = kFrModulus;
  e[0] -= 2;
  Fr result = one();
  for (int i = 3; i >= 0; --i) {
    for (int bit = 63; bit >= 0; --bit) {
      result = result.square();
      if ((e[i] >> bit) & 1) result *= *this;
    }
  }
  return result;
}

Fr Fr::from_montgomery(const Limbs& limbs) {
  Fr f;
  f.mont_ = limbs;
  return f;
}

}  // namespace tessera::crypto
