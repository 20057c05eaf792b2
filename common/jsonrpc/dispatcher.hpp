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

// Requests nested deeper than this get a parse error ("exceeded max depth", as Go's
// encoding/json says past its limit of 10000). They must never become a json value: its copy
// and dump recurse (~150 bytes of stack a level), and 10000 levels would already need more
// than 1 MiB of a server thread's stack. No API type comes close to 1000.
inline constexpr std::size_t kMaxNestingDepth = 1000;

// The deepest nesting of arrays and objects in a JSON text (brackets inside strings ignored).
// Requests nested deeper than kMaxNestingDepth get a parse error before they are parsed.
std::size_t json_nesting_depth(std::string_view text);

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
