// The JSON-RPC method table: what each Filecoin.* method needs (permission, parameter count)
// and the handler that serves it. Transport-free; see dispatcher.hpp and server.hpp.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::jsonrpc {

// The out side of a channel (go-jsonrpc "xrpc.ch.*" over WebSocket).
class ChannelSink {
 public:
  virtual ~ChannelSink() = default;
  // Sends one value; false once the channel or its connection is closed.
  virtual bool send(const nlohmann::json& value) = 0;
  // Closes the channel (xrpc.ch.close); idempotent.
  virtual void close() = 0;
  virtual bool closed() const = 0;
};

struct CallContext {
  std::vector<std::string> perms;              // the caller's permissions
  std::shared_ptr<ChannelSink> channel;        // set for channel methods over WebSocket
  std::shared_ptr<std::atomic<bool>> cancelled = std::make_shared<std::atomic<bool>>(false);
};

using Handler = std::function<nlohmann::json(const nlohmann::json& params, CallContext& call)>;

struct Method {
  std::string name;          // "Filecoin.Version"
  std::string perm;          // read | write | sign | admin
  std::size_t param_count = 0;
  Handler handler;
  bool returns_value = true;  // false: success replies carry no "result" key
  bool channel = false;       // result is a channel id; values follow as notifications
};

class Registry {
 public:
  // Adds a method; throws InvalidInput if the name is taken.
  void add(Method method);
  // The method, or nullptr.
  const Method* find(std::string_view name) const;
  // All method names, sorted.
  std::vector<std::string> names() const;

 private:
  std::map<std::string, Method, std::less<>> methods_;
};

}  // namespace tessera::jsonrpc
