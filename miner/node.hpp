// The lotus-miner daemon (`lotus-miner run`): opens and locks the repo, serves the JSON-RPC API
// and /debug/metrics, and shuts down cleanly on Filecoin.Shutdown, SIGINT or SIGTERM.
#pragma once

#include "storage/repo/config.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace tessera::miner {

// Which parts of a distributed miner this process runs (the fork's run flags).
struct RoleOptions {
  bool window_post = true;   // --window-post
  bool winning_post = true;  // --winning-post
  bool p2p = true;           // --p2p
  std::string sctype;        // --sctype: "" | "alloce" (serve sector numbers) | "get" (use them)
  std::string sclisten;      // --sclisten: IP:PORT of the sector number service
};

struct NodeOptions {
  std::filesystem::path repo_path;
  std::optional<std::uint16_t> api_port;  // --miner-api: listen on 127.0.0.1:<port> instead
  RoleOptions roles;
};

// The roles the flags and config.toml's [Subsystems] leave on: DisableWindowPoSt turns WindowPoSt
// off, DisableWinningPoSt or EnableMining = false turn block mining off.
RoleOptions effective_roles(RoleOptions flags, const repo::Config& config);

// InvalidInput for an --sctype other than alloce/get, or one without --sclisten.
void validate_roles(const RoleOptions& roles);

// Runs the daemon until it is asked to stop; returns the process exit code. Throws on start-up
// failures (repo missing or locked, corrupt config or datastore, port in use).
int run_node(const NodeOptions& options);

}  // namespace tessera::miner
