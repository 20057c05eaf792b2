// One JSON-RPC request in, one reply out, following go-jsonrpc (the library lotus uses):
// positional params with an exact count, its error codes and messages, permission checks, no
// reply to notifications, no "result" key for error-only methods.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/jsonrpc/registry.hpp"

namespace tessera::jsonrpc {

inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kMethodError = 1;  // errors returned by a method

struct DispatchResult {
  std::optional<std::string> reply;  // absent for notifications
  int http_status = 200;             // what go-jsonrpc answers over HTTP
  // For channel calls: called once the reply has been queued, so values follow the reply.
  std::function<void()> after_reply;
};

// Creates the sink of a new channel whose values follow the reply (WebSocket only).
using ChannelFactory = std::function<std::shared_ptr<ChannelSink>(std::uint64_t channel_id)>;

class Dispatcher {
 public:
  explicit Dispatcher(const Registry& registry) : registry_(registry) {}

  // Handles one request text from a caller holding perms. make_channel is null over HTTP.
  // Never throws: every failure becomes a JSON-RPC error reply.
  DispatchResult handle(std::string_view body, const std::vector<std::string>& perms,
                        const ChannelFactory* make_channel,
                        std::shared_ptr<std::atomic<bool>> cancelled = nullptr) const;

 private:
  const Registry& registry_;
};

}  // namespace tessera::jsonrpc
