// secp256k1 ECDSA as Filecoin uses it (libsecp256k1): RFC 6979 signatures over a 32-byte hash
// in the 65-byte recoverable form r ‖ s ‖ v, and recovery of the signer's public key.
#pragma once

#include "common/encoding.hpp"
#include "crypto/sha256.hpp"

namespace tessera::crypto {

// The uncompressed public key (65 bytes, 0x04 ‖ x ‖ y) of a 32-byte secret key; InvalidInput
// for a key that is zero or not below the group order.
Bytes secp256k1_public_key(const Bytes& secret_key);
// r ‖ s ‖ recovery id (65 bytes), deterministic (RFC 6979), low-s.
Bytes secp256k1_sign(const Bytes& secret_key, const Digest32& hash);
// The uncompressed public key that produced signature over hash; InvalidInput when the
// signature is malformed or recovers no key.
Bytes secp256k1_recover(const Bytes& signature, const Digest32& hash);

}  // namespace tessera::crypto
