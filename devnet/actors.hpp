// The built-in actors' methods the devnet runs (builtin-actors v13 semantics, reduced to what a
// miner exercises; docs/devnet.md lists what is left out). Each runs after the message's value
// has reached the receiver, returns the method's CBOR return value, and throws ActorError with
// lotus's exit code on failure; the VM then discards every change the method made.
#pragma once

#include "devnet/vm.hpp"

namespace tessera::chain::devnet {

// The storage power actor (f04): CreateMiner.
Bytes invoke_power(State& state, const Message& message, const ApplyContext& ctx);

// A miner actor: control-address changes, balance withdrawal, precommits, prove-commits,
// WindowPoSt and fault declarations (the last three in miner_proving.hpp).
Bytes invoke_miner(State& state, std::uint64_t miner_id, std::uint64_t caller,
                   const Message& message, const ApplyContext& ctx);

// The worker-key change of a miner that is due at ctx.epoch, applied (cron).
void apply_due_worker_change(MinerState& miner, const ApplyContext& ctx);

}  // namespace tessera::chain::devnet
