// The Lotus full-node API v1 methods the devnet serves, with lotus's names, permissions,
// parameters and JSON shapes (lotus api/api_full.go, build/openrpc/full.json).
#pragma once

#include "chain/devnet/devnet.hpp"
#include "common/jsonrpc/registry.hpp"

namespace tessera::chain::devnet {

// Registers the chain, state, mpool, gas, wallet, beacon and mining methods on registry; devnet
// must outlive the registry's use.
void register_full_node_api(jsonrpc::Registry& registry, Devnet& devnet);

}  // namespace tessera::chain::devnet
