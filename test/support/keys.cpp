#include "test/support/keys.hpp"

#include "crypto/secp256k1.hpp"

namespace tessera::test {

Bytes secret_key(std::uint8_t n) {
  Bytes s(32, 0);
  s[31] = n;
  return s;
}

chain::Address key_address(std::uint8_t n) {
  return chain::Address::from_secp256k1_public_key(crypto::secp256k1_public_key(secret_key(n)));
}

}  // namespace tessera::test
