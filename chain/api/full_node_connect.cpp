#include "chain/api/full_node_connect.hpp"

namespace tessera::chain {

FullNodeClient connect_full_node(const ApiInfo& info, jsonrpc::Transport transport,
                                 jsonrpc::ClientOptions options) {
  options.rpc_path = kFullNodeRpcPath;
  return FullNodeClient(jsonrpc::Client::connect(info, transport, std::move(options)));
}

}  // namespace tessera::chain
