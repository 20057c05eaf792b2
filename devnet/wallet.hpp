// The devnet's wallet: secp256k1 keys kept in the repo keystore as a lotus node keeps them
// ("wallet-<address>" → KeyInfo{"secp256k1", key}), signing as lotus's wallet signs (the key
// signs BLAKE2b-256 of the data).
#pragma once

#include <mutex>
#include <optional>
#include <vector>

#include "chain/types/address.hpp"
#include "chain/types/message.hpp"
#include "storage/repo/keystore.hpp"

namespace tessera::chain::devnet {

class Wallet {
 public:
  // Loads the wallet keys of keystore; creates `count` keys when it holds none.
  Wallet(repo::Keystore& keystore, std::size_t count);

  // The key addresses, the default first, then in keystore order.
  const std::vector<Address>& addresses() const { return addresses_; }
  Address default_address() const { return addresses_.front(); }
  bool has(const Address& address) const;
  // The signature of data by address's key; NotFound when the wallet lacks the key.
  Signature sign(const Address& address, const Bytes& data) const;

 private:
  std::vector<Address> addresses_;
  std::vector<Bytes> secrets_;
};

}  // namespace tessera::chain::devnet
