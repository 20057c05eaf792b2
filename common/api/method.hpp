// One declaration per API method, used both to serve it and to call it (lotus's api/*.go with
// its generated proxies as the model):
//
//   inline constexpr api::Method<paths::FsStat(std::string)> kStorageStat{
//       "Filecoin.StorageStat", api::Perm::kAdmin};
//   api::serve(registry, kStorageStat, [&](const std::string& id) { return index.stat(id); });
//   paths::FsStat stat = api::call(client, kStorageStat, id);
//
// The name, the permission, the parameter count and the JSON shapes (Codec<T>) therefore exist
// once. A void result sends no "result" key (go-jsonrpc's error-only methods); a Channel<V>
// result makes a channel method whose values are V. Errors keep their type across the wire
// (common/jsonrpc/error_codes.hpp).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "common/api/codec.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jsonrpc/registry.hpp"

namespace tessera::api {

enum class Perm { kRead, kWrite, kSign, kAdmin };

// "read", "write", "sign" or "admin", as lotus's perm tags and JWT Allow lists spell them.
constexpr std::string_view perm_name(Perm perm) {
  switch (perm) {
    case Perm::kRead:
      return "read";
    case Perm::kWrite:
      return "write";
    case Perm::kSign:
      return "sign";
    case Perm::kAdmin:
      return "admin";
  }
  return "admin";
}

// The result of a channel method: the call answers with a channel id, then values V follow.
template <class V>
struct Channel {};

// The serving side of a channel: sends values V in their JSON shape. Copyable; all copies write
// to the same channel.
template <class V>
class ChannelWriter {
 public:
  explicit ChannelWriter(std::shared_ptr<jsonrpc::ChannelSink> sink) : sink_(std::move(sink)) {}
  // Sends one value; false once the channel or its connection is closed.
  bool send(const V& value) const { return sink_->send(Codec<V>::encode(value)); }
  // Closes the channel; idempotent.
  void close() const { sink_->close(); }
  bool closed() const { return sink_->closed(); }

 private:
  std::shared_ptr<jsonrpc::ChannelSink> sink_;
};

template <class Signature>
struct Method;

template <class R, class... Ps>
struct Method<R(Ps...)> {
  std::string_view name;  // "Filecoin.StorageStat"
  Perm perm;
};

inline constexpr std::chrono::milliseconds kDefaultTimeout = std::chrono::seconds(30);

namespace detail {

template <class T>
struct IsChannel : std::false_type {};
template <class V>
struct IsChannel<Channel<V>> : std::true_type {
  using Writer = ChannelWriter<V>;
};

template <class... Ps>
nlohmann::json encode_params(const Ps&... args) {
  return nlohmann::json::array({Codec<Ps>::encode(args)...});
}

template <class R>
R decode_result(const nlohmann::json& result) {
  if constexpr (std::is_void_v<R>) {
    return;
  } else {
    return Codec<R>::decode(result);
  }
}

// Calls handler with each parameter decoded, passing the call context first when it takes it.
template <class R, class... Ps, class F, std::size_t... I>
nlohmann::json invoke(F& handler, const nlohmann::json& params, jsonrpc::CallContext& call,
                      std::index_sequence<I...>) {
  std::tuple<Ps...> args{Codec<Ps>::decode(params[I])...};
  auto run = [&]() -> decltype(auto) {
    if constexpr (IsChannel<R>::value) {
      if (!call.channel) throw InvalidInput("this method needs a WebSocket connection");
      return handler(typename IsChannel<R>::Writer(call.channel), std::get<I>(args)...);
    } else if constexpr (std::is_invocable_v<F&, jsonrpc::CallContext&, const Ps&...>) {
      return handler(call, std::get<I>(args)...);
    } else {
      return handler(std::get<I>(args)...);
    }
  };
  if constexpr (std::is_void_v<R> || IsChannel<R>::value) {
    run();
    return nlohmann::json();
  } else {
    return Codec<R>::encode(run());
  }
}

}  // namespace detail

// Registers method on registry with handler, which takes the decoded parameters (optionally
// preceded by jsonrpc::CallContext&) and returns R; for a Channel<V> method it takes a
// ChannelWriter<V> and the parameters instead. InvalidInput when the name is taken.
template <class R, class... Ps, class F>
void serve(jsonrpc::Registry& registry, const Method<R(Ps...)>& method, F handler) {
  registry.add(jsonrpc::Method{
      std::string(method.name), std::string(perm_name(method.perm)), sizeof...(Ps),
      [handler = std::move(handler)](const nlohmann::json& params,
                                     jsonrpc::CallContext& call) mutable {
        return detail::invoke<R, Ps...>(handler, params, call, std::index_sequence_for<Ps...>{});
      },
      !std::is_void_v<R>, detail::IsChannel<R>::value});
}

// Calls method through client with the given arguments and decodes its result. Throws the typed
// error the server sent (NotFound, InvalidInput, ...), RpcError for other error replies, IoError
// when the server cannot be reached or does not answer within timeout.
template <class R, class... Ps>
R call_within(std::chrono::milliseconds timeout, jsonrpc::Client& client,
              const Method<R(Ps...)>& method, const std::type_identity_t<Ps>&... args) {
  static_assert(!detail::IsChannel<R>::value, "channel methods are called with subscribe()");
  return detail::decode_result<R>(
      client.call(method.name, detail::encode_params<Ps...>(args...), timeout));
}

// call_within with the default timeout (30 s).
template <class R, class... Ps>
R call(jsonrpc::Client& client, const Method<R(Ps...)>& method,
       const std::type_identity_t<Ps>&... args) {
  return call_within(kDefaultTimeout, client, method, args...);
}

// Opens channel method through client (a WebSocket one): on_value gets each decoded value (a
// value that does not decode is passed to on_bad_value, or dropped), on_close runs once when the
// channel ends. Both run on the client's reader thread. Throws as call().
template <class V, class... Ps>
void subscribe(jsonrpc::Client& client, const Method<Channel<V>(Ps...)>& method,
               std::type_identity_t<std::function<void(V)>> on_value,
               std::function<void()> on_close,
               std::function<void(const std::exception&)> on_bad_value,
               const std::type_identity_t<Ps>&... args) {
  jsonrpc::ChannelHandlers handlers{
      [on_value = std::move(on_value),
       on_bad_value = std::move(on_bad_value)](const nlohmann::json& value) {
        try {
          on_value(Codec<V>::decode(value));
        } catch (const std::exception& e) {
          if (on_bad_value) on_bad_value(e);
        }
      },
      std::move(on_close)};
  client.subscribe(method.name, detail::encode_params<Ps...>(args...), std::move(handlers),
                   kDefaultTimeout);
}

}  // namespace tessera::api
