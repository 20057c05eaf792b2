// The devnet's wallet: secp256k1 and BLS keys kept in the repo keystore as a lotus node keeps them
// ("wallet-<address>" → KeyInfo{"secp256k1" | "bls", key}, the default key also under
// "default"), signing as lotus's wallet signs (sign_data: secp256k1 signs BLAKE2b-256 of the data,
// BLS the data itself). Safe to use from several threads.
#pragma once

#include <mutex>
#include <vector>

#include "chain/types/address.hpp"
#include "chain/types/message.hpp"
#include "storage/repo/keystore.hpp"

namespace tessera::chain::devnet {

class Wallet {
 public:
  // Loads the wallet keys of keystore; creates `count` secp256k1 keys when it holds none. Keeps a
  // reference to keystore, which must outlive the wallet. Throws InvalidInput for a wallet key of
  // another type or one whose key does not give the address its name says.
  Wallet(repo::Keystore& keystore, std::size_t count);

  // The key addresses, the default first, then in keystore order, then keys added since.
  std::vector<Address> addresses() const;
  // The default key's address; NotFound when the wallet holds no key.
  Address default_address() const;
  bool has(const Address& address) const;
  // The signature of data by address's key; NotFound when the wallet lacks the key.
  Signature sign(const Address& address, const Bytes& data) const;
  // lotus WalletNew: a fresh key of the type (an f1 or f3 address), stored in the keystore; it
  // becomes the default when the wallet had no key. Throws IoError when the keystore cannot
  // store it.
  Address new_key(SignatureType type);

 private:
  struct Key {
    Address address;
    SignatureType type;
    Bytes secret;
  };
  // Stores a new key; the caller holds mu_.
  void add_key(SignatureType type, Bytes secret);

  repo::Keystore& keystore_;
  mutable std::mutex mu_;
  std::vector<Key> keys_;
};

}  // namespace tessera::chain::devnet
