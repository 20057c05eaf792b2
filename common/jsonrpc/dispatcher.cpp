#include "common/jsonrpc/dispatcher.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/jsonrpc/error_codes.hpp"
#include "common/log.hpp"
#include "common/metrics/metrics.hpp"

namespace tessera::jsonrpc {
namespace {

using nlohmann::json;

std::atomic<std::uint64_t> next_channel_id{1};

// Serialises a reply; invalid UTF-8 (a parse error quoting the request's bytes, a handler's
// string) becomes U+FFFD as Go's encoding/json writes it, instead of throwing.
std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string error_reply(const json& id, int code, const std::string& message) {
  return dump(
      json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

// go-jsonrpc answers 400 for invalid requests and 500 for the other protocol errors.
int status_for(int code) {
  return code == kInvalidRequest ? 400 : 500;
}

DispatchResult protocol_error(const json& id, int code, const std::string& message) {
  TLOG_WARN(log::get("rpc"), "RPC Error: {}", message);
  return DispatchResult{error_reply(id, code, message), status_for(code), {}};
}

void record(const std::string& method, bool ok, std::chrono::steady_clock::duration took) {
  std::string labels = "method=\"" + method + "\"";
  metrics::add_counter("tessera_rpc_requests_total", "JSON-RPC requests by method and outcome.",
                       labels + ",status=\"" + (ok ? "ok" : "error") + "\"");
  metrics::observe_histogram("tessera_rpc_request_duration_seconds", "JSON-RPC request latency.",
                             labels, std::chrono::duration<double>(took).count());
}

}  // namespace

DispatchResult Dispatcher::handle(std::string_view body, const std::vector<std::string>& perms,
                                  const ChannelFactory* make_channel,
                                  std::shared_ptr<std::atomic<bool>> cancelled) const {
  if (json_nesting_depth(body) > kMaxNestingDepth) {
    return protocol_error(nullptr, kParseError, "unmarshaling request: exceeded max depth");
  }
  json request;
  try {
    request = json::parse(body);
  } catch (const json::exception& e) {
    return protocol_error(nullptr, kParseError, std::string("unmarshaling request: ") + e.what());
  }
  if (!request.is_object())
    return protocol_error(nullptr, kInvalidRequest, "invalid request: not an object");
  const bool notification = !request.contains("id");
  json id = notification ? json(nullptr) : request["id"];
  if (!id.is_null() && !id.is_number_integer() && !id.is_string()) {
    return protocol_error(nullptr, kInvalidRequest, "invalid request: bad id");
  }
  if (!request.contains("method") || !request["method"].is_string()) {
    return protocol_error(id, kInvalidRequest, "invalid request: no method");
  }
  const std::string name = request["method"].get<std::string>();
  json params = request.value("params", json::array());
  if (params.is_null()) params = json::array();
  if (!params.is_array())
    return protocol_error(id, kInvalidRequest, "invalid request: params must be an array");

  const Method* method = registry_.find(name);
  if (!method) {
    record("unknown", false, {});
    return protocol_error(id, kMethodNotFound, "method '" + name + "' not found");
  }
  if (params.size() != method->param_count) {
    record(name, false, {});
    return protocol_error(id, kInvalidParams,
                          "wrong param count (method '" + name +
                              "'): " + std::to_string(params.size()) +
                              " != " + std::to_string(method->param_count));
  }
  if (method->channel && !make_channel) {
    return protocol_error(
        id, kMethodNotFound,
        "method '" + name + "' not supported in this mode (no out channel support)");
  }
  auto start = std::chrono::steady_clock::now();
  if (std::find(perms.begin(), perms.end(), method->perm) == perms.end()) {
    record(name, false, std::chrono::steady_clock::now() - start);
    auto short_name = name.substr(name.find('.') + 1);
    DispatchResult denied{error_reply(id, kMethodError,
                                      "missing permission to invoke '" + short_name + "' (need '" +
                                          method->perm + "')"),
                          200,
                          {}};
    if (notification) denied.reply.reset();
    return denied;
  }

  CallContext call{perms, nullptr,
                   cancelled ? cancelled : std::make_shared<std::atomic<bool>>(false)};
  std::uint64_t channel_id = 0;
  if (method->channel) {
    channel_id = next_channel_id++;
    call.channel = (*make_channel)(channel_id);
  }
  DispatchResult result;
  try {
    json value = method->handler(params, call);
    json reply = {{"jsonrpc", "2.0"}, {"id", id}};
    if (method->channel) {
      reply["result"] = channel_id;
    } else if (method->returns_value) {
      reply["result"] = std::move(value);
    }
    result.reply = dump(reply);
    record(name, true, std::chrono::steady_clock::now() - start);
  } catch (const std::exception& e) {
    if (call.channel) call.channel->close();
    TLOG_DEBUG(log::get("rpc"), "{} failed: {}", name, e.what());
    result.reply = error_reply(id, error_code_of(e), e.what());
    record(name, false, std::chrono::steady_clock::now() - start);
  }
  if (notification) result.reply.reset();
  return result;
}

std::size_t json_nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace tessera::jsonrpc
