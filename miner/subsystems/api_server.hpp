// The API server subsystem: the miner's JSON-RPC API (/rpc/v0), /debug/metrics and the HTTP
// routes other subsystems add (/remote), on [API] ListenAddress or --miner-api. It binds when
// made, so the others know the URL before anything is served, and serves from start().
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "miner/subsystem.hpp"
#include "storage/repo/config.hpp"

namespace tessera::miner {

// Where the API listens: --miner-api (127.0.0.1:<port>) or [API] ListenAddress; and the
// address other machines reach its /remote at.
struct ApiServerConfig {
  std::string host;
  std::uint16_t port = 0;
  // "<host>:<port>" from [API] RemoteListenAddress; empty = the bound address. lotus always
  // builds its /remote URL from that key (default "127.0.0.1:2345"); tessera reads it only when
  // it is set to something else, so a miner on --miner-api or another ListenAddress port keeps
  // a URL that works on one machine.
  std::string remote_address;

  // InvalidInput for a ListenAddress that is not /ip4|ip6/<ip>/tcp/<port>[/http], or a
  // RemoteListenAddress that is not <host>:<port>.
  static ApiServerConfig from(const repo::Config& config, std::optional<std::uint16_t> api_port);
};

class ApiServer final : public Subsystem {
 public:
  // Binds the address (IoError when taken); the registry must outlive this.
  ApiServer(const ApiServerConfig& config, const jsonrpc::Registry& registry,
            const Bytes& jwt_secret);

  std::string_view name() const override { return "api"; }
  void start() override;
  void stop() override;

  // Adds an HTTP route; before start().
  void add_route(std::string prefix, jsonrpc::HttpRoute route);
  // "/ip4/<host>/tcp/<port>/http" of the bound address.
  std::string multiaddr() const;
  // "http://<host>:<port>" of the bound address.
  std::string url() const;
  // "http://<RemoteListenAddress>/remote", or url() + "/remote": what the sector index
  // advertises for this process's storage paths.
  std::string remote_url() const;

 private:
  std::string host_;
  std::string remote_address_;
  jsonrpc::Server server_;
  std::uint16_t port_;
};

}  // namespace tessera::miner
