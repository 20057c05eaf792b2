#include "chain/types/message.hpp"

#include <cstring>

#include "common/cbor/cbor.hpp"
#include "common/error.hpp"
#include "crypto/blake2b.hpp"
#include "crypto/bls_signature.hpp"
#include "crypto/secp256k1.hpp"

namespace tessera::chain {
namespace {

cid::Cid blake2b_cid(const Bytes& cbor) {
  return cid::Cid{cid::kCodecDagCbor, cid::kMhBlake2b256, crypto::blake2b(cbor, 32)};
}

crypto::Digest32 blake2b_digest(const Bytes& data) {
  const auto digest = crypto::blake2b(data, 32);
  crypto::Digest32 out;
  std::memcpy(out.data(), digest.data(), 32);
  return out;
}

bool verify_bls(const Address& signer, const Bytes& data, const Bytes& signature) {
  if (signer.protocol() != AddressProtocol::kBls) return false;
  crypto::bls::PublicKey key;
  std::copy(signer.payload().begin(), signer.payload().end(), key.begin());
  return crypto::bls::verify(signature, data, key);
}

bool verify_secp256k1(const Address& signer, const Bytes& data, const Bytes& signature) {
  if (signer.protocol() != AddressProtocol::kSecp256k1) return false;
  try {
    return Address::from_secp256k1_public_key(
               crypto::secp256k1_recover(signature, blake2b_digest(data))) == signer;
  } catch (const InvalidInput&) {
    return false;
  }
}

void write_message(cbor::Writer& w, const Message& m) {
  w.write_array_header(10);
  w.write_uint(m.version);
  w.write_bytes(m.to.to_bytes());
  w.write_bytes(m.from.to_bytes());
  w.write_uint(m.nonce);
  w.write_bytes(m.value.to_bytes());
  w.write_int(m.gas_limit);
  w.write_bytes(m.gas_fee_cap.to_bytes());
  w.write_bytes(m.gas_premium.to_bytes());
  w.write_uint(m.method);
  w.write_bytes(m.params);
}

Message read_message(const cbor::Value& v) {
  const auto& a = v.as_array();
  if (a.size() != 10)
    throw InvalidInput("message: expected a 10-element array, got " + std::to_string(a.size()));
  Message m;
  m.version = a[0].as_uint();
  if (m.version != 0)
    throw InvalidInput("message: unsupported version " + std::to_string(m.version));
  m.to = Address::from_bytes(a[1].as_bytes());
  m.from = Address::from_bytes(a[2].as_bytes());
  m.nonce = a[3].as_uint();
  m.value = BigInt::from_bytes(a[4].as_bytes());
  m.gas_limit = a[5].as_int();
  m.gas_fee_cap = BigInt::from_bytes(a[6].as_bytes());
  m.gas_premium = BigInt::from_bytes(a[7].as_bytes());
  m.method = a[8].as_uint();
  m.params = a[9].as_bytes();
  return m;
}

}  // namespace

Bytes Message::to_cbor() const {
  cbor::Writer w;
  write_message(w, *this);
  return w.take();
}

Message Message::from_cbor(const Bytes& cbor) {
  return read_message(cbor::decode(cbor));
}

cid::Cid Message::cid() const {
  return blake2b_cid(to_cbor());
}

Bytes Signature::to_bytes() const {
  return prefixed(static_cast<std::uint8_t>(type), data);
}

Signature Signature::from_bytes(const Bytes& bytes) {
  if (bytes.empty() || (bytes[0] != 1 && bytes[0] != 2))
    throw InvalidInput("signature: unknown type");
  return Signature{static_cast<SignatureType>(bytes[0]), Bytes(bytes.begin() + 1, bytes.end())};
}

Bytes SignedMessage::to_cbor() const {
  cbor::Writer w;
  w.write_array_header(2);
  write_message(w, message);
  w.write_bytes(signature.to_bytes());
  return w.take();
}

SignedMessage SignedMessage::from_cbor(const Bytes& cbor) {
  const auto v = cbor::decode(cbor);
  const auto& a = v.as_array();
  if (a.size() != 2) throw InvalidInput("signed message: expected a 2-element array");
  return SignedMessage{read_message(a[0]), Signature::from_bytes(a[1].as_bytes())};
}

cid::Cid SignedMessage::cid() const {
  if (signature.type == SignatureType::kBls) return message.cid();
  return blake2b_cid(to_cbor());
}

Signature sign_data(SignatureType type, const Bytes& secret_key, const Bytes& data) {
  if (type == SignatureType::kBls) {
    const auto signature = crypto::bls::PrivateKey::from_bytes(secret_key).sign(data);
    return Signature{type, Bytes(signature.begin(), signature.end())};
  }
  return Signature{type, crypto::secp256k1_sign(secret_key, blake2b_digest(data))};
}

Signature sign_message(const Message& message, SignatureType type, const Bytes& secret_key) {
  return sign_data(type, secret_key, message.cid().to_bytes());
}

bool verify_signature(const Address& signer, const Bytes& data, const Signature& signature) {
  if (signature.type == SignatureType::kBls) return verify_bls(signer, data, signature.data);
  return verify_secp256k1(signer, data, signature.data);
}

bool verify_message_signature(const Message& message, const Signature& signature) {
  return verify_signature(message.from, message.cid().to_bytes(), signature);
}

}  // namespace tessera::chain
