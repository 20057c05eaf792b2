// One HTTP/1.1 call with a deadline: the POST the JSON-RPC client sends its calls with and a
// PoSt prover asks another machine's /remote/vanilla/single with (connecting, sending and the
// whole answer share one timeout, so a server that accepts and never answers costs no more);
// the streamed GET and the DELETE that move sector files between machines' /remote.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
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

// DELETEs target (with the token as http_post) and returns the answer, whatever its status;
// errors as http_post.
HttpReply http_delete(const HttpTarget& target, std::string_view token,
                      std::chrono::milliseconds timeout);

// A streamed GET's answer: its status and Content-Type; for a status other than 200, the start
// of its body (at most 64 KiB, for the error message) instead of handing it to the sink.
struct HttpStreamReply {
  int status = 0;
  std::string content_type;
  std::string error_body;
};

// GETs target, handing a 200 answer's body to sink piece by piece as it arrives, so a 32 GiB
// sealed file never sits in memory. idle bounds connecting and each wait for the next bytes,
// not the whole transfer. IoError as http_post when it cannot connect, NoAnswer when the
// answer stops coming or the connection drops before its end; what sink throws passes through.
HttpStreamReply http_get_stream(const HttpTarget& target, std::string_view token,
                                const std::function<void(const std::uint8_t*, std::size_t)>& sink,
                                std::chrono::milliseconds idle);

}  // namespace tessera::jsonrpc
