#include "miner/storage_api.hpp"

#include <memory>
#include <mutex>
#include <optional>

#include "common/error.hpp"
#include "storage/index/index_api.hpp"

namespace tessera::miner {

using nlohmann::json;
using paths::FileTypeMask;
using paths::SectorId;

void register_index_api(jsonrpc::Registry& r, paths::IndexApi& index) {
  api::serve(r, paths::kStorageAttach,
             [&index](const paths::StorageInfo& info, const paths::FsStat& stat) {
               index.attach(info, stat);
             });
  api::serve(r, paths::kStorageDetach, [&index](const std::string& id, const std::string& url) {
    index.detach(id, url);
  });
  api::serve(r, paths::kStorageInfo, [&index](const std::string& id) { return index.info(id); });
  api::serve(r, paths::kStorageReportHealth,
             [&index](const std::string& id, const paths::HealthReport& report) {
               index.report_health(id, report.stat, report.error);
             });
  api::serve(r, paths::kStorageStat, [&index](const std::string& id) { return index.stat(id); });
  api::serve(r, paths::kStorageDeclareSector,
             [&index](const std::string& id, const SectorId& sector, FileTypeMask types,
                      bool primary) { index.declare(id, sector, types, primary); });
  api::serve(r, paths::kStorageDropSector,
             [&index](const std::string& id, const SectorId& sector, FileTypeMask types) {
               index.drop(id, sector, types);
             });
  api::serve(r, paths::kStorageFindSector,
             [&index](const SectorId& sector, FileTypeMask types, std::uint64_t sector_size,
                      bool allow_fetch) {
               return index.find(sector, types, sector_size, allow_fetch);
             });
  api::serve(r, paths::kStorageBestAlloc,
             [&index](FileTypeMask types, std::uint64_t sector_size, paths::PathType path_type) {
               return index.best_alloc(types, sector_size,
                                       path_type == paths::PathType::kSealing);
             });
  api::serve(r, paths::kStorageList, [&index] { return index.list(); });
}

void register_local_paths_api(jsonrpc::Registry& r, paths::LocalPaths& local) {
  api::serve(r, paths::kStorageLocal, [&local] { return local.local(); });
  api::serve(r, paths::kStorageAddLocal, [&local](const std::string& path) { local.add(path); });
  api::serve(r, paths::kStorageDetachLocal,
             [&local](const std::string& path) { local.detach(path); });
  api::serve(r, paths::kStorageRedeclareLocal,
             [&local](const std::optional<std::string>& id, bool drop_missing) {
               local.redeclare(id, drop_missing);
             });
}

namespace {

// The StorageIndexSubscribe channels open on this miner, dropped once closed.
struct IndexSubscribers {
  std::mutex mu;
  std::vector<api::ChannelWriter<json>> channels;

  void send(const json& change) {
    std::lock_guard lock(mu);
    std::erase_if(channels, [](const auto& channel) { return channel.closed(); });
    for (const auto& channel : channels) channel.send(change);
  }
  // Closes every channel: each subscriber opens a new one and reloads its mirror.
  void close_all() {
    std::lock_guard lock(mu);
    for (const auto& channel : channels) channel.close();
    channels.clear();
  }
};

std::shared_ptr<IndexSubscribers> serve_index_subscribe(jsonrpc::Registry& registry) {
  auto subscribers = std::make_shared<IndexSubscribers>();
  api::serve(registry, paths::kStorageIndexSubscribe,
             [subscribers](api::ChannelWriter<json> channel) {
               std::lock_guard lock(subscribers->mu);
               subscribers->channels.push_back(std::move(channel));
             });
  return subscribers;
}

}  // namespace

void register_index_updates(jsonrpc::Registry& registry, paths::SectorIndex& index) {
  auto subscribers = serve_index_subscribe(registry);
  index.on_change([subscribers](const json& change) { subscribers->send(change); });
}

void register_index_relay(jsonrpc::Registry& registry, paths::RemoteIndex& index) {
  auto subscribers = serve_index_subscribe(registry);
  index.on_update([subscribers](const std::optional<json>& change) {
    if (change)
      subscribers->send(*change);
    else
      subscribers->close_all();
  });
}

void register_lock_api(jsonrpc::Registry& registry, paths::SectorLocks& locks) {
  // A lock taken over the API lasts as long as the request (lotus: until its context ends), so
  // StorageLock waits until the locks are free and StorageTryLock says whether they are now.
  api::serve(registry, paths::kStorageLock,
             [&locks](jsonrpc::CallContext& call, const SectorId& sector, FileTypeMask read,
                      FileTypeMask write) {
               if (!locks.lock(sector, read, write, *call.cancelled))
                 throw Cancelled("StorageLock: context canceled");
             });
  api::serve(registry, paths::kStorageTryLock,
             [&locks](const SectorId& sector, FileTypeMask read, FileTypeMask write) {
               return locks.try_lock(sector, read, write).has_value();
             });
  api::serve(registry, paths::kStorageGetLocks, [&locks] { return paths::to_json(locks.held()); });
}

}  // namespace tessera::miner
