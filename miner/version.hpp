// Version facts tessera reports: the lotus release whose API and repo format it follows, and
// its own version.
#pragma once

#include <cstdint>
#include <string_view>

namespace tessera::miner {

// lotus-miner release whose CLI, JSON-RPC API and repo formats tessera follows.
inline constexpr std::string_view kLotusCompatVersion = "1.23.3";
// Build string reported by `version` and Filecoin.Version.
inline constexpr std::string_view kBuildVersion = "1.23.3+tessera-0.1.0";
// StorageMiner API version 1.5.0 (major<<16 | minor<<8 | patch), as lotus v1.23.3.
inline constexpr std::uint32_t kMinerApiVersion = (1u << 16) | (5u << 8) | 0u;
// Block delay in seconds reported by Version (mainnet build parameter).
inline constexpr std::int64_t kBlockDelaySecs = 30;

}  // namespace tessera::miner
