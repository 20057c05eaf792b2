// StorageMiner API methods that need only the repo's records (no chain yet): ActorAddress.
#pragma once

#include <cstdint>

namespace tessera::jsonrpc {
class Registry;
}

namespace tessera::miner {

struct MinerApiState {
  std::uint64_t miner_id;  // actor ID from /miner-address
};

// Registers Filecoin.ActorAddress (read) on registry.
void register_miner_api(jsonrpc::Registry& registry, MinerApiState state);

}  // namespace tessera::miner
