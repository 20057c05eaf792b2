// The lotus-miner metadata keys tessera reads and writes (reference/lotus-compat.md §2.1).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tessera::datastore {

inline constexpr std::string_view kMinerAddressKey = "/miner-address";
inline constexpr std::string_view kNextIdKey = "/storage/nextid";
inline constexpr std::string_view kAllocatedKey = "/storage/sectorsids/allocated";
inline constexpr std::string_view kReservedKey = "/storage/sectorsids/reserved";
inline constexpr std::string_view kSectorsPrefix = "/sectors/";

// "/sectors/<n>" with n in decimal, as go-statestore names sector records.
inline std::string sector_key(std::uint64_t number) {
  return std::string(kSectorsPrefix) + std::to_string(number);
}

}  // namespace tessera::datastore
