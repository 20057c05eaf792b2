// What a miner declares ahead of a deadline, as lotus's declareRecoveries and declareFaults
// (storage/wdpost/wdpost_run_faults.go): faulty sectors whose files are back, to be proven
// again, and active sectors whose files are gone, before the deadline's fault cutoff. lotus
// declares both for deadline (current index + 2) mod WPoStPeriodDeadlines (asyncFaultRecover):
// the next deadline is already too late.
#pragma once

#include <cstdint>
#include <vector>

#include "chain/api/full_node_client.hpp"
#include "chain/types/address.hpp"
#include "chain/types/miner_params.hpp"
#include "chain/types/tipset_key.hpp"
#include "post/window/sector_check.hpp"

namespace tessera::post::window {

// The DeclareFaultsRecovered params for deadline `deadline_index` of `miner` at `head`: for
// each of its partitions, the faulty sectors not yet recovering whose files now pass
// check_sectors (a partition with none is left out), split into messages of at most
// max_partitions_per_message partitions each (0: one message; lotus's
// [Proving] MaxPartitionsPerRecoveryMessage). Empty when there is nothing to declare; each
// sector whose files still fail is logged at WARN with the reason.
// Throws the node's errors as FullNodeClient throws them.
std::vector<chain::DeclarationsParams> recoveries_to_declare(
    const chain::Address& miner, std::uint64_t deadline_index, const chain::TipSetKey& head,
    chain::FullNodeClient& node, const SectorAccess& access,
    std::uint64_t max_partitions_per_message);

// The DeclareFaults params for deadline `deadline_index` of `miner` at `head`: for each of its
// partitions, the live sectors not yet faulty whose files fail check_sectors (a partition with
// none is left out; each logged at WARN with the reason). No declarations when every sector
// passes.
// Throws the node's errors as FullNodeClient throws them.
chain::DeclarationsParams faults_to_declare(const chain::Address& miner,
                                            std::uint64_t deadline_index,
                                            const chain::TipSetKey& head,
                                            chain::FullNodeClient& node,
                                            const SectorAccess& access);

}  // namespace tessera::post::window
