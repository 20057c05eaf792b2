// The miner actor's sector lifecycle on the devnet (builtin-actors v13 miner, reduced): prove-
// commit with real verification, sectors assigned to deadlines and partitions, WindowPoSt per
// partition, declared faults and recoveries, the deadline cron that faults what was not proven,
// precommit expiry, and the power that follows. Each method throws ActorError as actors.hpp says.
#pragma once

#include "devnet/vm.hpp"

namespace tessera::chain::devnet {

Bytes prove_commit_sector(State& state, std::uint64_t miner_id, const Message& message,
                          const ApplyContext& ctx);
// Returns BatchReturn [success_count, [[index, exit_code]...]].
Bytes prove_commit_sectors3(State& state, std::uint64_t miner_id, std::uint64_t caller,
                            const Message& message, const ApplyContext& ctx);
Bytes submit_windowed_post(State& state, std::uint64_t miner_id, std::uint64_t caller,
                           const Message& message, const ApplyContext& ctx);
Bytes declare_faults(State& state, std::uint64_t miner_id, std::uint64_t caller,
                     const Message& message, const ApplyContext& ctx);
Bytes declare_faults_recovered(State& state, std::uint64_t miner_id, std::uint64_t caller,
                               const Message& message, const ApplyContext& ctx);

// The miner's current deadline at ctx.epoch.
DeadlineInfo current_deadline(const MinerState& miner, const ApplyContext& ctx);

// End of epoch for one miner: when its current deadline closes, partitions without a PoSt
// turn their unproven and active sectors faulty and lose their recoveries; precommits not
// proven in time are removed and their deposits burnt. Power is recomputed.
void miner_cron(State& state, std::uint64_t miner_id, const ApplyContext& ctx);

// Recomputes the miner's power from its active sectors and the network total.
void refresh_power(State& state, std::uint64_t miner_id);

}  // namespace tessera::chain::devnet
