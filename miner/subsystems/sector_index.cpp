#include "miner/subsystems/sector_index.hpp"

#include "common/api_info.hpp"
#include "miner/storage_api.hpp"

namespace tessera::miner {

SectorIndexConfig SectorIndexConfig::from(const repo::Config& config) {
  return SectorIndexConfig{config.get_string("Subsystems", "SectorIndexApiInfo")};
}

SectorIndexSubsystem::SectorIndexSubsystem(const SectorIndexConfig& config,
                                           datastore::MetadataStore& store,
                                           jsonrpc::Registry& registry) {
  if (config.root_api_info.empty()) {
    own_ = std::make_unique<paths::SectorIndex>(&store);
    register_index_api(registry, *own_);
    register_index_updates(registry, *own_);
  } else {
    remote_ = std::make_unique<paths::RemoteIndex>(parse_api_info(config.root_api_info),
                                                   [this] { root_restarted(); });
    register_index_api(registry, *remote_);
    register_index_relay(registry, *remote_);
  }
}

SectorIndexSubsystem::~SectorIndexSubsystem() {
  stop();
}

void SectorIndexSubsystem::start() {
  if (remote_) remote_->start();
}

void SectorIndexSubsystem::stop() {
  if (remote_) remote_->stop();
}

paths::IndexApi& SectorIndexSubsystem::index() {
  if (own_) return *own_;
  return *remote_;
}

void SectorIndexSubsystem::on_root_restart(std::function<void()> hook) {
  std::lock_guard lock(hook_mu_);
  hook_ = std::move(hook);
}

void SectorIndexSubsystem::root_restarted() {
  std::lock_guard lock(hook_mu_);
  if (hook_) hook_();
}

}  // namespace tessera::miner
