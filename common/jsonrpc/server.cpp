#include "common/jsonrpc/server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "common/error.hpp"
#include "common/jsonrpc/call_pool.hpp"
#include "common/jsonrpc/dispatcher.hpp"
#include "common/jwt/jwt.hpp"
#include "common/log.hpp"
#include "common/metrics/metrics.hpp"

namespace tessera::jsonrpc {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxWsMessage = 16 << 20;
// How long stop() lets connections write what they have queued before cutting them off.
constexpr auto kStopGrace = std::chrono::seconds(2);

std::string path_of(std::string_view target) {
  return std::string(target.substr(0, target.find('?')));
}

// Value of ?name= in a request target (no URL decoding: tokens are URL-safe base64).
std::string query_param(std::string_view target, std::string_view name) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return {};
  auto query = target.substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name && eq != std::string_view::npos)
      return std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return {};
}

}  // namespace

std::vector<std::string> Authenticator::permissions(std::string_view authorization,
                                                    std::string_view query_token) const {
  std::string token(authorization);
  if (token.empty() && !query_token.empty()) token = "Bearer " + std::string(query_token);
  if (token.empty()) return {std::string(jwt::kRead)};
  if (token.rfind("Bearer ", 0) != 0)
    throw PermissionDenied("missing Bearer prefix in auth header");
  const auto bearer = std::string_view(token).substr(7);
  if (verify_) return verify_(bearer);
  return jwt::verify_token(secret_, bearer);
}

class WsSession;
class HttpSession;

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(const Registry& registry, Authenticator auth, ServerOptions options)
      : dispatcher(registry), auth(std::move(auth)), options(std::move(options)), acceptor(ioc) {}

  Dispatcher dispatcher;
  Authenticator auth;
  ServerOptions options;
  std::vector<std::pair<std::string, HttpRoute>> routes;
  net::io_context ioc;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> keep_running{
      ioc.get_executor()};
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  CallPool calls{options.max_calls};
  std::mutex mu;
  std::vector<std::weak_ptr<WsSession>> ws_sessions;
  std::vector<std::weak_ptr<HttpSession>> http_sessions;  // closed by stop(), idle ones included
  std::set<std::shared_ptr<std::atomic<bool>>> in_flight;  // cancel flags of running calls
  std::atomic<bool> stopping{false};
  bool started = false;
  std::size_t threads_running = 0;  // network threads still in ioc.run(); guarded by mu
  std::condition_variable threads_done;

  void do_accept();
  // Serves one HTTP request (a route, /debug/metrics or a JSON-RPC call); on a call pool thread.
  HttpResponse handle_http(HttpRequest& request, std::shared_ptr<std::atomic<bool>> cancelled);

  // Runs work on the call pool with a cancel flag that stop() sets, then done on strand.
  // Returns false (nothing run) once the server is stopping.
  template <class Strand, class Work, class Done>
  bool run_call(const Strand& strand, std::shared_ptr<std::atomic<bool>> cancelled, Work work,
                Done done) {
    {
      std::lock_guard lock(mu);
      if (stopping) return false;
      in_flight.insert(cancelled);
    }
    return calls.post([self = shared_from_this(), strand, cancelled, work = std::move(work),
                       done = std::move(done)]() mutable {
      auto result = work();
      {
        std::lock_guard lock(self->mu);
        self->in_flight.erase(cancelled);
      }
      net::post(strand, [done = std::move(done), result = std::move(result)]() mutable {
        done(std::move(result));
      });
    });
  }
  bool is_rpc_path(std::string_view path) const {
    return std::find(options.rpc_paths.begin(), options.rpc_paths.end(), path) !=
           options.rpc_paths.end();
  }

  // Remembers a session for stop(), forgetting those already gone.
  template <class Session>
  void track(std::vector<std::weak_ptr<Session>>& sessions,
             const std::shared_ptr<Session>& session) {
    std::lock_guard lock(mu);
    std::erase_if(sessions, [](const auto& weak) { return weak.expired(); });
    sessions.push_back(session);
  }
};

// One WebSocket connection: requests are read and dispatched on the connection's strand;
// replies and channel notifications are queued and written one at a time.
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket socket, std::shared_ptr<Server::Impl> server,
            std::vector<std::string> perms)
      : ws_(std::move(socket)), server_(std::move(server)), perms_(std::move(perms)) {}

  void run(http::request<http::string_body> request) {
    ws_.read_message_max(kMaxWsMessage);
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.async_accept(request, beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
  }

  // Queues a text frame; safe from any thread.
  void send(std::string message) {
    net::post(ws_.get_executor(),
              [self = shared_from_this(), message = std::move(message)]() mutable {
                if (self->closed_) return;
                self->queue_.push_back(std::move(message));
                if (self->queue_.size() == 1) self->do_write();
              });
  }

  // Closes the connection once the replies and values already queued are written; safe from
  // any thread.
  void close() {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (self->queue_.empty()) self->close_now();
    });
  }

  bool alive() const { return !closed_; }

 private:
  class Sink : public ChannelSink {
   public:
    Sink(std::weak_ptr<WsSession> session, std::uint64_t id)
        : session_(std::move(session)), id_(id) {}
    bool send(const json& value) override {
      std::lock_guard lock(mu_);
      if (closed_) return false;
      // Invalid UTF-8 in a value becomes U+FFFD instead of throwing into the handler's thread.
      auto message =
          json{{"jsonrpc", "2.0"}, {"method", "xrpc.ch.val"}, {"params", {id_, value}}}.dump(
              -1, ' ', false, json::error_handler_t::replace);
      if (!active_) {
        pending_.push_back(std::move(message));
        return true;
      }
      auto session = session_.lock();
      if (!session || !session->alive()) return false;
      session->send(std::move(message));
      return true;
    }
    void close() override {
      std::lock_guard lock(mu_);
      if (closed_) return;
      closed_ = true;
      auto message =
          json{{"jsonrpc", "2.0"}, {"method", "xrpc.ch.close"}, {"params", {id_}}}.dump();
      if (!active_) {
        pending_.push_back(std::move(message));
        return;
      }
      if (auto session = session_.lock()) session->send(std::move(message));
    }
    bool closed() const override {
      std::lock_guard lock(mu_);
      return closed_;
    }
    // Called after the reply carrying the channel id was queued: flushes what came before it.
    void activate() {
      std::lock_guard lock(mu_);
      active_ = true;
      if (auto session = session_.lock()) {
        for (auto& message : pending_) session->send(std::move(message));
      }
      pending_.clear();
    }
    // The connection is gone: nothing more can be sent.
    void drop() {
      std::lock_guard lock(mu_);
      closed_ = true;
    }

   private:
    mutable std::mutex mu_;
    std::weak_ptr<WsSession> session_;
    std::uint64_t id_;
    bool active_ = false;
    bool closed_ = false;
    std::vector<std::string> pending_;
  };

  void on_accept(beast::error_code ec) {
    if (ec) return;
    do_read();
  }

  void do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) {
      closed_ = true;
      close_channels();
      return;
    }
    if (closing_) return;
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    handle_message(text);
    do_read();
  }

  // Runs one message's call on the server's call pool, so the connection goes on reading (an
  // xrpc.cancel for it can arrive) while the call runs; its reply is queued when it is done.
  void handle_message(const std::string& text) {
    // The request's id as a key, when it has one (a message nested too deep is left to the
    // dispatcher's parse error: no parse here).
    std::optional<std::string> key;
    if (json_nesting_depth(text) <= kMaxNestingDepth) {
      auto parsed = json::parse(text, nullptr, false);
      if (parsed.is_object()) {
        auto method = parsed.find("method");
        if (method != parsed.end() && *method == "xrpc.cancel") return cancel(parsed);
        auto id = parsed.find("id");
        if (id != parsed.end() && (id->is_number_integer() || id->is_string())) key = id->dump();
      }
    }
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    if (key) calls_[*key] = Call{cancelled, nullptr};
    struct Outcome {
      DispatchResult result;
      std::shared_ptr<Sink> sink;
    };
    auto strand = ws_.get_executor();
    server_->run_call(
        strand, cancelled,
        [self = shared_from_this(), text, cancelled] {
          Outcome outcome;
          ChannelFactory factory = [&](std::uint64_t id) {
            outcome.sink = std::make_shared<Sink>(self->weak_from_this(), id);
            return outcome.sink;
          };
          outcome.result = self->server_->dispatcher.handle(text, self->perms_, &factory, cancelled);
          return outcome;
        },
        [self = shared_from_this(), key](Outcome outcome) {
          if (key) {
            // A channel stays cancellable (xrpc.cancel closes it); a plain call is over.
            if (outcome.sink) {
              self->calls_[*key].sink = outcome.sink;
            } else {
              self->calls_.erase(*key);
            }
          }
          if (outcome.sink) {
            if (self->closed_) outcome.sink->drop();
            self->sinks_.push_back(outcome.sink);
          }
          if (outcome.result.reply) self->send(std::move(*outcome.result.reply));
          if (outcome.sink) outcome.sink->activate();
        });
  }

  // xrpc.cancel [id]: cancels an in-flight call or closes the channel it opened. No copy or dump
  // of anything but an id (integer or string): both recurse, and a message can be nested deep.
  void cancel(const json& message) {
    auto params = message.find("params");
    if (params == message.end() || !params->is_array() || params->size() != 1) return;
    const auto& id = (*params)[0];
    if (!id.is_number_integer() && !id.is_string()) return;
    if (auto it = calls_.find(id.dump()); it != calls_.end()) {
      it->second.cancelled->store(true);
      if (it->second.sink) it->second.sink->close();
    }
  }

  void do_write() {
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()),
                    beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) {
      closed_ = true;
      queue_.clear();
      close_channels();
      return;
    }
    queue_.pop_front();
    if (!queue_.empty()) return do_write();
    if (closing_) close_now();
  }

  void close_now() {
    if (closed_) return;
    closed_ = true;
    close_channels();
    beast::error_code ec;
    ws_.next_layer().socket().shutdown(tcp::socket::shutdown_both, ec);
    ws_.next_layer().socket().close(ec);
  }

  // The connection is gone: its channels can send nothing more and its running calls are
  // cancelled (go-jsonrpc ends a request's context with its connection).
  void close_channels() {
    for (auto& sink : sinks_) sink->drop();
    sinks_.clear();
    for (auto& [key, call] : calls_) call.cancelled->store(true);
    calls_.clear();
  }

  struct Call {
    std::shared_ptr<std::atomic<bool>> cancelled;
    std::shared_ptr<Sink> sink;
  };

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::shared_ptr<Server::Impl> server_;
  std::vector<std::string> perms_;
  std::deque<std::string> queue_;
  std::vector<std::shared_ptr<Sink>> sinks_;
  std::map<std::string, Call> calls_;
  std::atomic<bool> closed_{false};  // written on the strand, read by alive() from any thread
  bool closing_ = false;             // close() was called: close once the queue is written
};

constexpr std::size_t kStreamChunk = 1 << 20;  // bytes read and written at a time when streaming
constexpr auto kStreamWriteTimeout = std::chrono::seconds(60);  // per chunk

// One HTTP connection: keep-alive request loop; upgrades to WebSocket on /rpc/v0.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<Server::Impl> server)
      : stream_(std::move(socket)), server_(std::move(server)) {}

  void run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
  }

  // Closes the connection unless a request on it is being answered (that one's response is
  // written first; the server's stopping flag then ends the connection); safe from any thread.
  void close() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->answering_) return;
      beast::error_code ec;
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      self->stream_.socket().close(ec);
    });
  }

 private:
  void do_read() {
    answering_ = false;
    parser_.emplace();
    parser_->body_limit(server_->options.max_body_bytes);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(std::chrono::seconds(60));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || server_->stopping) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    if (ec == http::error::body_limit) {
      write_response(413, "text/plain", "request body too large\n", false);
      return;
    }
    if (ec) {
      write_response(400, "text/plain", "bad request: " + ec.message() + "\n", false);
      return;
    }
    answering_ = true;
    auto request = parser_->release();
    HttpRequest req{std::string(request.method_string()),
                    std::string(request.target()),
                    {},
                    request.body(),
                    {}};
    for (const auto& field : request) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers[name] = std::string(field.value());
    }
    try {
      req.perms =
          server_->auth.permissions(req.headers["authorization"], query_param(req.target, "token"));
    } catch (const PermissionDenied& e) {
      TLOG_WARN(log::get("rpc"), "JWT Verification failed (originating from {}): {}",
                remote_address(), e.what());
      write_response(401, "text/plain", "", request.keep_alive());
      return;
    }
    if (websocket::is_upgrade(request)) {
      if (!server_->is_rpc_path(path_of(req.target))) {
        write_response(404, "text/plain", "404 page not found\n", false);
        return;
      }
      auto session = std::make_shared<WsSession>(stream_.release_socket(), server_, req.perms);
      server_->track(server_->ws_sessions, session);
      session->run(std::move(request));
      return;
    }
    // The call runs on the call pool; the response is written back on this connection's strand.
    const bool keep_alive = request.keep_alive();
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    const bool posted = server_->run_call(
        stream_.get_executor(), cancelled,
        [self = shared_from_this(), req = std::move(req), cancelled]() mutable {
          return self->server_->handle_http(req, cancelled);
        },
        [self = shared_from_this(), keep_alive](HttpResponse response) {
          if (response.stream) return self->write_streamed(response, keep_alive);
          self->write_response(response.status, response.content_type, std::move(response.body),
                               keep_alive, response.headers);
        });
    if (!posted) write_response(503, "text/plain", "server is stopping\n", false);
  }

  std::string remote_address() const {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    return ec ? std::string("?")
              : endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }

  void write_response(int status, const std::string& content_type, std::string body,
                      bool keep_alive,
                      const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    auto response =
        std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
    response->set(http::field::content_type, content_type);
    for (const auto& [name, value] : headers) response->set(name, value);
    response->keep_alive(keep_alive);
    response->body() = std::move(body);
    response->prepare_payload();
    http::async_write(
        stream_, *response,
        [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
          if (ec || !response->keep_alive() || self->server_->stopping) {
            beast::error_code ignored;
            self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
            return;
          }
          self->do_read();
        });
  }

  // A response whose body comes from a StreamedBody: the header, then one chunk at a time, each
  // write given its own timeout, so a 32 GiB body neither sits in memory nor hits the read
  // timeout. A failed read of the body cuts the connection (the client sees a short body).
  struct Streaming {
    http::response<http::buffer_body> response;
    std::optional<http::response_serializer<http::buffer_body>> serializer;
    StreamedBody body;
    std::vector<std::uint8_t> chunk;
    std::uint64_t sent = 0;
  };

  void write_streamed(HttpResponse& from, bool keep_alive) {
    auto streaming = std::make_shared<Streaming>();
    auto& response = streaming->response;
    response.result(static_cast<http::status>(from.status));
    response.version(11);
    response.set(http::field::content_type, from.content_type);
    for (const auto& [name, value] : from.headers) response.set(name, value);
    response.keep_alive(keep_alive);
    response.content_length(from.stream->length);
    response.body().data = nullptr;
    response.body().more = from.stream->length > 0;
    streaming->body = std::move(*from.stream);
    streaming->chunk.resize(std::min<std::uint64_t>(streaming->body.length, kStreamChunk));
    streaming->serializer.emplace(response);
    stream_.expires_after(kStreamWriteTimeout);
    http::async_write_header(
        stream_, *streaming->serializer,
        [self = shared_from_this(), streaming](beast::error_code ec, std::size_t) {
          if (ec) return self->end_streamed(false);
          self->write_next_chunk(streaming);
        });
  }

  void write_next_chunk(const std::shared_ptr<Streaming>& streaming) {
    auto& body = streaming->response.body();
    const std::uint64_t left = streaming->body.length - streaming->sent;
    if (left == 0) {
      body.data = nullptr;
      body.more = false;
    } else {
      std::size_t got = 0;
      try {
        got = streaming->body.read(
            streaming->chunk.data(),
            static_cast<std::size_t>(std::min<std::uint64_t>(left, streaming->chunk.size())));
      } catch (const std::exception& e) {
        TLOG_WARN(log::get("rpc"), "streaming a response to {} failed: {}", remote_address(),
                  e.what());
      }
      if (got == 0) return end_streamed(false);
      body.data = streaming->chunk.data();
      body.size = got;
      body.more = true;
      streaming->sent += got;
    }
    stream_.expires_after(kStreamWriteTimeout);
    http::async_write(stream_, *streaming->serializer,
                      [self = shared_from_this(), streaming](beast::error_code ec, std::size_t) {
                        if (ec == http::error::need_buffer) ec = {};
                        if (ec) return self->end_streamed(false);
                        if (streaming->serializer->is_done())
                          return self->end_streamed(streaming->response.keep_alive());
                        self->write_next_chunk(streaming);
                      });
  }

  // After a streamed response: the next request on a kept-alive connection, else shutdown.
  void end_streamed(bool keep_going) {
    if (keep_going && !server_->stopping) return do_read();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Server::Impl> server_;
  bool answering_ = false;  // a request was read and its response is not written yet (strand)
};

HttpResponse Server::Impl::handle_http(HttpRequest& request,
                                       std::shared_ptr<std::atomic<bool>> cancelled) {
  const auto path = path_of(request.target);
  for (const auto& [prefix, route] : routes) {
    if (path.rfind(prefix, 0) == 0) {
      try {
        return route(request);
      } catch (const std::exception& e) {
        return HttpResponse{500, "text/plain", std::string(e.what()) + "\n"};
      }
    }
  }
  if (path == "/debug/metrics") {
    return HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics::render_prometheus()};
  }
  if (!is_rpc_path(path)) return HttpResponse{404, "text/plain", "404 page not found\n"};
  if (request.method != "POST") return HttpResponse{405, "text/plain", "method not allowed\n"};
  auto result = dispatcher.handle(request.body, request.perms, nullptr, std::move(cancelled));
  return HttpResponse{result.http_status, "application/json", result.reply.value_or("")};
}

void Server::Impl::do_accept() {
  acceptor.async_accept(net::make_strand(ioc),
                        [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                          if (self->stopping) return;
                          if (!ec) {
                            // As Go does for every TCP connection: without it, a reply written
                            // while the previous one is unacknowledged waits for the peer's delayed
                            // ACK (WebSocket replies and channel values come back to back).
                            beast::error_code ignored;
                            socket.set_option(tcp::no_delay(true), ignored);
                            auto session = std::make_shared<HttpSession>(std::move(socket), self);
                            self->track(self->http_sessions, session);
                            session->run();
                          }
                          self->do_accept();
                        });
}

Server::Server(const Registry& registry, Authenticator auth, ServerOptions options)
    : impl_(std::make_shared<Impl>(registry, std::move(auth), std::move(options))) {}

Server::~Server() {
  stop();
}

void Server::add_http_route(std::string prefix, HttpRoute route) {
  impl_->routes.emplace_back(std::move(prefix), std::move(route));
}

std::uint16_t Server::listen() {
  if (impl_->acceptor.is_open()) return impl_->acceptor.local_endpoint().port();
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec) throw InvalidInput("invalid listen address " + impl_->options.host);
  tcp::endpoint endpoint(address, impl_->options.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    throw IoError("could not listen on " + impl_->options.host + ":" +
                  std::to_string(impl_->options.port) + ": " + ec.message());
  }
  return impl_->acceptor.local_endpoint().port();
}

std::uint16_t Server::start() {
  const auto port = listen();
  impl_->started = true;
  impl_->do_accept();
  const std::size_t threads = std::max<std::size_t>(1, impl_->options.threads);
  {
    std::lock_guard lock(impl_->mu);
    impl_->threads_running = threads;
  }
  for (std::size_t i = 0; i < threads; ++i) {
    impl_->threads.emplace_back([impl = impl_] {
      impl->ioc.run();
      std::lock_guard lock(impl->mu);
      if (--impl->threads_running == 0) impl->threads_done.notify_all();
    });
  }
  return port;
}

void Server::stop() {
  if (!impl_->started || impl_->stopping.exchange(true)) return;
  net::post(impl_->ioc, [impl = impl_] {
    beast::error_code ec;
    impl->acceptor.close(ec);
  });
  {
    std::lock_guard lock(impl_->mu);
    for (const auto& cancelled : impl_->in_flight) cancelled->store(true);
  }
  // Running calls see their cancel flags; this returns when every one has ended and its reply
  // is queued on its connection.
  impl_->calls.close();
  {
    // Each connection closes once what it has queued is written; idle keep-alive ones at once
    // (they would otherwise stay open, holding impl_, with nothing serving them).
    std::lock_guard lock(impl_->mu);
    for (auto& weak : impl_->ws_sessions) {
      if (auto session = weak.lock()) session->close();
    }
    for (auto& weak : impl_->http_sessions) {
      if (auto session = weak.lock()) session->close();
    }
  }
  // The network threads return once the last writes are done; a peer that does not read its
  // replies is cut off after kStopGrace.
  impl_->keep_running.reset();
  {
    std::unique_lock lock(impl_->mu);
    if (!impl_->threads_done.wait_for(lock, kStopGrace,
                                      [&] { return impl_->threads_running == 0; })) {
      impl_->ioc.stop();
    }
  }
  for (auto& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
}

}  // namespace tessera::jsonrpc
