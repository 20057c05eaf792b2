// Filecoin's BLS signatures (filecoin-project/bls-signatures as filecoin-ffi builds it, with
// blst): the min-pk scheme on BLS12-381 — public keys are compressed G1 points (48 bytes),
// signatures compressed G2 points (96 bytes), messages hashed to G2 with RFC 9380 and the DST
// below, private keys 32-byte little-endian scalars. Aggregate verification requires distinct
// messages (the rogue-key countermeasure). Everything takes and returns bytes, so wallets and
// the chain can use it without touching curve types.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "crypto/fr.hpp"

namespace tessera::crypto::bls {

// The ciphersuite tag bls-signatures (CSUITE) and lotus (lib/sigs/bls DST) hash messages with.
inline constexpr std::string_view kDst = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_";

using PrivateKeyBytes = std::array<std::uint8_t, 32>;  // little-endian scalar < r
using PublicKey = std::array<std::uint8_t, 48>;        // compressed G1 point
using Signature = std::array<std::uint8_t, 96>;        // compressed G2 point
using Digest = std::array<std::uint8_t, 96>;           // compressed hash_to_G2(message)

class PrivateKey {
 public:
  // The key from its 32-byte little-endian form. Zero is accepted, as bls-signatures does.
  // Throws InvalidInput when the length is not 32 or the value is >= r.
  static PrivateKey from_bytes(std::span<const std::uint8_t> le32);
  // IETF KeyGen exactly as blst_keygen (which bls-signatures' PrivateKey::new calls): HKDF-SHA256
  // with salt SHA-256("BLS-SIG-KEYGEN-SALT-") (rehashed while the key comes out zero), IKM ‖ 0,
  // empty key_info, 48 output bytes reduced modulo r. Throws InvalidInput when ikm has fewer
  // than 32 bytes.
  static PrivateKey from_ikm(std::span<const std::uint8_t> ikm);
  // filecoin-ffi's private_key_generate_with_seed: the first 32 bytes of rand_chacha's
  // ChaChaRng (ChaCha20, counter 0, stream 0) keyed with seed, used as the KeyGen IKM.
  static PrivateKey from_seed(const std::array<std::uint8_t, 32>& seed);

  // The 32-byte little-endian form.
  PrivateKeyBytes to_bytes() const;
  // sk·G1, compressed.
  PublicKey public_key() const;
  // sk·hash_to_G2(message), compressed.
  Signature sign(std::span<const std::uint8_t> message) const;

 private:
  explicit PrivateKey(const Fr& scalar) : scalar_(scalar) {}
  Fr scalar_;
};

// hash_to_G2(message) with kDst, compressed (filecoin-ffi `hash`).
Digest hash(std::span<const std::uint8_t> message);

// The sum of the signatures. Throws InvalidInput when the list is empty or a signature does not
// decode (wrong encoding, not on the curve, not in G2).
Signature aggregate(std::span<const Signature> signatures);

// True when signature is the aggregate of signatures of messages[i] by public_keys[i]:
// Π e(pk_i, H(m_i)) · e(−G1, sig) = 1. False — never an exception — when the lists are empty or of
// different lengths, two messages are equal, a public key is the identity, or the signature or a
// public key does not decode (any length other than 96 bytes for the signature, bad flags,
// coordinate >= p, not on the curve, not in the subgroup).
bool verify(std::span<const std::uint8_t> signature,
            std::span<const std::span<const std::uint8_t>> messages,
            std::span<const PublicKey> public_keys);

// verify() for one message and one key.
bool verify(std::span<const std::uint8_t> signature, std::span<const std::uint8_t> message,
            const PublicKey& public_key);

// verify() with messages given by their digests (filecoin-ffi `verify`): the digests must decode
// to G2 points and be pairwise distinct, with the same false cases otherwise.
bool verify_digests(std::span<const std::uint8_t> signature, std::span<const Digest> digests,
                    std::span<const PublicKey> public_keys);

// The compressed G2 identity (0xc0 then 95 zeros), the BLSAggregate of a block without BLS
// messages (filecoin-ffi `create_zero_signature`).
Signature zero_signature();

}  // namespace tessera::crypto::bls
