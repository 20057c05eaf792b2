// The Lotus full-node API v1 methods the devnet serves: handlers for the declarations in
// chain/api/full_node_api.hpp (lotus's names, permissions, parameters and JSON shapes).
#pragma once

#include "devnet/devnet.hpp"
#include "common/jsonrpc/registry.hpp"

namespace tessera::chain::devnet {

// Registers the chain, state, mpool, gas, wallet, beacon and mining methods on registry; devnet
// must outlive the registry's use.
void register_full_node_api(jsonrpc::Registry& registry, Devnet& devnet);

}  // namespace tessera::chain::devnet
