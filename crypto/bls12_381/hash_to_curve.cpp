// RFC 9380 expand_message_xmd (SHA-256), hash_to_field for Fp2 and hash_to_curve for G2. The
// map to the curve and the cofactor clearing live in g2_map_to_curve.cpp and
// g2_clear_cofactor.cpp.
#include "crypto/bls12_381/hash_to_curve.hpp"

#include <algorithm>
#include <string>

#include "common/error.hpp"
#include "crypto/sha256.hpp"

namespace tessera::bls12_381 {
namespace {

constexpr std::size_t kHashBytes = 32;   // b_in_bytes of SHA-256
constexpr std::size_t kBlockBytes = 64;  // s_in_bytes of SHA-256
constexpr std::size_t kFieldBytes = 64;  // L = ceil((ceil(log2(p)) + k) / 8) with k = 128

// DST_prime = DST ‖ I2OSP(len(DST), 1), with an oversize DST hashed first (§5.3.3).
std::vector<std::uint8_t> dst_prime(std::string_view dst) {
  std::vector<std::uint8_t> out;
  if (dst.size() > 255) {
    static constexpr std::string_view kOversizePrefix = "H2C-OVERSIZE-DST-";
    crypto::Sha256 h;
    h.update(reinterpret_cast<const std::uint8_t*>(kOversizePrefix.data()), kOversizePrefix.size());
    h.update(reinterpret_cast<const std::uint8_t*>(dst.data()), dst.size());
    const crypto::Digest32 d = h.finish();
    out.assign(d.begin(), d.end());
  } else {
    out.assign(dst.begin(), dst.end());
  }
  out.push_back(static_cast<std::uint8_t>(out.size()));
  return out;
}

// The 64-byte big-endian integer be64 modulo p, as hi·2²⁵⁶ + lo with 32-byte halves (< p).
Fp fp_from_be64_reduced(const std::uint8_t* be64) {
  static const Fp two_pow_256 = Fp::from_limbs(Limbs6{0, 0, 0, 0, 1, 0});
  std::uint8_t padded[48] = {};
  std::copy(be64, be64 + 32, padded + 16);
  const Fp hi = Fp::from_bytes_be(padded);
  std::copy(be64 + 32, be64 + 64, padded + 16);
  const Fp lo = Fp::from_bytes_be(padded);
  return hi * two_pow_256 + lo;
}

}  // namespace

std::vector<std::uint8_t> expand_message_xmd(std::span<const std::uint8_t> msg,
                                             std::string_view dst, std::size_t len_in_bytes) {
  const std::size_t ell = (len_in_bytes + kHashBytes - 1) / kHashBytes;
  if (len_in_bytes == 0 || ell > 255) {
    throw InvalidInput("expand_message_xmd: len_in_bytes must be 1.." +
                       std::to_string(255 * kHashBytes) + ", got " + std::to_string(len_in_bytes));
  }
  const std::vector<std::uint8_t> dst_p = dst_prime(dst);
  const std::uint8_t zero_pad[kBlockBytes] = {};
  const std::uint8_t lib_str_and_zero[3] = {static_cast<std::uint8_t>(len_in_bytes >> 8),
                                            static_cast<std::uint8_t>(len_in_bytes), 0};

  crypto::Sha256 h0;
  h0.update(zero_pad, sizeof zero_pad).update(msg.data(), msg.size());
  h0.update(lib_str_and_zero, sizeof lib_str_and_zero).update(dst_p.data(), dst_p.size());
  const crypto::Digest32 b0 = h0.finish();

  std::vector<std::uint8_t> out;
  out.reserve(ell * kHashBytes);
  crypto::Digest32 b_prev{};  // b_(i-1); b_0 ⊕ 0 = b_0 for i = 1
  for (std::size_t i = 1; i <= ell; ++i) {
    crypto::Digest32 x;
    for (std::size_t j = 0; j < kHashBytes; ++j) x[j] = b0[j] ^ b_prev[j];
    const std::uint8_t index = static_cast<std::uint8_t>(i);
    crypto::Sha256 hi;
    hi.update(x.data(), x.size()).update(&index, 1).update(dst_p.data(), dst_p.size());
    b_prev = hi.finish();
    out.insert(out.end(), b_prev.begin(), b_prev.end());
  }
  out.resize(len_in_bytes);
  return out;
}

std::array<Fp2, 2> hash_to_field_fp2(std::span<const std::uint8_t> msg, std::string_view dst) {
  const std::vector<std::uint8_t> uniform = expand_message_xmd(msg, dst, 2 * 2 * kFieldBytes);
  std::array<Fp2, 2> u;
  for (std::size_t i = 0; i < 2; ++i) {
    const std::uint8_t* e = uniform.data() + 2 * kFieldBytes * i;
    u[i] = Fp2{fp_from_be64_reduced(e), fp_from_be64_reduced(e + kFieldBytes)};
  }
  return u;
}

G2Affine hash_to_g2(std::span<const std::uint8_t> msg, std::string_view dst) {
  const std::array<Fp2, 2> u = hash_to_field_fp2(msg, dst);
  return clear_cofactor_g2(map_to_curve_g2(u[0]) + map_to_curve_g2(u[1])).to_affine();
}

}  // namespace tessera::bls12_381
