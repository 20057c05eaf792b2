// The JSON-RPC server lotus clients talk to: /rpc/v0 (or other paths) over HTTP POST and WebSocket
// (channels included), JWT permissions from "Authorization: Bearer" or ?token=, /debug/metrics, and
// extra HTTP routes registered by the daemon. Boost.Beast stays inside server.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/encoding.hpp"
#include "common/jsonrpc/registry.hpp"

namespace tessera::jsonrpc {

struct HttpRequest {
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // path and query
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::vector<std::string> perms;  // the caller's permissions
};

// A response body produced piece by piece instead of held in memory (a 32 GiB sealed file):
// exactly `length` bytes, in order. read(buffer, max) fills 1..max bytes and returns how many;
// it is called from a server thread, one call at a time. An exception, or 0 before `length`
// bytes, cuts the connection, so the client sees a body shorter than its Content-Length.
struct StreamedBody {
  std::uint64_t length = 0;
  std::function<std::size_t(std::uint8_t* buffer, std::size_t max)> read;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  // Further response headers (name, value), e.g. Content-Range; Content-Length is set by the
  // server.
  std::vector<std::pair<std::string, std::string>> headers = {};
  // When set, the body is streamed from it and `body` is ignored.
  std::optional<StreamedBody> stream = std::nullopt;
};

using HttpRoute = std::function<HttpResponse(const HttpRequest&)>;

// Turns a request's credentials into permissions, as go-jsonrpc's auth handler does.
class Authenticator {
 public:
  // Checks a token's bearer token: its permissions, PermissionDenied when it does not verify.
  using Verifier = std::function<std::vector<std::string>(std::string_view token)>;

  // Tokens signed with secret (this process's JWT key).
  explicit Authenticator(Bytes secret) : secret_(std::move(secret)) {}
  // Tokens checked by verify, e.g. another process's AuthVerify (a worker asks its miner).
  explicit Authenticator(Verifier verify) : verify_(std::move(verify)) {}
  // authorization: the Authorization header (may be empty); query_token: ?token= (may be
  // empty). No credentials -> {"read"}. Throws PermissionDenied (HTTP 401) for a header
  // without "Bearer " or a token that does not verify.
  std::vector<std::string> permissions(std::string_view authorization,
                                       std::string_view query_token) const;

 private:
  Bytes secret_;
  Verifier verify_;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;      // 0: any free port
  std::size_t threads = 2;     // network threads (reading, writing); calls run on their own pool
  std::size_t max_calls = 64;  // calls running at once, each on a call-pool thread
  std::size_t max_body_bytes = 16 << 20;
  // JSON-RPC endpoints (HTTP POST and WebSocket); lotus serves /rpc/v0, a full node also /rpc/v1.
  std::vector<std::string> rpc_paths = {"/rpc/v0"};
};

class Server {
 public:
  Server(const Registry& registry, Authenticator auth, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Serves GET/POST on paths starting with prefix (checked before /rpc/v0 and /debug/metrics);
  // call before start().
  void add_http_route(std::string prefix, HttpRoute route);
  // Binds the listening socket (connections wait until start()); returns the bound port, so a
  // daemon knows its URL before it serves. IoError when the address is taken. Idempotent.
  std::uint16_t listen();
  // Binds (if listen() was not called) and starts serving; returns the bound port. Throws
  // IoError when the address is taken.
  std::uint16_t start();
  // Stops accepting, cancels the calls in flight (their handlers see CallContext::cancelled)
  // and waits for them, writes their replies, closes every connection and joins the threads.
  // A peer that does not read its replies is cut off after 2 s. Idempotent.
  void stop();

  struct Impl;  // defined in server.cpp (sessions there need it)

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace tessera::jsonrpc
