// Where an API is and the token to call it with: lotus's "TOKEN:MULTIADDR" API info strings
// (MINER_API_INFO, FULLNODE_API_INFO, ...) and multiaddr <-> host:port.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace tessera {

struct ApiInfo {
  std::string token;    // empty: calls carry no token (read permission)
  std::string address;  // multiaddr (/ip4/127.0.0.1/tcp/2345/http) or http(s)/ws(s) URL

  std::string host() const;
  std::uint16_t port() const;
  // http://host:port/rpc/<version> (a URL address gets /rpc/<version> appended).
  std::string http_url(std::string_view version = "v0") const;
};

// Parses "TOKEN:ADDR" (the token must look like a JWT, else the whole string is the address).
ApiInfo parse_api_info(std::string_view text);
// "<env_name>=<token>:<address>".
std::string format_api_info(std::string_view env_name, const ApiInfo& info);
// The first of the environment variables that is set, parsed.
std::optional<ApiInfo> api_info_from_env(std::initializer_list<const char*> names);

// "/ip4/<host>/tcp/<port>/http" (/ip6/ for an IPv6 host).
std::string multiaddr_for(std::string_view host, std::uint16_t port);
// Host and port of /ip4|/ip6|/dns|/dns4|/dns6 .../tcp/<port>[/http|/ws]; InvalidInput otherwise.
std::pair<std::string, std::uint16_t> parse_listen_multiaddr(std::string_view multiaddr);

}  // namespace tessera
