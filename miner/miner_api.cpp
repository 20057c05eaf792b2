#include "miner/miner_api.hpp"

#include "chain/types/id_address.hpp"

namespace tessera::miner {

std::vector<std::string> enabled_subsystems(const repo::Config& config, const RoleOptions& roles) {
  std::vector<std::string> out;
  if (roles.winning_post) out.push_back("Mining");
  for (const auto& [key, name] : {std::pair{"EnableSealing", "Sealing"},
                                  {"EnableSectorStorage", "SectorStorage"},
                                  {"EnableMarkets", "Markets"}})
    if (config.get_bool("Subsystems", key)) out.push_back(name);
  return out;
}

void register_miner_api(jsonrpc::Registry& registry, MinerApiState state) {
  api::serve(registry, kRuntimeSubsystems, [state] { return state.subsystems; });
  api::serve(registry, kActorAddress, [state] {
    return chain::format_id_address(state.miner_id, chain::Network::kMainnet);
  });
}

}  // namespace tessera::miner
