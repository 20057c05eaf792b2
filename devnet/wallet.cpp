#include "devnet/wallet.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "crypto/blake2b.hpp"
#include "crypto/secp256k1.hpp"

namespace tessera::chain::devnet {
namespace {

constexpr std::string_view kWalletPrefix = "wallet-";
constexpr std::string_view kSecpType = "secp256k1";

std::string key_name(const Address& address) {
  return std::string(kWalletPrefix) + address.to_string(Network::kTestnet);
}

Address address_of(const Bytes& secret) {
  return Address::from_secp256k1_public_key(crypto::secp256k1_public_key(secret));
}

}  // namespace

Wallet::Wallet(repo::Keystore& keystore, std::size_t count) {
  // The default key is also stored under "default", as lotus does; it comes first.
  std::optional<Bytes> default_secret;
  if (keystore.has("default")) default_secret = keystore.get("default").private_key;
  for (const auto& name : keystore.list()) {
    if (!name.starts_with(kWalletPrefix)) continue;
    const auto info = keystore.get(name);
    if (info.type != kSecpType)
      throw InvalidInput("wallet key " + name + " has type " + info.type +
                         "; the devnet wallet holds secp256k1 keys only");
    if (address_of(info.private_key).to_string(Network::kTestnet) !=
        name.substr(kWalletPrefix.size()))
      throw InvalidInput("wallet key " + name + " does not hold the key of that address");
    addresses_.push_back(address_of(info.private_key));
    secrets_.push_back(info.private_key);
  }
  if (addresses_.empty()) {
    for (std::size_t i = 0; i < count; ++i) {
      Bytes secret = repo::random_bytes(32);
      const Address address = address_of(secret);
      keystore.put(key_name(address), repo::KeyInfo{std::string(kSecpType), secret});
      if (i == 0) {
        keystore.put("default", repo::KeyInfo{std::string(kSecpType), secret});
        default_secret = secret;
      }
      addresses_.push_back(address);
      secrets_.push_back(std::move(secret));
    }
  }
  if (default_secret) {
    auto it = std::find(secrets_.begin(), secrets_.end(), *default_secret);
    if (it != secrets_.end()) {
      const auto at = it - secrets_.begin();
      std::rotate(secrets_.begin(), secrets_.begin() + at, secrets_.begin() + at + 1);
      std::rotate(addresses_.begin(), addresses_.begin() + at, addresses_.begin() + at + 1);
    }
  }
}

bool Wallet::has(const Address& address) const {
  return std::find(addresses_.begin(), addresses_.end(), address) != addresses_.end();
}

Signature Wallet::sign(const Address& address, const Bytes& data) const {
  auto it = std::find(addresses_.begin(), addresses_.end(), address);
  if (it == addresses_.end())
    throw NotFound("key not found for " + address.to_string(Network::kTestnet));
  const Bytes& secret = secrets_[it - addresses_.begin()];
  const Bytes hash = crypto::blake2b(data, 32);
  crypto::Digest32 digest;
  std::copy(hash.begin(), hash.end(), digest.begin());
  return Signature{SignatureType::kSecp256k1, crypto::secp256k1_sign(secret, digest)};
}

}  // namespace tessera::chain::devnet
