#include "common/jsonrpc/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <atomic>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "common/jsonrpc/error_codes.hpp"
#include "common/jsonrpc/http_post.hpp"
#include "common/log.hpp"

namespace tessera::jsonrpc {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

auto& client_log() {
  static auto log = log::get("rpc");
  return log;
}

constexpr std::chrono::milliseconds kFirstRetryDelay = 100ms;
constexpr std::chrono::milliseconds kMaxRetryDelay = 5s;

// Runs attempt() until it succeeds or options.reconnect_for is spent, sleeping with exponential
// backoff between failed attempts (IoError only: other errors are not about reachability).
template <class Attempt>
auto with_backoff(const ClientOptions& options, const std::string& what, Attempt attempt) {
  auto give_up = Clock::now() + options.reconnect_for;
  auto delay = kFirstRetryDelay;
  for (;;) {
    try {
      return attempt();
    } catch (const IoError& e) {
      if (Clock::now() + delay > give_up) throw;
      client_log()->warn("{} failed: {}; retrying in {}ms", what, e.what(), delay.count());
      std::this_thread::sleep_for(delay);
      delay = std::min(delay * 2, kMaxRetryDelay);
    }
  }
}

json request_json(std::uint64_t id, std::string_view method, const json& params) {
  if (!params.is_array()) throw InvalidInput("JSON-RPC params must be an array");
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
}

// The result of a reply object, or the typed error (or RpcError) it carries.
json result_of(const json& reply) {
  if (!reply.is_object()) throw IoError("malformed JSON-RPC reply: " + reply.dump());
  if (auto error = reply.find("error"); error != reply.end() && !error->is_null()) {
    const auto code = error->find("code");
    const auto message = error->find("message");
    throw_error_for(
        code != error->end() && code->is_number_integer() ? code->get<int>() : 0,
        message != error->end() && message->is_string() ? message->get<std::string>()
                                                         : std::string("(no message)"));
  }
  auto result = reply.find("result");
  return result == reply.end() ? json() : *result;
}

// Runs the io_context until its queued operations finish; IoError on a failed operation.
void run_all(net::io_context& ioc, beast::error_code& ec, const std::string& what) {
  ioc.restart();
  ioc.run();
  if (ec) throw IoError(what + ": " + ec.message());
}

std::string where(const ApiInfo& info) {
  return info.host() + ":" + std::to_string(info.port());
}

class HttpClient final : public Client {
 public:
  HttpClient(ApiInfo info, ClientOptions options) : info_(std::move(info)), options_(options) {}

  json call(std::string_view method, const json& params,
            std::chrono::milliseconds timeout) override {
    auto body = request_json(next_id_++, method, params).dump();
    auto [status, text] = with_backoff(options_, "connecting to " + where(info_),
                                       [&] { return post(body, timeout); });
    if (status == 401 || status == 403)
      throw PermissionDenied(text.empty() ? "unauthorized" : text);
    json reply = json::parse(text, nullptr, false);
    if (reply.is_discarded())
      throw IoError("HTTP " + std::to_string(status) + " from " + where(info_) + ": " + text);
    return result_of(reply);
  }

  void subscribe(std::string_view method, const json&, ChannelHandlers,
                 std::chrono::milliseconds) override {
    throw InvalidInput("channel method " + std::string(method) + " needs a WebSocket connection");
  }

 private:
  std::pair<int, std::string> post(const std::string& body, std::chrono::milliseconds timeout) {
    try {
      auto reply = http_post(HttpTarget{info_.host(), info_.port(), options_.rpc_path},
                             info_.token, "application/json", body, timeout);
      return {reply.status, std::move(reply.body)};
    } catch (const NoAnswer& e) {
      // The server may have acted on the request: send it again only for idempotent calls.
      if (options_.resend_unanswered) throw;
      throw Error(e.what());
    }
  }

  ApiInfo info_;
  ClientOptions options_;
  std::atomic<std::uint64_t> next_id_{1};
};

// One WebSocket connection: a reader thread runs the io_context; writes are queued on it.
class WsConnection : public std::enable_shared_from_this<WsConnection> {
 public:
  static std::shared_ptr<WsConnection> open(const ApiInfo& info, const std::string& rpc_path,
                                            std::chrono::milliseconds timeout) {
    auto conn = std::shared_ptr<WsConnection>(new WsConnection());
    conn->handshake(info, rpc_path, timeout);
    conn->read_next();  // queued before the reader thread starts, so run() has work
    conn->reader_ = std::thread([conn = conn.get()] { conn->ioc_.run(); });
    return conn;
  }

  // Closes the socket, joins the reader thread and runs what is left queued (which releases
  // the handlers' references to this). Call before dropping the owner's reference.
  void close() {
    net::post(ioc_, [this] {
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
    });
    if (reader_.joinable()) reader_.join();
    ioc_.restart();
    ioc_.run();
  }

  bool alive() const { return alive_; }

  // Sends one request and waits for its reply; with channel set, the result's channel id is
  // registered for channel before any later message is read.
  json call(std::string_view method, const json& params, std::optional<ChannelHandlers> channel,
            std::chrono::milliseconds timeout) {
    std::future<json> reply;
    std::uint64_t id;
    {
      std::lock_guard lock(mu_);
      if (!alive_) throw IoError("connection lost");
      id = next_id_++;
      auto& pending = pending_[id];
      pending.channel = std::move(channel);
      reply = pending.reply.get_future();
    }
    send(request_json(id, method, params).dump());
    if (reply.wait_for(timeout) != std::future_status::ready) {
      {
        std::lock_guard lock(mu_);
        pending_.erase(id);
      }
      send(json{{"jsonrpc", "2.0"}, {"method", "xrpc.cancel"}, {"params", {id}}}.dump());
      throw Error("no answer to " + std::string(method) + " within " +
                  std::to_string(timeout.count()) + "ms");
    }
    return result_of(reply.get());
  }

 private:
  struct Pending {
    std::promise<json> reply;
    std::optional<ChannelHandlers> channel;
  };

  WsConnection() : ws_(ioc_) {}

  void handshake(const ApiInfo& info, const std::string& rpc_path,
                 std::chrono::milliseconds timeout) {
    beast::error_code ec;
    tcp::resolver resolver(ioc_);
    auto endpoints = resolver.resolve(info.host(), std::to_string(info.port()), ec);
    if (ec) throw IoError("resolving " + info.host() + ": " + ec.message());
    auto& tcp_layer = beast::get_lowest_layer(ws_);
    tcp_layer.expires_after(timeout);
    tcp_layer.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    run_all(ioc_, ec, "connecting to " + where(info));
    ws_.set_option(
        websocket::stream_base::decorator([token = info.token](websocket::request_type& req) {
          if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
        }));
    ws_.read_message_max(64 << 20);
    websocket::response_type response;
    ws_.async_handshake(response, info.host(), rpc_path, [&](beast::error_code e) { ec = e; });
    ioc_.restart();
    ioc_.run();
    if (response.result() == http::status::unauthorized ||
        response.result() == http::status::forbidden) {
      throw PermissionDenied(
          "WebSocket handshake with " + where(info) +
          " refused: " + (response.body().empty() ? std::string("unauthorized") : response.body()));
    }
    if (ec) throw IoError("WebSocket handshake with " + where(info) + ": " + ec.message());
    tcp_layer.expires_never();
    ws_.text(true);
    ioc_.restart();
  }

  void send(std::string text) {
    net::post(ioc_, [self = shared_from_this(), text = std::move(text)]() mutable {
      self->outbox_.push_back(std::move(text));
      if (self->outbox_.size() == 1) self->write_next();
    });
  }

  void write_next() {
    ws_.async_write(net::buffer(outbox_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return self->fail("write: " + ec.message());
                      self->outbox_.pop_front();
                      if (!self->outbox_.empty()) self->write_next();
                    });
  }

  void read_next() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->fail(ec.message());
      auto text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      self->on_message(text);
      self->read_next();
    });
  }

  void on_message(const std::string& text) {
    json msg = json::parse(text, nullptr, false);
    if (!msg.is_object())
      return client_log()->warn("ignoring malformed message: {}", text.substr(0, 200));
    if (auto method = msg.find("method"); method != msg.end() && method->is_string()) {
      return on_notification(method->get<std::string>(), msg.value("params", json::array()));
    }
    if (!msg.contains("id") || !msg["id"].is_number_unsigned()) return;
    Pending pending;
    {
      std::lock_guard lock(mu_);
      auto it = pending_.find(msg["id"].get<std::uint64_t>());
      if (it == pending_.end()) return;  // the caller gave up waiting
      pending = std::move(it->second);
      pending_.erase(it);
    }
    auto result = msg.find("result");
    if (pending.channel && result != msg.end() && result->is_number_unsigned()) {
      channels_[result->get<std::uint64_t>()] = std::move(*pending.channel);
    }
    pending.reply.set_value(std::move(msg));
  }

  void on_notification(const std::string& method, const json& params) {
    if (!params.is_array() || params.empty() || !params[0].is_number_unsigned()) return;
    auto it = channels_.find(params[0].get<std::uint64_t>());
    if (it == channels_.end()) return;
    if (method == "xrpc.ch.val" && params.size() == 2) {
      if (it->second.on_value) it->second.on_value(params[1]);
    } else if (method == "xrpc.ch.close") {
      auto handlers = std::move(it->second);
      channels_.erase(it);
      if (handlers.on_close) handlers.on_close();
    }
  }

  // The connection is gone: fail waiting calls and close every channel (reader thread).
  void fail(const std::string& why) {
    std::map<std::uint64_t, Pending> pending;
    {
      std::lock_guard lock(mu_);
      if (!alive_) return;
      alive_ = false;
      pending.swap(pending_);
    }
    if (why != "Operation canceled" && why != "Bad file descriptor")
      client_log()->warn("WebSocket closed: {}", why);
    for (auto& [id, p] : pending)
      p.reply.set_exception(std::make_exception_ptr(IoError("connection lost: " + why)));
    auto channels = std::move(channels_);
    channels_.clear();
    for (auto& [id, handlers] : channels) {
      if (handlers.on_close) handlers.on_close();
    }
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  net::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::thread reader_;
  std::deque<std::string> outbox_;                     // io thread only
  std::map<std::uint64_t, ChannelHandlers> channels_;  // io thread only
  std::mutex mu_;
  std::atomic<bool> alive_{true};
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, Pending> pending_;
};

class WsClient final : public Client {
 public:
  WsClient(ApiInfo info, ClientOptions options) : info_(std::move(info)), options_(options) {}

  ~WsClient() override {
    std::lock_guard lock(dial_mu_);
    if (conn_) conn_->close();
  }

  json call(std::string_view method, const json& params,
            std::chrono::milliseconds timeout) override {
    return connection(timeout)->call(method, params, std::nullopt, timeout);
  }

  void subscribe(std::string_view method, const json& params, ChannelHandlers handlers,
                 std::chrono::milliseconds timeout) override {
    auto result = connection(timeout)->call(method, params, std::move(handlers), timeout);
    if (!result.is_number_unsigned())
      throw IoError(std::string(method) + " did not return a channel");
  }

 private:
  // The live connection, dialled (with backoff) if there is none or the last one dropped.
  std::shared_ptr<WsConnection> connection(std::chrono::milliseconds timeout) {
    std::lock_guard lock(dial_mu_);
    if (!conn_ || !conn_->alive()) {
      if (conn_) {
        client_log()->info("reconnecting to {}", where(info_));
        conn_->close();
        conn_.reset();
      }
      conn_ = with_backoff(options_, "connecting to " + where(info_),
                           [&] { return WsConnection::open(info_, options_.rpc_path, timeout); });
    }
    return conn_;
  }

  ApiInfo info_;
  ClientOptions options_;
  std::mutex dial_mu_;
  std::shared_ptr<WsConnection> conn_;
};

}  // namespace

std::unique_ptr<Client> Client::connect(const ApiInfo& info, Transport transport,
                                        ClientOptions options) {
  if (transport == Transport::kWebSocket) return std::make_unique<WsClient>(info, options);
  return std::make_unique<HttpClient>(info, options);
}

}  // namespace tessera::jsonrpc
