// A miner that does not hold the sector index (a PoSt-miner or a sealing miner with
// [Subsystems] SectorIndexApiInfo set) uses the root miner's: its writes go to the root, its
// reads come from a mirror. The mirror is loaded once when the root's push channel
// (StorageIndexSubscribe) is opened, then kept current by the changes the channel pushes (each
// applied as is, no call back to the root); when the channel drops or the root restarts (its
// Session changes) it is loaded again, and this process announces its paths again.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/api_info.hpp"
#include "storage/index/sector_index.hpp"

namespace tessera::jsonrpc {
class Client;
}

namespace tessera::paths {

class RemoteIndex : public IndexApi {
 public:
  // root: SectorIndexApiInfo ("TOKEN:MULTIADDR" of the root miner, admin token).
  // on_root_restart runs on a background thread after the root came back with a new Session.
  RemoteIndex(const ApiInfo& root, std::function<void()> on_root_restart);
  ~RemoteIndex() override;

  // Subscribes to the root's changes and loads the mirror, then keeps both current in the
  // background. IoError naming the root when it cannot be reached within 10 s.
  void start();
  // Stops the background sync and waits for it; idempotent. Called by the destructor too.
  void stop();
  // Calls listener (set before start) with each change the root pushes, once the mirror has it,
  // and with nullopt each time the mirror is loaded again (changes may have been missed: a
  // relay's own subscribers must reload). Runs under the mirror's lock; must not call back.
  void on_update(std::function<void(const std::optional<nlohmann::json>&)> listener);

  void attach(const StorageInfo& info, const FsStat& stat) override;
  void detach(const std::string& id, const std::string& url) override;
  StorageInfo info(const std::string& id) const override;
  void report_health(const std::string& id, const FsStat& stat,
                     const std::string& error) override;
  FsStat stat(const std::string& id) const override;
  void declare(const std::string& id, const SectorId& sector, std::uint32_t types,
               bool primary) override;
  void drop(const std::string& id, const SectorId& sector, std::uint32_t types) override;
  std::vector<SectorStorageInfo> find(const SectorId& sector, std::uint32_t types,
                                             std::uint64_t sector_size,
                                             bool allow_fetch) const override;
  std::vector<StorageInfo> best_alloc(std::uint32_t types, std::uint64_t sector_size,
                                             bool sealing) const override;
  std::map<std::string, std::vector<Declaration>> list() const override;

 private:
  // Checks the root's Session; when the channel is not open (or the root restarted), opens it
  // and reloads the mirror.
  void sync();
  // Loads a new mirror from the root, then replays the changes pushed meanwhile.
  void refresh();
  // A change pushed by the root.
  void on_change(const nlohmann::json& change);
  // Applies a pushed change to index; a malformed one is logged and skipped.
  void apply(SectorIndex& index, const nlohmann::json& change) const;
  std::shared_ptr<SectorIndex> mirror() const;
  void watch();

  ApiInfo root_;
  std::function<void()> on_root_restart_;
  std::function<void(const std::optional<nlohmann::json>&)> on_update_;
  std::unique_ptr<jsonrpc::Client> calls_;    // HTTP: the root's Storage* methods
  std::unique_ptr<jsonrpc::Client> channel_;  // WebSocket: StorageIndexSubscribe
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::shared_ptr<SectorIndex> mirror_;
  std::string session_;
  bool channel_open_ = false;
  bool loaded_ = false;  // the mirror was loaded while the channel was open
  bool refreshing_ = false;
  std::vector<nlohmann::json> during_refresh_;  // changes pushed while refreshing
  bool stopping_ = false;
  std::thread watcher_;
};

}  // namespace tessera::paths
