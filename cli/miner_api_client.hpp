// How CLI commands reach a running lotus-miner: MINER_API_INFO (or the deprecated
// STORAGE_API_INFO) if set, else the repo's api and token files, as lotus resolves it.
#pragma once

#include <filesystem>
#include <memory>

#include "cli/command.hpp"
#include "common/api_info.hpp"

namespace tessera::jsonrpc {
class Client;
}

namespace tessera::cli {

// Repo path from --miner-repo / LOTUS_MINER_PATH / LOTUS_STORAGE_PATH / ~/.lotusminer.
std::filesystem::path miner_repo_path(const Context& ctx);

// Where the miner API is and the token to use; throws NotFound with lotus's hint when the repo
// has no api file ("could not get API info ...").
ApiInfo miner_api_info(const Context& ctx);

// An HTTP JSON-RPC client for the miner API.
std::unique_ptr<jsonrpc::Client> connect_miner_api(const Context& ctx);

}  // namespace tessera::cli
