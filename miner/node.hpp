// The lotus-miner daemon (`lotus-miner run`): opens and locks the repo, serves the JSON-RPC API
// and /debug/metrics, and shuts down cleanly on Filecoin.Shutdown, SIGINT or SIGTERM.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace tessera::miner {

struct NodeOptions {
  std::filesystem::path repo_path;
  std::optional<std::uint16_t> api_port;  // --miner-api: listen on 127.0.0.1:<port> instead
};

// Runs the daemon until it is asked to stop; returns the process exit code. Throws on start-up
// failures (repo missing or locked, corrupt config or datastore, port in use).
int run_node(const NodeOptions& options);

}  // namespace tessera::miner
