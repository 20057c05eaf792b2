// How CLI commands reach the full node: FULLNODE_API_INFO if set, else the api and token files
// of the node repo (--repo, LOTUS_PATH, ~/.lotus), as lotus-miner resolves it; and the miner
// actor a command acts on.
#pragma once

#include "chain/api/full_node_client.hpp"
#include "chain/types/address.hpp"
#include "cli/command.hpp"

namespace tessera::cli {

// A client for the full node's v1 API. NotFound with a hint when neither source is present.
chain::FullNodeClient connect_full_node(const Context& ctx);

// The miner actor: --actor if given, else the running miner's ActorAddress.
chain::Address miner_actor_address(const Context& ctx);

}  // namespace tessera::cli
