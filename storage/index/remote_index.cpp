#include "storage/index/remote_index.hpp"

#include <nlohmann/json.hpp>

#include "common/api/common_api.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/log.hpp"
#include "storage/index/index_api.hpp"

namespace tessera::paths {
namespace {

using nlohmann::json;

auto index_log() {
  return log::get("stores");
}

constexpr std::chrono::seconds kResyncEvery{5};

}  // namespace

RemoteIndex::RemoteIndex(const ApiInfo& root, std::function<void()> on_root_restart)
    : root_(root),
      on_root_restart_(std::move(on_root_restart)),
      calls_(jsonrpc::Client::connect(root, jsonrpc::Transport::kHttp,
                                      jsonrpc::ClientOptions{std::chrono::seconds(10)})),
      channel_(jsonrpc::Client::connect(root, jsonrpc::Transport::kWebSocket)),
      mirror_(std::make_shared<SectorIndex>(nullptr)) {}

RemoteIndex::~RemoteIndex() {
  stop();
}

void RemoteIndex::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

void RemoteIndex::start() {
  try {
    sync();
  } catch (const Error& e) {
    throw IoError("the sector index at " + root_.address + " is unreachable: " + e.what());
  }
  TLOG_INFO(index_log(), "using the sector index of the miner at {}", root_.address);
  watcher_ = std::thread([this] { watch(); });
}

void RemoteIndex::sync() {
  const std::string session = api::call(*calls_, api::kSession);
  bool restarted = false;
  bool open = false;
  {
    std::lock_guard lock(mu_);
    restarted = !session_.empty() && session != session_;
    session_ = session;
    if (restarted) channel_open_ = false;
    if (channel_open_ && loaded_) return;  // the channel keeps the mirror current
    open = channel_open_;
    refreshing_ = true;  // changes that arrive from now on are replayed on the new mirror
    during_refresh_.clear();
  }
  if (!open) {
    api::subscribe(
        *channel_, kStorageIndexSubscribe, [this](const json& change) { on_change(change); },
        [this] {
          std::lock_guard lock(mu_);
          channel_open_ = false;
          loaded_ = false;
          wake_.notify_all();
        },
        nullptr);
    std::lock_guard lock(mu_);
    channel_open_ = true;
  }
  if (restarted) {
    TLOG_INFO(index_log(), "the sector index at {} restarted: announcing local paths again",
              root_.address);
    on_root_restart_();
  }
  refresh();
}

void RemoteIndex::on_change(const json& change) {
  std::lock_guard lock(mu_);
  if (refreshing_) {
    during_refresh_.push_back(change);
    return;
  }
  apply(*mirror_, change);
  if (on_update_) on_update_(change);
}

void RemoteIndex::on_update(std::function<void(const std::optional<json>&)> listener) {
  std::lock_guard lock(mu_);
  on_update_ = std::move(listener);
}

void RemoteIndex::apply(SectorIndex& index, const json& change) const {
  try {
    index.apply_change(change);
  } catch (const std::exception& e) {
    TLOG_WARN(index_log(), "sector index at {} sent a bad change: {}", root_.address, e.what());
  }
}

void RemoteIndex::refresh() {
  auto fresh = std::make_shared<SectorIndex>(nullptr);
  try {
    for (const auto& [id, declarations] : api::call(*calls_, kStorageList)) {
      const auto info = api::call(*calls_, kStorageInfo, id);
      fresh->attach(info, api::call(*calls_, kStorageStat, id));
      for (const auto& declaration : declarations) {
        fresh->declare(id, declaration.sector, static_cast<std::uint32_t>(declaration.type),
                       info.can_store);
      }
    }
  } catch (...) {
    std::lock_guard lock(mu_);
    refreshing_ = false;  // loaded_ stays false, so the next sync loads again
    during_refresh_.clear();
    throw;
  }
  std::lock_guard lock(mu_);
  // Replaying changes the snapshot may already hold is harmless: each sets the state it names,
  // and they come in the order the root made them.
  for (const auto& change : during_refresh_) apply(*fresh, change);
  during_refresh_.clear();
  refreshing_ = false;
  mirror_ = std::move(fresh);
  loaded_ = true;
  if (on_update_) on_update_(std::nullopt);
}

void RemoteIndex::watch() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, kResyncEvery, [&] { return stopping_ || !loaded_; });
    if (stopping_) return;
    lock.unlock();
    try {
      sync();  // every kResyncEvery: notices a restarted root by its Session
    } catch (const std::exception& e) {
      TLOG_WARN(index_log(), "sector index at {}: {}", root_.address, e.what());
    }
    lock.lock();
  }
}

std::shared_ptr<SectorIndex> RemoteIndex::mirror() const {
  std::lock_guard lock(mu_);
  return mirror_;
}

void RemoteIndex::attach(const StorageInfo& info, const FsStat& stat) {
  api::call(*calls_, kStorageAttach, info, stat);
}

void RemoteIndex::detach(const std::string& id, const std::string& url) {
  api::call(*calls_, kStorageDetach, id, url);
}

StorageInfo RemoteIndex::info(const std::string& id) const {
  return mirror()->info(id);
}

void RemoteIndex::report_health(const std::string& id, const FsStat& stat,
                                const std::string& error) {
  api::call(*calls_, kStorageReportHealth, id, HealthReport{stat, error});
}

FsStat RemoteIndex::stat(const std::string& id) const {
  return mirror()->stat(id);
}

void RemoteIndex::declare(const std::string& id, const SectorId& sector, std::uint32_t types,
                          bool primary) {
  api::call(*calls_, kStorageDeclareSector, id, sector, types, primary);
}

void RemoteIndex::drop(const std::string& id, const SectorId& sector, std::uint32_t types) {
  api::call(*calls_, kStorageDropSector, id, sector, types);
}

std::vector<SectorStorageInfo> RemoteIndex::find(const SectorId& sector,
                                                        std::uint32_t types,
                                                        std::uint64_t sector_size,
                                                        bool allow_fetch) const {
  return mirror()->find(sector, types, sector_size, allow_fetch);
}

std::vector<StorageInfo> RemoteIndex::best_alloc(std::uint32_t types,
                                                        std::uint64_t sector_size,
                                                        bool sealing) const {
  return mirror()->best_alloc(types, sector_size, sealing);
}

std::map<std::string, std::vector<Declaration>> RemoteIndex::list() const {
  return mirror()->list();
}

}  // namespace tessera::paths
