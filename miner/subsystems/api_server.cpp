#include "miner/subsystems/api_server.hpp"

#include "common/api_info.hpp"

namespace tessera::miner {

ApiServerConfig ApiServerConfig::from(const repo::Config& config,
                                      std::optional<std::uint16_t> api_port) {
  if (api_port) return ApiServerConfig{"127.0.0.1", *api_port};
  auto [host, port] = parse_listen_multiaddr(config.get_string("API", "ListenAddress"));
  return ApiServerConfig{host, port};
}

ApiServer::ApiServer(const ApiServerConfig& config, const jsonrpc::Registry& registry,
                     const Bytes& jwt_secret)
    : host_(config.host),
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

}  // namespace tessera::miner
