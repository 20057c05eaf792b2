// lotus's Common API (api/api_common.go), served by every tessera daemon: the miner, the
// worker, the devnet. One declaration per method; miner/common_api.cpp serves them, the CLI and
// the other daemons call them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/api/method.hpp"

namespace tessera::api {

// Version's result: {"Version": build string, "APIVersion": major<<16|minor<<8|patch,
// "BlockDelay": seconds}.
struct VersionInfo {
  std::string version;
  std::uint32_t api_version = 0;
  std::uint64_t block_delay = 0;
};

nlohmann::json to_json(const VersionInfo& info);
// InvalidInput naming the field that is missing or mistyped.
VersionInfo version_info_from_json(const nlohmann::json& json);

}  // namespace tessera::api

TESSERA_API_CODEC(tessera::api::VersionInfo, tessera::api::to_json,
                  tessera::api::version_info_from_json);

namespace tessera::api {

inline constexpr Method<VersionInfo()> kVersion{"Filecoin.Version", Perm::kRead};
// A random UUID per process: a new value means the process restarted.
inline constexpr Method<std::string()> kSession{"Filecoin.Session", Perm::kRead};
// When the process started, as Go's time.Time JSON (RFC 3339 with nanoseconds).
inline constexpr Method<std::string()> kStartTime{"Filecoin.StartTime", Perm::kRead};
// The permissions a token grants (AuthVerify(token)).
inline constexpr Method<std::vector<std::string>(std::string)> kAuthVerify{"Filecoin.AuthVerify",
                                                                           Perm::kRead};
// A new token for the given permissions (Go []byte: base64 of the token's text).
inline constexpr Method<Bytes(std::vector<std::string>)> kAuthNew{"Filecoin.AuthNew", Perm::kAdmin};
inline constexpr Method<std::vector<std::string>()> kLogList{"Filecoin.LogList", Perm::kWrite};
// LogSetLevel(subsystem, level).
inline constexpr Method<void(std::string, std::string)> kLogSetLevel{"Filecoin.LogSetLevel",
                                                                     Perm::kWrite};
inline constexpr Method<void()> kShutdown{"Filecoin.Shutdown", Perm::kAdmin};
// A channel that closes when the process shuts down (lotus's <-chan struct{}); no values.
inline constexpr Method<Channel<nlohmann::json>()> kClosing{"Filecoin.Closing", Perm::kRead};
// The OpenRPC document of every method served (also under "rpc.discover").
inline constexpr Method<nlohmann::json()> kDiscover{"Filecoin.Discover", Perm::kRead};
inline constexpr Method<nlohmann::json()> kRpcDiscover{"rpc.discover", Perm::kRead};

}  // namespace tessera::api
