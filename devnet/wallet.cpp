#include "devnet/wallet.hpp"

#include <algorithm>
#include <optional>

#include "common/error.hpp"
#include "crypto/bls_signature.hpp"
#include "crypto/secp256k1.hpp"

namespace tessera::chain::devnet {
namespace {

constexpr std::string_view kWalletPrefix = "wallet-";
constexpr std::string_view kDefaultKeyName = "default";
// lotus types.KeyType names (chain/types/keystore.go KTSecp256k1, KTBLS).
constexpr std::string_view kSecpType = "secp256k1";
constexpr std::string_view kBlsType = "bls";

std::string key_name(const Address& address) {
  return std::string(kWalletPrefix) + address.to_string(Network::kTestnet);
}

std::string_view key_type_name(SignatureType type) {
  return type == SignatureType::kBls ? kBlsType : kSecpType;
}

// The signature type of a keystore KeyType; InvalidInput for any other type.
SignatureType signature_type_of(const std::string& name, const std::string& key_type) {
  if (key_type == kSecpType) return SignatureType::kSecp256k1;
  if (key_type == kBlsType) return SignatureType::kBls;
  throw InvalidInput("wallet key " + name + " has type " + key_type +
                     "; the devnet wallet holds secp256k1 and bls keys only");
}

// lotus wallet.NewKey: the f1 of the uncompressed secp256k1 public key, the f3 of the BLS one.
Address address_of(SignatureType type, const Bytes& secret) {
  if (type == SignatureType::kBls) {
    const auto key = crypto::bls::PrivateKey::from_bytes(secret).public_key();
    return Address::from_bls_public_key(Bytes(key.begin(), key.end()));
  }
  return Address::from_secp256k1_public_key(crypto::secp256k1_public_key(secret));
}

// lotus sigs.Generate: 32 random bytes for secp256k1; for BLS, KeyGen over 32 random bytes of
// IKM, stored little-endian (lib/sigs/bls GenPrivate).
Bytes generate_secret(SignatureType type) {
  if (type == SignatureType::kBls) {
    const auto key = crypto::bls::PrivateKey::from_ikm(repo::random_bytes(32)).to_bytes();
    return Bytes(key.begin(), key.end());
  }
  return repo::random_bytes(32);
}

}  // namespace

Wallet::Wallet(repo::Keystore& keystore, std::size_t count) : keystore_(keystore) {
  // The default key is also stored under "default", as lotus does; it comes first.
  std::optional<Bytes> default_secret;
  if (keystore.has(kDefaultKeyName)) default_secret = keystore.get(kDefaultKeyName).private_key;
  for (const auto& name : keystore.list()) {
    if (!name.starts_with(kWalletPrefix)) continue;
    const auto info = keystore.get(name);
    const SignatureType type = signature_type_of(name, info.type);
    const Address address = address_of(type, info.private_key);
    if (address.to_string(Network::kTestnet) != name.substr(kWalletPrefix.size()))
      throw InvalidInput("wallet key " + name + " does not hold the key of that address");
    keys_.push_back(Key{address, type, info.private_key});
  }
  if (keys_.empty())
    for (std::size_t i = 0; i < count; ++i)
      add_key(SignatureType::kSecp256k1, generate_secret(SignatureType::kSecp256k1));
  if (default_secret) {
    auto it = std::find_if(keys_.begin(), keys_.end(),
                           [&](const Key& key) { return key.secret == *default_secret; });
    if (it != keys_.end()) std::rotate(keys_.begin(), it, it + 1);
  }
}

void Wallet::add_key(SignatureType type, Bytes secret) {
  const Address address = address_of(type, secret);
  const repo::KeyInfo info{std::string(key_type_name(type)), secret};
  keystore_.put(key_name(address), info);
  if (keys_.empty() && !keystore_.has(kDefaultKeyName)) keystore_.put(kDefaultKeyName, info);
  keys_.push_back(Key{address, type, std::move(secret)});
}

std::vector<Address> Wallet::addresses() const {
  std::lock_guard lock(mu_);
  std::vector<Address> out;
  for (const auto& key : keys_) out.push_back(key.address);
  return out;
}

Address Wallet::default_address() const {
  std::lock_guard lock(mu_);
  if (keys_.empty()) throw NotFound("the wallet has no default key");
  return keys_.front().address;
}

bool Wallet::has(const Address& address) const {
  std::lock_guard lock(mu_);
  return std::any_of(keys_.begin(), keys_.end(),
                     [&](const Key& key) { return key.address == address; });
}

Signature Wallet::sign(const Address& address, const Bytes& data) const {
  std::lock_guard lock(mu_);
  auto it = std::find_if(keys_.begin(), keys_.end(),
                         [&](const Key& key) { return key.address == address; });
  if (it == keys_.end())
    throw NotFound("key not found for " + address.to_string(Network::kTestnet));
  return sign_data(it->type, it->secret, data);
}

Address Wallet::new_key(SignatureType type) {
  std::lock_guard lock(mu_);
  add_key(type, generate_secret(type));
  return keys_.back().address;
}

}  // namespace tessera::chain::devnet
