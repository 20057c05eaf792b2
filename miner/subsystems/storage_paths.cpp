#include "miner/subsystems/storage_paths.hpp"

#include "miner/storage_api.hpp"
#include "post/sector_proof_source.hpp"
#include "storage/paths/remote_handler.hpp"

namespace tessera::miner {

StoragePathsSubsystem::StoragePathsSubsystem(const StoragePathsConfig& config,
                                             SectorIndexSubsystem& index, ApiServer& api,
                                             jsonrpc::Registry& registry)
    : index_(index), api_(api), local_(index.index(), config.storage_json) {
  register_local_paths_api(registry, local_);
  register_lock_api(registry, locks_);
  api.add_route("/remote", paths::make_remote_route(
                               paths::remote_store_of(local_, post::answer_single_vanilla)));
}

StoragePathsSubsystem::~StoragePathsSubsystem() {
  stop();
}

void StoragePathsSubsystem::start() {
  local_.open_all(api_.remote_url());
  index_.on_root_restart([this] { local_.announce_all(); });
  local_.start_heartbeat();
}

void StoragePathsSubsystem::stop() {
  index_.on_root_restart(nullptr);
  local_.stop_heartbeat();
}

}  // namespace tessera::miner
