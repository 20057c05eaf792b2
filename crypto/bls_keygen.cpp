// BLS private-key generation as Filecoin does it: IETF KeyGen in blst's form (blst src/keygen.c,
// blst_keygen, which bls-signatures calls with the `blst` feature filecoin-ffi enables) and
// filecoin-ffi's seeded variant (rust/src/bls/api.rs, private_key_generate_with_seed).
#include <sodium.h>

#include <algorithm>
#include <string>

#include "common/error.hpp"
#include "crypto/bls_signature.hpp"
#include "crypto/chacha.hpp"
#include "crypto/sha256.hpp"

namespace tessera::crypto::bls {
namespace {

constexpr std::size_t kOkmBytes = 48;  // L = ceil(3·ceil(log2(r))/16)

// HMAC-SHA256(key, a ‖ b).
Digest32 hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> a,
                     std::span<const std::uint8_t> b = {}) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, a.data(), a.size());
  crypto_auth_hmacsha256_update(&state, b.data(), b.size());
  Digest32 mac;
  crypto_auth_hmacsha256_final(&state, mac.data());
  return mac;
}

// OS2IP(be48) mod r, as hi·2²⁵⁶ + lo with hi the top 16 bytes.
Fr fr_from_be48_reduced(const std::array<std::uint8_t, kOkmBytes>& be48) {
  std::array<std::uint8_t, 32> le{};
  for (std::size_t i = 0; i < 32; ++i) le[i] = be48[kOkmBytes - 1 - i];
  const Fr lo = Fr::from_bytes_reduce(le.data());
  le.fill(0);
  for (std::size_t i = 0; i < 16; ++i) le[i] = be48[15 - i];
  const Fr hi = Fr::from_bytes(le.data());  // < 2¹²⁸ < r
  std::array<std::uint8_t, 32> two_pow_255{};
  two_pow_255[31] = 0x80;
  const Fr half = Fr::from_bytes_reduce(two_pow_255.data());
  return hi * (half + half) + lo;
}

}  // namespace

PrivateKey PrivateKey::from_ikm(std::span<const std::uint8_t> ikm) {
  if (ikm.size() < 32) {
    throw InvalidInput("BLS KeyGen needs at least 32 bytes of key material, got " +
                       std::to_string(ikm.size()));
  }
  static constexpr std::string_view kSalt = "BLS-SIG-KEYGEN-SALT-";
  Digest32 salt = sha256(reinterpret_cast<const std::uint8_t*>(kSalt.data()), kSalt.size());
  static constexpr std::uint8_t kZero[1] = {0};
  // key_info (empty) ‖ I2OSP(L, 2), then the HKDF-Expand block counters.
  static constexpr std::uint8_t kInfo1[3] = {0, kOkmBytes, 1};
  static constexpr std::uint8_t kInfo2[3] = {0, kOkmBytes, 2};
  for (;;) {
    const Digest32 prk = hmac_sha256(salt, ikm, kZero);  // HKDF-Extract(salt, IKM ‖ 0)
    const Digest32 t1 = hmac_sha256(prk, kInfo1);
    const Digest32 t2 = hmac_sha256(prk, t1, kInfo2);
    std::array<std::uint8_t, kOkmBytes> okm;
    std::copy(t1.begin(), t1.end(), okm.begin());
    std::copy(t2.begin(), t2.begin() + (kOkmBytes - 32), okm.begin() + 32);
    const Fr sk = fr_from_be48_reduced(okm);
    if (!sk.is_zero()) return PrivateKey(sk);
    salt = sha256(salt.data(), salt.size());
  }
}

PrivateKey PrivateKey::from_seed(const std::array<std::uint8_t, 32>& seed) {
  // rand_chacha's ChaChaRng keyed with the seed starts at block 0 of stream 0, whose state
  // words 12..15 are all zero — the same block as ChaCha20 IETF with a zero nonce and counter.
  std::array<std::uint8_t, 32> ikm{};
  chacha20_ietf_keystream(seed, std::array<std::uint8_t, 12>{}, 0, ikm.data(), ikm.size());
  return from_ikm(ikm);
}

}  // namespace tessera::crypto::bls
