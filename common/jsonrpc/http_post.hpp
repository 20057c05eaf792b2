// One HTTP/1.1 POST with a deadline: what the JSON-RPC client sends its calls with, and what a
// PoSt prover asks another machine's /remote/vanilla/single with. Connecting, sending and the
// whole answer share one timeout, so a server that accepts and never answers costs no more.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace tessera::jsonrpc {

// The request was sent but no (complete) answer came back: the server may have acted on it.
class NoAnswer : public IoError {
 public:
  using IoError::IoError;
};

struct HttpTarget {
  std::string host;
  std::uint16_t port = 0;
  std::string path;  // "/remote/vanilla/single"
};

struct HttpReply {
  int status = 0;
  std::string body;
};

// "http://host:port/path" (IPv6 hosts in brackets). InvalidInput for another scheme, no port,
// or no path.
HttpTarget parse_http_url(std::string_view url);

// POSTs body (of content_type) to target with "Authorization: Bearer <token>" (none for an
// empty token) and returns the answer, whatever its status. Throws IoError naming host:port when
// it cannot resolve or connect within timeout, NoAnswer when the answer does not come in time or
// the connection drops first.
HttpReply http_post(const HttpTarget& target, std::string_view token, std::string_view content_type,
                    const std::string& body, std::chrono::milliseconds timeout);

}  // namespace tessera::jsonrpc
