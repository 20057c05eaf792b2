#include "miner/miner_api.hpp"

#include <nlohmann/json.hpp>

#include "chain/types/id_address.hpp"
#include "common/jsonrpc/registry.hpp"

namespace tessera::miner {

void register_miner_api(jsonrpc::Registry& registry, MinerApiState state) {
  registry.add(jsonrpc::Method{
      "Filecoin.ActorAddress", "read", 0, [state](const nlohmann::json&, jsonrpc::CallContext&) {
        return nlohmann::json(chain::format_id_address(state.miner_id, chain::Network::kMainnet));
      }});
}

}  // namespace tessera::miner
