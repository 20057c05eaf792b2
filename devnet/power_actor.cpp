// The storage power actor's CreateMiner: a new miner actor owned by the caller's choice of
// owner and worker, with its proving-period offset drawn from its address.
#include "devnet/actor_checks.hpp"
#include "devnet/actors.hpp"
#include "chain/types/miner_params.hpp"
#include "common/base58.hpp"
#include "common/cbor/cbor.hpp"
#include "common/error.hpp"

namespace tessera::chain::devnet {
namespace {

// The robust (f2) address of an actor created by a message: origin address, nonce and the
// number of actors it created before (lotus vm NewActorAddress).
Address robust_address(const Message& message) {
  cbor::Writer w;
  w.write_bytes(message.from.to_bytes());
  Bytes data = w.take();
  for (std::uint64_t v : {message.nonce, std::uint64_t{0}})
    for (int shift = 56; shift >= 0; shift -= 8)
      data.push_back(static_cast<std::uint8_t>(v >> shift));
  return Address::from_actor_data(data);
}

Bytes create_miner(State& state, const Message& message, const ApplyContext& ctx) {
  const auto params = decode_params(message.params, decode_create_miner);
  const auto proofs = proofs_for_window_post(params.window_post_proof_type);
  if (!proofs)
    throw ActorError(
        exit_code::kErrIllegalArgument,
        "unsupported WindowPoSt proof type " + std::to_string(params.window_post_proof_type));
  check_multiaddrs(params.multiaddrs);
  check_peer_id(params.peer);
  const std::uint64_t owner = resolve_account(state, params.owner, "owner");
  const std::uint64_t worker = resolve_account(state, params.worker, "worker");

  const std::uint64_t id = state.next_id++;
  const Address address = Address::from_id(id);
  MinerState miner;
  miner.info.owner = Address::from_id(owner);
  miner.info.worker = Address::from_id(worker);
  miner.info.beneficiary = miner.info.owner;
  miner.info.peer_id = params.peer.empty() ? std::string() : base58btc_encode(params.peer);
  miner.info.multiaddrs = params.multiaddrs;
  miner.info.window_post_proof_type = params.window_post_proof_type;
  miner.info.sector_size = proofs->sector_size;
  miner.info.window_post_partition_sectors = proofs->window_post_partition_sectors;
  miner.proving_period_offset =
      assign_proving_period_offset(address, ctx.epoch, ctx.params->proving);
  miner.deadlines.resize(ctx.params->proving.period_deadlines);

  // The value sent with CreateMiner funds the new miner.
  Actor& power = *state.actor(kPowerActorId);
  power.balance = power.balance - message.value;
  state.actors[id] = Actor{ActorKind::kMiner, std::nullopt, message.value, 0};
  state.miners[id] = std::move(miner);

  // CreateMinerReturn {IDAddress, RobustAddress}.
  cbor::Writer w;
  w.write_array_header(2);
  w.write_bytes(address.to_bytes());
  w.write_bytes(robust_address(message).to_bytes());
  return w.take();
}

}  // namespace

Bytes invoke_power(State& state, const Message& message, const ApplyContext& ctx) {
  if (message.method == power_method::kCreateMiner) return create_miner(state, message, ctx);
  throw ActorError(exit_code::kErrUnhandledMessage,
                   "power actor has no method " + std::to_string(message.method));
}

}  // namespace tessera::chain::devnet
