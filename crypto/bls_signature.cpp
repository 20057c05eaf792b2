// Filecoin BLS signatures: keys, signing, aggregation and verification on top of the BLS12-381
// curve code (bls-signatures src/key.rs and src/signature.rs; filecoin-ffi rust/src/bls/api.rs).
// Key generation is in bls_keygen.cpp.
#include "crypto/bls_signature.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "crypto/bls12_381/hash_to_curve.hpp"
#include "crypto/bls12_381/pairing.hpp"
#include "crypto/bls12_381/serialization.hpp"

namespace tessera::crypto::bls {
namespace {

using bls12_381::G1;
using bls12_381::G1Affine;
using bls12_381::G2;
using bls12_381::G2Affine;
using bls12_381::PairingInput;

// The checked decoders (flags, canonical coordinates, on curve, in the subgroup), with failure
// as nullopt instead of an exception.
std::optional<G2Affine> decode_g2(std::span<const std::uint8_t> bytes) {
  try {
    return bls12_381::g2_from_compressed(bytes);
  } catch (const InvalidInput&) {
    return std::nullopt;
  }
}

std::optional<G1Affine> decode_g1(std::span<const std::uint8_t> bytes) {
  try {
    return bls12_381::g1_from_compressed(bytes);
  } catch (const InvalidInput&) {
    return std::nullopt;
  }
}

// True when no two of the byte strings are equal.
template <class Item>
bool pairwise_distinct(std::span<const Item> items) {
  std::vector<std::span<const std::uint8_t>> sorted(items.begin(), items.end());
  const auto less = [](std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  };
  std::sort(sorted.begin(), sorted.end(), less);
  return std::adjacent_find(sorted.begin(), sorted.end(), [](auto a, auto b) {
           return std::equal(a.begin(), a.end(), b.begin(), b.end());
         }) == sorted.end();
}

// The pairing check shared by verify and verify_digests once the hashes are known: decodes the
// signature and the keys, rejects identity keys, and tests Π e(pk_i, H_i) · e(−G1, sig) = 1.
bool check_pairings(std::span<const std::uint8_t> signature, std::span<const G2Affine> hashes,
                    std::span<const PublicKey> public_keys) {
  const std::optional<G2Affine> sig = decode_g2(signature);
  if (!sig) return false;
  std::vector<PairingInput> pairs;
  pairs.reserve(public_keys.size() + 1);
  for (std::size_t i = 0; i < public_keys.size(); ++i) {
    const std::optional<G1Affine> pk = decode_g1(public_keys[i]);
    if (!pk || pk->infinity) return false;
    pairs.emplace_back(*pk, hashes[i]);
  }
  pairs.emplace_back(-bls12_381::g1_generator(), *sig);
  return bls12_381::pairing_product_is_one(pairs);
}

bool lists_match(std::size_t n_messages, std::size_t n_keys) {
  return n_messages != 0 && n_messages == n_keys;
}

}  // namespace

PrivateKey PrivateKey::from_bytes(std::span<const std::uint8_t> le32) {
  if (le32.size() != 32) {
    throw InvalidInput("BLS private key must be 32 bytes, got " + std::to_string(le32.size()));
  }
  return PrivateKey(Fr::from_bytes(le32.data()));
}

PrivateKeyBytes PrivateKey::to_bytes() const {
  return scalar_.to_bytes();
}

PublicKey PrivateKey::public_key() const {
  const G1 pk = G1::from_affine(bls12_381::g1_generator()).mul(bls12_381::scalar_from_fr(scalar_));
  return bls12_381::g1_to_compressed(pk.to_affine());
}

Signature PrivateKey::sign(std::span<const std::uint8_t> message) const {
  const G2 h = G2::from_affine(bls12_381::hash_to_g2(message, kDst));
  return bls12_381::g2_to_compressed(h.mul(bls12_381::scalar_from_fr(scalar_)).to_affine());
}

Digest hash(std::span<const std::uint8_t> message) {
  return bls12_381::g2_to_compressed(bls12_381::hash_to_g2(message, kDst));
}

Signature aggregate(std::span<const Signature> signatures) {
  if (signatures.empty()) throw InvalidInput("cannot aggregate an empty list of BLS signatures");
  G2 sum = G2::identity();
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    const std::optional<G2Affine> sig = decode_g2(signatures[i]);
    if (!sig) throw InvalidInput("BLS signature " + std::to_string(i) + " does not decode");
    sum = sum + *sig;
  }
  return bls12_381::g2_to_compressed(sum.to_affine());
}

bool verify(std::span<const std::uint8_t> signature,
            std::span<const std::span<const std::uint8_t>> messages,
            std::span<const PublicKey> public_keys) {
  if (!lists_match(messages.size(), public_keys.size())) return false;
  if (!pairwise_distinct(messages)) return false;
  std::vector<G2Affine> hashes;
  hashes.reserve(messages.size());
  for (const auto& m : messages) hashes.push_back(bls12_381::hash_to_g2(m, kDst));
  return check_pairings(signature, hashes, public_keys);
}

bool verify(std::span<const std::uint8_t> signature, std::span<const std::uint8_t> message,
            const PublicKey& public_key) {
  const std::span<const std::uint8_t> messages[1] = {message};
  return verify(signature, messages, std::span<const PublicKey>(&public_key, 1));
}

bool verify_digests(std::span<const std::uint8_t> signature, std::span<const Digest> digests,
                    std::span<const PublicKey> public_keys) {
  if (!lists_match(digests.size(), public_keys.size())) return false;
  if (!pairwise_distinct(digests)) return false;
  std::vector<G2Affine> hashes;
  hashes.reserve(digests.size());
  for (const Digest& d : digests) {
    const std::optional<G2Affine> h = decode_g2(d);
    if (!h) return false;
    hashes.push_back(*h);
  }
  return check_pairings(signature, hashes, public_keys);
}

Signature zero_signature() {
  return bls12_381::g2_to_compressed(G2Affine::identity());
}

}  // namespace tessera::crypto::bls
