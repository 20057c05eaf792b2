// The mining-lease methods (issue #14), one declaration each with the codec of their answer. The
// root miner serves them over its LocalMiningLease on the sector-number service's address
// (SectorNumberService::registry()); the other `--winning-post` miners call them through a
// MiningLeaseClient.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "common/api/method.hpp"
#include "storage/lease/mining_lease.hpp"

namespace tessera::lease {

// {"Granted": bool, "Holder": text, "RemainingMs": integer}.
nlohmann::json to_json(const LeaseState& state);
// The inverse of to_json; InvalidInput naming the field that is missing or of the wrong type.
LeaseState lease_state_from_json(const nlohmann::json& json);

}  // namespace tessera::lease

TESSERA_API_CODEC(tessera::lease::LeaseState, tessera::lease::to_json,
                  tessera::lease::lease_state_from_json);

namespace tessera::lease {

// MiningLeaseAcquire(holder, ttl_ms) -> the lease's state (MiningLease::acquire).
inline constexpr api::Method<LeaseState(std::string, std::int64_t)> kMiningLeaseAcquire{
    "Filecoin.MiningLeaseAcquire", api::Perm::kWrite};
// MiningLeaseRelease(holder) (MiningLease::release).
inline constexpr api::Method<void(std::string)> kMiningLeaseRelease{"Filecoin.MiningLeaseRelease",
                                                                    api::Perm::kWrite};
// MiningLeaseCurrent() -> the lease's state (MiningLease::current).
inline constexpr api::Method<LeaseState()> kMiningLeaseCurrent{"Filecoin.MiningLeaseCurrent",
                                                               api::Perm::kRead};

// Serves the three methods on registry over lease, which must outlive the registry's server.
// InvalidInput when registry already has them.
void register_mining_lease_api(jsonrpc::Registry& registry, MiningLease& lease);

}  // namespace tessera::lease
