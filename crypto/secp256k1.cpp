#include "crypto/secp256k1.hpp"

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "common/error.hpp"

namespace tessera::crypto {
namespace {

// One context for signing and verifying, created on first use (thread-safe for these calls).
const secp256k1_context* context() {
  static secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  return ctx;
}

Bytes serialize_uncompressed(const secp256k1_pubkey& key) {
  Bytes out(65);
  std::size_t len = out.size();
  secp256k1_ec_pubkey_serialize(context(), out.data(), &len, &key, SECP256K1_EC_UNCOMPRESSED);
  return out;
}

void check_secret_key(const Bytes& secret_key) {
  if (secret_key.size() != 32 || !secp256k1_ec_seckey_verify(context(), secret_key.data())) {
    throw InvalidInput("invalid secp256k1 secret key");
  }
}

}  // namespace

Bytes secp256k1_public_key(const Bytes& secret_key) {
  check_secret_key(secret_key);
  secp256k1_pubkey key;
  if (!secp256k1_ec_pubkey_create(context(), &key, secret_key.data()))
    throw InvalidInput("invalid secp256k1 secret key");
  return serialize_uncompressed(key);
}

Bytes secp256k1_sign(const Bytes& secret_key, const Digest32& hash) {
  check_secret_key(secret_key);
  secp256k1_ecdsa_recoverable_signature sig;
  if (!secp256k1_ecdsa_sign_recoverable(context(), &sig, hash.data(), secret_key.data(), nullptr,
                                        nullptr)) {
    throw InvalidInput("secp256k1 signing failed");
  }
  Bytes out(65);
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), out.data(), &recid, &sig);
  out[64] = static_cast<std::uint8_t>(recid);
  return out;
}

Bytes secp256k1_recover(const Bytes& signature, const Digest32& hash) {
  if (signature.size() != 65 || signature[64] > 3)
    throw InvalidInput("secp256k1 signature must be 65 bytes r‖s‖v");
  secp256k1_ecdsa_recoverable_signature sig;
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(context(), &sig, signature.data(),
                                                           signature[64])) {
    throw InvalidInput("malformed secp256k1 signature");
  }
  secp256k1_pubkey key;
  if (!secp256k1_ecdsa_recover(context(), &key, &sig, hash.data()))
    throw InvalidInput("secp256k1 signature recovers no key");
  return serialize_uncompressed(key);
}

}  // namespace tessera::crypto
