// `lotus-devnet run`: the devnet as a daemon. Locks its repo, replays the chain, serves the
// full-node API on 127.0.0.1 (/rpc/v1 and /rpc/v0) with JWT permissions and /debug/metrics,
// produces a block every epoch, and stops cleanly on SIGINT/SIGTERM.
#pragma once

#include <cstdint>
#include <filesystem>

#include "devnet/devnet_params.hpp"

namespace tessera::chain::devnet {

struct DaemonOptions {
  std::filesystem::path repo;
  std::uint16_t api_port = 1234;  // lotus's default full-node port; 0 picks a free one
  DevnetParams params;
  std::size_t wallet_keys = 2;
};

// Runs until a signal asks it to stop; returns the exit code. Throws on start-up failures
// (repo locked or corrupt, port taken).
int run_devnet(const DaemonOptions& options);

}  // namespace tessera::chain::devnet
