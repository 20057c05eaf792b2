// The storage paths subsystem: this process's local paths (storage.json), announced to the
// sector index with this process's /remote URL and kept alive by heartbeats; the /remote file
// server (sector files, and PoSt vanilla proofs of them for PoSt-miners); the sector locks; and
// their API methods (StorageLocal, StorageAddLocal, StorageDetachLocal, StorageRedeclareLocal,
// StorageLock, StorageTryLock, StorageGetLocks).
#pragma once

#include <filesystem>

#include "common/jsonrpc/registry.hpp"
#include "miner/subsystem.hpp"
#include "miner/subsystems/api_server.hpp"
#include "miner/subsystems/sector_index.hpp"
#include "storage/paths/local_paths.hpp"
#include "storage/paths/sector_locks.hpp"

namespace tessera::miner {

struct StoragePathsConfig {
  std::filesystem::path storage_json;  // <repo>/storage.json
};

class StoragePathsSubsystem final : public Subsystem {
 public:
  // index and api must outlive this; adds /remote to api.
  StoragePathsSubsystem(const StoragePathsConfig& config, SectorIndexSubsystem& index,
                        ApiServer& api, jsonrpc::Registry& registry);
  ~StoragePathsSubsystem() override;

  std::string_view name() const override { return "storage paths"; }
  // Opens every path in storage.json, announcing them at the API's /remote, and starts the
  // heartbeat; announces them again whenever the root index restarts.
  void start() override;
  void stop() override;

  paths::LocalPaths& local() { return local_; }

 private:
  SectorIndexSubsystem& index_;
  ApiServer& api_;
  paths::LocalPaths local_;
  paths::SectorLocks locks_;
};

}  // namespace tessera::miner
