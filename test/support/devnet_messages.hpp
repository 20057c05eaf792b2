// Small helpers for tests that drive an in-process devnet: a value transfer, creating a 2 KiB
// miner, and an address's balance at the head.
#pragma once

#include <catch2/catch.hpp>

#include "chain/types/miner_params.hpp"
#include "common/cbor/cbor.hpp"
#include "devnet/devnet.hpp"
#include "devnet/state.hpp"

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

// What tests give a new miner for its deposits and pledge: 1 FIL.
inline chain::BigInt miner_funding() {
  return chain::BigInt::parse("1000000000000000000");
}

// CreateMiner from owner, who is also the worker, for 2 KiB sectors (StackedDrgWindow2KiBV1_1).
inline chain::Message create_miner(const chain::Address& owner) {
  chain::Message m;
  m.to = chain::Address::from_id(chain::devnet::kPowerActorId);
  m.from = owner;
  m.method = chain::power_method::kCreateMiner;
  m.params = chain::encode(chain::CreateMinerParams{owner, owner, 10, {}, {}});
  return m;
}

// The ID of the miner a CreateMiner receipt reports; its exit code must be 0.
inline std::uint64_t created_miner_id(const chain::MessageReceipt& receipt) {
  REQUIRE(receipt.exit_code == 0);
  return chain::Address::from_bytes(cbor::decode(receipt.return_value).as_array()[0].as_bytes())
      .id();
}

// The balance of an address's actor at the devnet's head (the actor must exist).
inline chain::TokenAmount balance(const chain::devnet::Devnet& net, const chain::Address& address) {
  const auto state = net.state_at({});
  const auto id = state->resolve(address);
  REQUIRE(id);
  return state->actor(*id)->balance;
}

}  // namespace tessera::test
