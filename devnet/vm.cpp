#include "devnet/vm.hpp"

#include "devnet/actors.hpp"
#include "devnet/miner_proving.hpp"
#include "common/log.hpp"

namespace tessera::chain::devnet {
namespace {

constexpr std::int64_t kBaseGas = 1'000'000;

auto vm_log() {
  return log::get("vm");
}

// The ID of the message's receiver, creating an account for an unknown f1/f3 address as the
// init actor does.
std::uint64_t receiver_id(State& state, const Address& to) {
  if (auto id = state.resolve(to)) return *id;
  if (to.protocol() != AddressProtocol::kSecp256k1 && to.protocol() != AddressProtocol::kBls)
    throw ActorError(exit_code::kSysErrInvalidReceiver,
                     "actor " + to.to_string(Network::kTestnet) + " not found");
  const std::uint64_t id = state.next_id++;
  state.actors[id] = Actor{ActorKind::kAccount, to, TokenAmount(), 0};
  state.key_index[to] = id;
  return id;
}

Bytes invoke(State& state, std::uint64_t sender, const Message& message, const ApplyContext& ctx) {
  const std::uint64_t receiver = receiver_id(state, message.to);
  Actor& from = *state.actor(sender);
  if (from.balance < message.value)
    throw ActorError(exit_code::kSysErrInsufficientFunds, "not enough funds to send the value");
  from.balance = from.balance - message.value;
  Actor& to = *state.actor(receiver);
  to.balance = to.balance + message.value;
  if (message.method == 0) return {};
  switch (to.kind) {
    case ActorKind::kPower:
      return invoke_power(state, message, ctx);
    case ActorKind::kMiner:
      return invoke_miner(state, receiver, sender, message, ctx);
    default:
      throw ActorError(exit_code::kErrUnhandledMessage,
                       "actor " + message.to.to_string(Network::kTestnet) + " has no method " +
                           std::to_string(message.method));
  }
}

}  // namespace

std::int64_t gas_for(const Message& message) {
  return kBaseGas + static_cast<std::int64_t>(message.params.size()) * 1000;
}

std::optional<std::string> precheck(const State& state, const Message& message,
                                    const TokenAmount& base_fee) {
  const auto sender = state.resolve(message.from);
  if (!sender) return "sender " + message.from.to_string(Network::kTestnet) + " not found";
  const Actor& from = *state.actor(*sender);
  if (from.kind != ActorKind::kAccount) return "sender is not an account actor";
  if (message.nonce != from.nonce)
    return "nonce " + std::to_string(message.nonce) + " is not the sender's next nonce " +
           std::to_string(from.nonce);
  if (message.gas_limit < gas_for(message))
    return "gas limit " + std::to_string(message.gas_limit) + " below the " +
           std::to_string(gas_for(message)) + " the message uses";
  if (message.gas_fee_cap < base_fee)
    return "gas fee cap " + message.gas_fee_cap.to_string() + " below the base fee " +
           base_fee.to_string();
  return funds_shortfall(from, message);
}

std::optional<std::string> funds_shortfall(const Actor& sender, const Message& message) {
  const TokenAmount most =
      message.value + message.gas_fee_cap * BigInt::from_int(message.gas_limit);
  if (sender.balance < most)
    return "not enough funds: balance " + format_fil(sender.balance) + ", message may cost " +
           format_fil(most);
  return std::nullopt;
}

MessageReceipt apply_message(State& state, const Message& message, const ApplyContext& ctx) {
  const std::uint64_t sender = *state.resolve(message.from);
  const std::int64_t gas = gas_for(message);
  const TokenAmount fee = ctx.params->base_fee * BigInt::from_int(gas);
  Actor& from = *state.actor(sender);
  from.balance = from.balance - fee;
  from.nonce++;
  Actor& burnt = *state.actor(kBurntFundsActorId);
  burnt.balance = burnt.balance + fee;

  State attempt = state;
  try {
    Bytes ret = invoke(attempt, sender, message, ctx);
    state = std::move(attempt);
    return MessageReceipt{exit_code::kOk, std::move(ret), gas};
  } catch (const ActorError& e) {
    TLOG_INFO(vm_log(), "message to {} method {} failed with exit code {}: {}",
              message.to.to_string(Network::kTestnet), message.method, e.code(), e.what());
    return MessageReceipt{e.code(), {}, gas};
  }
}

void end_of_epoch(State& state, const ApplyContext& ctx) {
  for (auto& [id, miner] : state.miners) {
    apply_due_worker_change(miner, ctx);
    miner_cron(state, id, ctx);
  }
}

}  // namespace tessera::chain::devnet
