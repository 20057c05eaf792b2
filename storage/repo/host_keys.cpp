// Key generation for the repo: the libp2p Ed25519 host key (and its peer ID) and the JWT secret.
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <utility>

#include "common/error.hpp"
#include "common/base58.hpp"
#include "storage/repo/keystore.hpp"

namespace tessera::repo {
namespace {

// libp2p crypto.pb: PrivateKey{Type: Ed25519 (1), Data: 64 bytes} and PublicKey{Type: Ed25519,
// Data: 32 bytes}, protobuf-encoded.
constexpr uint8_t kPrivPrefix[] = {0x08, 0x01, 0x12, 0x40};
constexpr uint8_t kPubPrefix[] = {0x08, 0x01, 0x12, 0x20};

// a || b || c in one allocation (growing a vector piecewise trips GCC 12's -Warray-bounds).
Bytes concat(std::initializer_list<std::pair<const uint8_t*, size_t>> parts) {
  size_t total = 0;
  for (auto [data, size] : parts) total += size;
  Bytes out(total);
  size_t at = 0;
  for (auto [data, size] : parts) {
    std::copy(data, data + size, out.begin() + static_cast<std::ptrdiff_t>(at));
    at += size;
  }
  return out;
}

}  // namespace

Bytes random_bytes(std::size_t n) {
  Bytes out(n);
  if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) throw IoError("RAND_bytes failed");
  return out;
}

KeyInfo libp2p_host_key_from_seed(const Bytes& seed) {
  if (seed.size() != 32) throw InvalidInput("Ed25519 seed must be 32 bytes");
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()),
      &EVP_PKEY_free);
  if (!key) throw IoError("creating Ed25519 key failed");
  Bytes pub(32);
  size_t len = pub.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), pub.data(), &len) != 1 || len != 32) {
    throw IoError("deriving Ed25519 public key failed");
  }
  KeyInfo info;
  info.type = std::string(kLibp2pKeyType);
  info.private_key = concat({{kPrivPrefix, sizeof kPrivPrefix}, {seed.data(), seed.size()}, {pub.data(), pub.size()}});
  return info;
}

KeyInfo generate_libp2p_host_key() {
  return libp2p_host_key_from_seed(random_bytes(32));
}

Bytes libp2p_public_key(const KeyInfo& key) {
  const Bytes& pk = key.private_key;
  if (pk.size() != 4 + 64 ||
      !std::equal(std::begin(kPrivPrefix), std::end(kPrivPrefix), pk.begin())) {
    throw InvalidInput("libp2p host key is not a protobuf Ed25519 private key (" +
                       std::to_string(pk.size()) + " bytes)");
  }
  return Bytes(pk.begin() + 4 + 32, pk.end());
}

std::string peer_id_from_libp2p_key(const KeyInfo& key) {
  Bytes pub = libp2p_public_key(key);
  // Identity multihash (code 0x00, length 36) of the protobuf public key: 36 bytes are under
  // libp2p's 42-byte inline limit, which gives the "12D3KooW" prefix.
  constexpr uint8_t kIdentity36[] = {0x00, 0x24};
  return base58btc_encode(concat({{kIdentity36, 2}, {kPubPrefix, sizeof kPubPrefix}, {pub.data(), pub.size()}}));
}

KeyInfo generate_jwt_secret() {
  KeyInfo info;
  info.type = std::string(kJwtKeyType);
  info.private_key = random_bytes(32);
  return info;
}

}  // namespace tessera::repo
