#include "miner/subsystems/api_server.hpp"

#include <string_view>
#include <tuple>

#include "common/api_info.hpp"
#include "common/error.hpp"

namespace tessera::miner {
namespace {

// lotus node/config/def.go defCommon: API.RemoteListenAddress.
constexpr std::string_view kLotusDefaultRemoteListenAddress = "127.0.0.1:2345";

}  // namespace

ApiServerConfig ApiServerConfig::from(const repo::Config& config,
                                      std::optional<std::uint16_t> api_port) {
  ApiServerConfig out{"127.0.0.1", api_port.value_or(0), ""};
  if (!api_port)
    std::tie(out.host, out.port) =
        parse_listen_multiaddr(config.get_string("API", "ListenAddress"));
  const auto remote = config.get_string("API", "RemoteListenAddress");
  if (remote != kLotusDefaultRemoteListenAddress) {
    const auto colon = remote.rfind(':');
    const auto port = colon == std::string::npos ? std::string() : remote.substr(colon + 1);
    if (colon == 0 || port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535)
      throw InvalidInput("[API] RemoteListenAddress \"" + remote + "\": expected <host>:<port>");
    out.remote_address = remote;
  }
  return out;
}

ApiServer::ApiServer(const ApiServerConfig& config, const jsonrpc::Registry& registry,
                     const Bytes& jwt_secret)
    : host_(config.host),
      remote_address_(config.remote_address),
      server_(registry, jsonrpc::Authenticator(jwt_secret),
              jsonrpc::ServerOptions{.host = config.host, .port = config.port}),
      port_(server_.listen()) {}

void ApiServer::start() {
  server_.start();
}

void ApiServer::stop() {
  server_.stop();
}

void ApiServer::add_route(std::string prefix, jsonrpc::HttpRoute route) {
  server_.add_http_route(std::move(prefix), std::move(route));
}

std::string ApiServer::multiaddr() const {
  return multiaddr_for(host_, port_);
}

std::string ApiServer::url() const {
  return "http://" + host_ + ":" + std::to_string(port_);
}

std::string ApiServer::remote_url() const {
  return (remote_address_.empty() ? url() : "http://" + remote_address_) + "/remote";
}

}  // namespace tessera::miner
