// Filecoin messages (go-state-types/lotus types.Message and SignedMessage): the 10-element CBOR
// tuple, the CID (CIDv1 dag-cbor, BLAKE2b-256), and signatures as the chain checks them.
#pragma once

#include <cstdint>

#include "chain/types/address.hpp"
#include "chain/types/big_int.hpp"
#include "common/cid/cid.hpp"
#include "common/encoding.hpp"

namespace tessera::chain {

struct Message {
  std::uint64_t version = 0;
  Address to = Address::from_id(0);
  Address from = Address::from_id(0);
  std::uint64_t nonce = 0;
  TokenAmount value;
  std::int64_t gas_limit = 0;
  TokenAmount gas_fee_cap;
  TokenAmount gas_premium;
  std::uint64_t method = 0;
  Bytes params;

  // [version, to, from, nonce, value, gasLimit, gasFeeCap, gasPremium, method, params]
  Bytes to_cbor() const;
  // InvalidInput for anything but that tuple (wrong length or types, bad address or bigint).
  static Message from_cbor(const Bytes& cbor);
  cid::Cid cid() const;

  bool operator==(const Message&) const = default;
};

enum class SignatureType : std::uint8_t { kSecp256k1 = 1, kBls = 2 };

struct Signature {
  SignatureType type = SignatureType::kSecp256k1;
  Bytes data;

  // The CBOR byte string lotus stores: type byte ‖ data.
  Bytes to_bytes() const;
  static Signature from_bytes(const Bytes& bytes);
  bool operator==(const Signature&) const = default;
};

struct SignedMessage {
  Message message;
  Signature signature;

  // [message, signature bytes]
  Bytes to_cbor() const;
  static SignedMessage from_cbor(const Bytes& cbor);
  // Lotus: a BLS-signed message's CID is its unsigned message's CID; a secp256k1 one's is the
  // CID of this CBOR.
  cid::Cid cid() const;
};

// lotus sigs.Sign: data signed with a secret key of the given type. secp256k1 (32-byte
// big-endian key) signs BLAKE2b-256(data); BLS (32-byte little-endian key) signs data itself, with
// no pre-hash. Throws InvalidInput for a key of the wrong length or out of range.
Signature sign_data(SignatureType type, const Bytes& secret_key, const Bytes& data);
// Signs the message's CID bytes as lotus's wallet does (sign_data over the CID bytes).
Signature sign_message(const Message& message, SignatureType type, const Bytes& secret_key);
// lotus sigs.Verify: true when signature is signer's over data. secp256k1: the key that signed
// BLAKE2b-256(data) has address signer (an f1). BLS: signer is an f3 and its 48-byte public key
// verifies the signature over data. False (never an exception) for a signature type that does
// not match the signer's protocol or a signature that does not decode.
bool verify_signature(const Address& signer, const Bytes& data, const Signature& signature);
// True when signature is the From address's signature over the message's CID bytes (lotus
// SigningBytes, for both signature types).
bool verify_message_signature(const Message& message, const Signature& signature);

}  // namespace tessera::chain
