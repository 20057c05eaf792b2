// Fixed secp256k1 keys for tests: the secret 0…0‖n and its f1 address.
#pragma once

#include <cstdint>

#include "chain/types/address.hpp"
#include "common/encoding.hpp"

namespace tessera::test {

// The 32-byte secret key whose last byte is n (n > 0), all other bytes zero.
Bytes secret_key(std::uint8_t n);
// The f1 address of secret_key(n).
chain::Address key_address(std::uint8_t n);

}  // namespace tessera::test
