// Dialling a full node: lotus serves its v1 API at /rpc/v1, which the miner uses.
#pragma once

#include "chain/api/full_node_client.hpp"
#include "common/api_info.hpp"
#include "common/jsonrpc/client.hpp"

namespace tessera::chain {

inline constexpr const char* kFullNodeRpcPath = "/rpc/v1";

// A client for the full node at info (FULLNODE_API_INFO); options.rpc_path is set to /rpc/v1.
FullNodeClient connect_full_node(const ApiInfo& info,
                                 jsonrpc::Transport transport = jsonrpc::Transport::kHttp,
                                 jsonrpc::ClientOptions options = {});

}  // namespace tessera::chain
