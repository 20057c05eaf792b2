#include "cli/full_node.hpp"

#include "chain/api/full_node_connect.hpp"
#include "cli/miner_api_client.hpp"
#include "common/api/method.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "miner/miner_api.hpp"
#include "storage/repo/repo.hpp"

namespace tessera::cli {

chain::FullNodeClient connect_full_node(const Context& ctx) {
  if (auto info = api_info_from_env({"FULLNODE_API_INFO"})) return chain::connect_full_node(*info);
  const auto path = repo::expand_home(ctx.string("repo"));
  try {
    return chain::connect_full_node(
        ApiInfo{repo::Repo::read_api_token(path), repo::Repo::read_api_endpoint(path)});
  } catch (const NotFound& e) {
    throw NotFound(std::string("could not get API info for FullNode: ") + e.what() +
                   "; set FULLNODE_API_INFO (for the devnet: export $(lotus-devnet api-info))");
  }
}

chain::Address miner_actor_address(const Context& ctx) {
  if (ctx.is_set("actor")) return chain::Address::parse(ctx.string("actor"));
  return chain::Address::parse(api::call(*connect_miner_api(ctx), miner::kActorAddress));
}

}  // namespace tessera::cli
