#include "common/api_info.hpp"

#include <cstdlib>
#include <regex>
#include <vector>

#include "common/error.hpp"

namespace tessera {
namespace {

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto pos = text.find(sep, start);
    parts.emplace_back(text.substr(start, pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

std::uint16_t parse_port(std::string_view text, std::string_view whole) {
  try {
    std::size_t used = 0;
    long v = std::stol(std::string(text), &used, 10);
    if (used == text.size() && v >= 0 && v <= 65535) return static_cast<std::uint16_t>(v);
  } catch (const std::exception&) {
  }
  throw InvalidInput("invalid port in \"" + std::string(whole) + "\"");
}

// host:port of a URL such as http://127.0.0.1:2345 or ws://[::1]:2345/rpc/v0.
std::pair<std::string, std::uint16_t> parse_url(std::string_view url) {
  auto scheme_end = url.find("://");
  auto rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  auto colon = rest.rfind(':');
  if (colon == std::string_view::npos) throw InvalidInput("URL without a port: " + std::string(url));
  std::string host(rest.substr(0, colon));
  if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return {host, parse_port(rest.substr(colon + 1), url)};
}

bool is_url(std::string_view address) { return address.find("://") != std::string_view::npos; }

}  // namespace

std::pair<std::string, std::uint16_t> parse_listen_multiaddr(std::string_view multiaddr) {
  auto parts = split(multiaddr, '/');
  // "", proto, host, "tcp", port, [http|ws]
  if (parts.size() < 5 || !parts[0].empty() || parts[3] != "tcp" ||
      (parts[1] != "ip4" && parts[1] != "ip6" && parts[1] != "dns" && parts[1] != "dns4" &&
       parts[1] != "dns6") ||
      parts[2].empty()) {
    throw InvalidInput("invalid API multiaddr \"" + std::string(multiaddr) +
                       "\" (want /ip4/<host>/tcp/<port>/http)");
  }
  if (parts.size() > 6 || (parts.size() == 6 && parts[5] != "http" && parts[5] != "ws")) {
    throw InvalidInput("invalid API multiaddr \"" + std::string(multiaddr) + "\"");
  }
  return {parts[2], parse_port(parts[4], multiaddr)};
}

std::string multiaddr_for(std::string_view host, std::uint16_t port) {
  bool v6 = host.find(':') != std::string_view::npos;
  return std::string(v6 ? "/ip6/" : "/ip4/") + std::string(host) + "/tcp/" + std::to_string(port) + "/http";
}

std::string ApiInfo::host() const {
  return is_url(address) ? parse_url(address).first : parse_listen_multiaddr(address).first;
}

std::uint16_t ApiInfo::port() const {
  return is_url(address) ? parse_url(address).second : parse_listen_multiaddr(address).second;
}

std::string ApiInfo::http_url(std::string_view version) const {
  auto h = host();
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  return "http://" + h + ":" + std::to_string(port()) + "/rpc/" + std::string(version);
}

ApiInfo parse_api_info(std::string_view text) {
  // lotus cli/util/apiinfo.go: a token is recognised only in JWT shape.
  static const std::regex kTokenShape(R"(^[a-zA-Z0-9\-_]+?\.[a-zA-Z0-9\-_]+?\.([a-zA-Z0-9\-_]+)?:.+$)");
  ApiInfo info;
  std::string s(text);
  if (std::regex_match(s, kTokenShape)) {
    auto colon = s.find(':');
    info.token = s.substr(0, colon);
    info.address = s.substr(colon + 1);
  } else {
    info.address = s;
  }
  return info;
}

std::string format_api_info(std::string_view env_name, const ApiInfo& info) {
  return std::string(env_name) + "=" + info.token + ":" + info.address;
}

std::optional<ApiInfo> api_info_from_env(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (const char* value = std::getenv(name); value && *value) return parse_api_info(value);
  }
  return std::nullopt;
}

}  // namespace tessera
