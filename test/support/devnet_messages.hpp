// Small helpers for tests that drive an in-process devnet: a value transfer and an address's
// balance at the head.
#pragma once

#include <catch2/catch.hpp>

#include "devnet/devnet.hpp"

namespace tessera::test {

// A plain send of `value` (nonce, gas and fees left for the devnet to fill).
inline chain::Message send(const chain::Address& from, const chain::Address& to,
                           const chain::BigInt& value) {
  chain::Message m;
  m.from = from;
  m.to = to;
  m.value = value;
  return m;
}

// The balance of an address's actor at the devnet's head (the actor must exist).
inline chain::TokenAmount balance(const chain::devnet::Devnet& net, const chain::Address& address) {
  const auto state = net.state_at({});
  const auto id = state->resolve(address);
  REQUIRE(id);
  return state->actor(*id)->balance;
}

}  // namespace tessera::test
