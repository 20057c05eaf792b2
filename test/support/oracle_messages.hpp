// The messages of reference/oracles.md §4, whose CBOR, CIDs and signatures iso-filecoin and
// zondax filecoin-signing-tools agree on; shared by the chain tests.
#pragma once

#include "chain/types/message.hpp"

namespace tessera::test {

// M1: f1 (secp256k1 key 1) → f01234, everything else zero.
inline chain::Message oracle_message_m1() {
  chain::Message m;
  m.to = chain::Address::parse("f01234");
  m.from = chain::Address::parse("f1wcuzrs736zqzbbjjdgl2wvyyufuk4pefbymzf2i");
  return m;
}

// M2: f3 → f01000, nonce 42, 1 FIL, gas 1e6 / 1e5 / 1e3, method 2, params 0x820102.
inline chain::Message oracle_message_m2() {
  chain::Message m;
  m.to = chain::Address::parse("f01000");
  m.from = chain::Address::parse(
      "f3xdz2nqpdohj33oq2atts6p5lt3qe7hsxeom4643depowai2fsys6wrh6waw53cvitp2klg67tbm575idqxaa");
  m.nonce = 42;
  m.value = chain::BigInt::parse("1000000000000000000");
  m.gas_limit = 1000000;
  m.gas_fee_cap = chain::BigInt::from_uint(100000);
  m.gas_premium = chain::BigInt::from_uint(1000);
  m.method = 2;
  m.params = hex_decode("820102");
  return m;
}

}  // namespace tessera::test
