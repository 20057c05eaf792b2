// The BLS12-381 scalar field Fr (p = 0x73eda753...00000001) in Montgomery form, 4×64-bit limbs.
// Byte form is Filecoin's: 32-byte little-endian canonical integers.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace tessera::crypto {

class Fr {
 public:
  using Limbs = std::array<std::uint64_t, 4>;

  Fr() = default;  // zero
  static Fr zero() { return Fr(); }
  static Fr one();
  static Fr from_uint(std::uint64_t v);
  // Canonical little-endian bytes; throws InvalidInput when the value is >= p.
  static Fr from_bytes(const std::uint8_t* le32);
  // Reduces an arbitrary 256-bit little-endian value modulo p (never throws).
  static Fr from_bytes_reduce(const std::uint8_t* le32);
  // Canonical little-endian bytes.
  void to_bytes(std::uint8_t* le32) const;
  std::array<std::uint8_t, 32> to_bytes() const;
  // Lower-case hex of the big-endian integer, for tests and logs.
  std::string to_hex_be() const;

  Fr operator+(const Fr& o) const;
  Fr operator-(const Fr& o) const;
  Fr operator*(const Fr& o) const;
  Fr& operator+=(const Fr& o) { return *this = *this + o; }
  Fr& operator*=(const Fr& o) { return *this = *this * o; }
  Fr square() const { return *this * *this; }
  Fr pow(std::uint64_t e) const;
  // Multiplicative inverse (Fermat); the inverse of zero is zero.
  Fr inverse() const;
  bool is_zero() const { return mont_ == Limbs{}; }
  bool operator==(const Fr& o) const { return mont_ == o.mont_; }
  bool operator!=(const Fr& o) const { return !(*this == o); }

  // Raw Montgomery limbs (for hashing code that works on the representation directly).
  const Limbs& montgomery() const { return mont_; }
  static Fr from_montgomery(const Limbs& limbs);

 private:
  Limbs mont_{};
};

// The modulus p, little-endian limbs.
inline constexpr Fr::Limbs kFrModulus = {0xffffffff00000001ULL, 0x53bda402fffe5bfeULL,
                                         0x3339d80809a1d805ULL, 0x73eda753299d7d48ULL};

// (a + b) mod p and (a − b) mod p of canonical 32-byte little-endian values, written to out in
// the same form (out may be a or b): Fr's + and − without converting to Montgomery form and back.
// Throws InvalidInput, writing nothing, when a or b is >= p.
void fr_add_bytes(const std::uint8_t* a, const std::uint8_t* b, std::uint8_t* out);
void fr_sub_bytes(const std::uint8_t* a, const std::uint8_t* b, std::uint8_t* out);

}  // namespace tessera::crypto
