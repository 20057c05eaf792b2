// Applying messages to the devnet state as the Filecoin VM would: the sender's nonce and gas
// are checked and charged, then the method runs on a copy of the state that replaces it only
// on success, so a failed message changes nothing but the sender's nonce and gas payment.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "devnet/devnet_params.hpp"
#include "devnet/state.hpp"
#include "chain/types/message.hpp"
#include "chain/types/randomness.hpp"

namespace tessera::chain::devnet {

// An actor method's failure: the exit code lotus would report, and why.
class ActorError : public std::runtime_error {
 public:
  ActorError(std::int64_t code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  std::int64_t code() const { return code_; }

 private:
  std::int64_t code_;
};

// What a method may ask the chain while it runs.
struct ApplyContext {
  ChainEpoch epoch = 0;  // the epoch of the block being applied
  const DevnetParams* params = nullptr;
  // Chain randomness at an epoch before `epoch` (ticket- or beacon-based).
  std::function<Bytes(DomainSeparationTag, ChainEpoch, const Bytes&)> ticket_randomness;
  std::function<Bytes(DomainSeparationTag, ChainEpoch, const Bytes&)> beacon_randomness;
};

// The gas a message is charged (a fixed cost plus one unit per params byte; docs/devnet.md).
std::int64_t gas_for(const Message& message);

// Why the message cannot be included at all (unknown sender, wrong nonce, gas limit too low, a
// fee cap below the base fee, not enough funds to cover value and gas limit × fee cap), or
// nullopt when it can.
std::optional<std::string> precheck(const State& state, const Message& message,
                                    const TokenAmount& base_fee);

// Why sender cannot cover the message's value and gas limit × fee cap, or nullopt when it can.
std::optional<std::string> funds_shortfall(const Actor& sender, const Message& message);

// Applies a message that passed precheck: charges gas at the base fee (burnt), bumps the nonce,
// then runs the method all or nothing and returns the receipt.
MessageReceipt apply_message(State& state, const Message& message, const ApplyContext& ctx);

// The end-of-epoch cron: due worker changes take effect, then each miner's deadline and
// precommit expiry run (miner_cron).
void end_of_epoch(State& state, const ApplyContext& ctx);

}  // namespace tessera::chain::devnet
