// The lotus "Common" API methods every tessera daemon serves: Version, Session, StartTime,
// AuthVerify, AuthNew, LogList, LogSetLevel, Shutdown, Discover (rpc.discover), Closing.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/api/method.hpp"
#include "common/encoding.hpp"

namespace tessera::jsonrpc {
class Registry;
}  // namespace tessera::jsonrpc

namespace tessera::miner {

// Process-wide facts and hooks the Common methods need.
class CommonApiState {
 public:
  // jwt_secret: the auth-jwt-private key; on_shutdown: called once by Filecoin.Shutdown.
  CommonApiState(Bytes jwt_secret, std::function<void()> on_shutdown);

  const Bytes& jwt_secret() const { return jwt_secret_; }
  // Random UUID chosen at start; a new process has a new one.
  const std::string& session() const { return session_; }
  std::chrono::system_clock::time_point start_time() const { return start_time_; }
  void request_shutdown();
  // Remembers a Closing subscriber; all are closed by close_subscribers().
  void add_closing_subscriber(api::ChannelWriter<nlohmann::json> channel);
  // Closes every Closing channel (called when the daemon shuts down).
  void close_subscribers();

 private:
  Bytes jwt_secret_;
  std::function<void()> on_shutdown_;
  std::string session_;
  std::chrono::system_clock::time_point start_time_;
  std::mutex mu_;
  bool shutdown_requested_ = false;
  std::vector<api::ChannelWriter<nlohmann::json>> closing_;
};

// Registers the Common methods on registry; state must outlive the registry's server.
void register_common_api(jsonrpc::Registry& registry, CommonApiState& state);

// Registers "rpc.discover" and Filecoin.Discover describing every method in registry; call
// after all other methods are registered.
void register_discover(jsonrpc::Registry& registry);

}  // namespace tessera::miner
