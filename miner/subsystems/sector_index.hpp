// The sector index subsystem: this miner's own index (persisted in the metadata datastore, with
// the Storage* index methods and StorageIndexSubscribe served from it), or, when [Subsystems]
// SectorIndexApiInfo names the root miner, a mirror of the root's (RemoteIndex) whose changes it
// relays to its own workers' StorageIndexSubscribe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "common/jsonrpc/registry.hpp"
#include "miner/subsystem.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/index/remote_index.hpp"
#include "storage/index/sector_index.hpp"
#include "storage/repo/config.hpp"

namespace tessera::miner {

struct SectorIndexConfig {
  std::string root_api_info;  // [Subsystems] SectorIndexApiInfo; empty: this miner holds it

  static SectorIndexConfig from(const repo::Config& config);
};

class SectorIndexSubsystem final : public Subsystem {
 public:
  // store must outlive this. Registers the index methods when this miner holds the index;
  // InvalidInput for a malformed SectorIndexApiInfo.
  SectorIndexSubsystem(const SectorIndexConfig& config, datastore::MetadataStore& store,
                       jsonrpc::Registry& registry);
  ~SectorIndexSubsystem() override;

  std::string_view name() const override { return "sector index"; }
  // With a root index: loads the mirror; IoError when the root cannot be reached.
  void start() override;
  void stop() override;

  paths::IndexApi& index();
  // Runs after the root restarted (the local paths announce themselves again); set while the
  // paths exist, cleared (nullptr) before they go.
  void on_root_restart(std::function<void()> hook);

 private:
  void root_restarted();

  std::unique_ptr<paths::SectorIndex> own_;
  std::unique_ptr<paths::RemoteIndex> remote_;
  std::mutex hook_mu_;
  std::function<void()> hook_;
};

}  // namespace tessera::miner
