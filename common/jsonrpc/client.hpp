// A JSON-RPC client in go-jsonrpc conventions, for the miner and full-node APIs: positional
// params, "Authorization: Bearer" tokens, HTTP POST or a WebSocket that also carries channels
// (xrpc.ch.val / xrpc.ch.close). Connection attempts retry with exponential backoff for as long
// as ClientOptions allows; a dropped WebSocket is re-dialled on the next call. Boost.Beast and
// nlohmann stay out of this header's includers' way (json_fwd only).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "common/api_info.hpp"
#include "common/error.hpp"

namespace tessera::jsonrpc {

enum class Transport { kHttp, kWebSocket };

// An error reply from the server: code and message as go-jsonrpc sent them.
class RpcError : public Error {
 public:
  RpcError(int code, const std::string& message) : Error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

struct ClientOptions {
  // How long a failed connection attempt is retried (delays 100 ms, doubling, at most 5 s).
  // Zero: one attempt, fail at once (what a CLI command wants).
  std::chrono::milliseconds reconnect_for{0};
  // Over HTTP, also re-send (within reconnect_for) a request whose answer was lost after it was
  // sent. Only for idempotent calls: the server may have acted on the first one.
  bool resend_unanswered = false;
  // The endpoint: "/rpc/v0" for a miner or worker, "/rpc/v1" for a full node's v1 API.
  std::string rpc_path = "/rpc/v0";
};

// Values of a subscribed channel; on_close runs once, when the server closes the channel or
// the connection is lost. Both run on the client's reader thread.
struct ChannelHandlers {
  std::function<void(const nlohmann::json& value)> on_value;
  std::function<void()> on_close;
};

class Client {
 public:
  virtual ~Client() = default;

  // A client for info's address and token. Connects lazily (the first call dials).
  static std::unique_ptr<Client> connect(const ApiInfo& info, Transport transport,
                                         ClientOptions options = {});

  // Calls method ("Filecoin.Version") with positional params (a JSON array). Returns the
  // result (null when the reply had none). Throws RpcError for an error reply, IoError when
  // the server cannot be reached or does not answer within timeout.
  virtual nlohmann::json call(std::string_view method, const nlohmann::json& params,
                              std::chrono::milliseconds timeout = std::chrono::seconds(30)) = 0;

  // Calls a channel method (WebSocket only) and routes the channel's values to handlers.
  // Throws as call(); InvalidInput over HTTP.
  virtual void subscribe(std::string_view method, const nlohmann::json& params,
                         ChannelHandlers handlers,
                         std::chrono::milliseconds timeout = std::chrono::seconds(30)) = 0;
};

}  // namespace tessera::jsonrpc
