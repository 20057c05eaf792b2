// StorageMiner API methods about the miner process itself: ActorAddress and RuntimeSubsystems.
#pragma once

#include <cstdint>

#include <string>
#include <vector>

#include "common/api/method.hpp"
#include "miner/node.hpp"
#include "storage/repo/config.hpp"

namespace tessera::miner {

// The miner actor's address ("f01000"), from the datastore's /miner-address.
inline constexpr api::Method<std::string()> kActorAddress{"Filecoin.ActorAddress",
                                                          api::Perm::kRead};
// The subsystems this process runs, as lotus names them (see enabled_subsystems).
inline constexpr api::Method<std::vector<std::string>()> kRuntimeSubsystems{
    "Filecoin.RuntimeSubsystems", api::Perm::kRead};

struct MinerApiState {
  std::uint64_t miner_id;               // actor ID from /miner-address
  std::vector<std::string> subsystems;  // enabled, as RuntimeSubsystems names them
};

// The subsystems this process runs, in lotus's order: Mining (when block mining is on after the
// flags and config, see effective_roles), Sealing, SectorStorage, Markets (their Enable* keys).
std::vector<std::string> enabled_subsystems(const repo::Config& config, const RoleOptions& roles);

// Registers Filecoin.ActorAddress and RuntimeSubsystems (read) on registry.
void register_miner_api(jsonrpc::Registry& registry, MinerApiState state);

}  // namespace tessera::miner
