// jsonrpc::Server and jsonrpc::Client end to end on 127.0.0.1 (port 0: a free port each time).
#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jsonrpc/error_codes.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"

using namespace tessera;
using namespace tessera::jsonrpc;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

Bytes test_secret() {
  return Bytes(32, 0x5a);
}

// A registry of small methods, and the threads its channel method starts (joined at the end).
class TestApi {
 public:
  TestApi() {
    registry.add({"Filecoin.Version", "read", 0, [](const json&, CallContext&) {
                    return json{{"Version", "tessera-test"}, {"APIVersion", 0x10000}};
                  }});
    registry.add(
        {"Filecoin.Echo", "read", 1, [](const json& params, CallContext&) { return params[0]; }});
    registry.add({"Filecoin.AuthVerify", "admin", 0,
                  [](const json&, CallContext& call) { return json(call.perms); }});
    registry.add({"Filecoin.Fail", "read", 0,
                  [](const json&, CallContext&) -> json { throw NotFound("no such sector"); }});
    // Count [n]: a channel of 0..n-1, sent from another thread, then closed.
    registry.add({"Filecoin.Count", "read", 1,
                  [this](const json& params, CallContext& call) {
                    auto n = params[0].get<int>();
                    auto sink = call.channel;
                    std::lock_guard lock(mu_);
                    threads_.emplace_back([this, sink, n] {
                      for (int i = 0; i < n; ++i) {
                        if (!sink->send(json{{"i", i}})) {
                          ++sends_refused;
                          return;
                        }
                      }
                      sink->close();
                    });
                    return json();
                  },
                  true, /*channel=*/true});
  }
  ~TestApi() { join(); }

  void join() {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mu_);
      threads.swap(threads_);
    }
    for (auto& t : threads) t.join();
  }

  Registry registry;
  std::atomic<int> sends_refused{0};  // channel threads that stopped because send() failed

 private:
  std::mutex mu_;
  std::vector<std::thread> threads_;
};

struct RunningServer {
  explicit RunningServer(const Registry& registry, std::uint16_t port = 0)
      : server(registry, Authenticator(test_secret()),
               ServerOptions{"127.0.0.1", port, 2, 16 << 20}) {
    this->port = server.start();
  }
  ApiInfo info(std::string token = "") const {
    return ApiInfo{std::move(token), multiaddr_for("127.0.0.1", port)};
  }

  Server server;
  std::uint16_t port = 0;
};

std::string admin_token() {
  return jwt::sign_token(test_secret(), jwt::perms_up_to("admin"));
}

struct RawResponse {
  int status = 0;
  std::string headers;
  std::string body;
};

namespace net = boost::asio;

// Sends request text as is on a fresh connection and reads the response until the server
// closes the connection (requests carry "Connection: close"); fails after 10 s.
RawResponse raw_http(std::uint16_t port, const std::string& request) {
  net::io_context ioc;
  net::ip::tcp::socket socket(ioc);
  std::string text;
  bool done = false;
  boost::system::error_code result;
  auto finish = [&](boost::system::error_code ec) {
    result = ec;
    done = true;
  };
  socket.async_connect(
      {net::ip::make_address("127.0.0.1"), port}, [&](boost::system::error_code ec) {
        if (ec) return finish(ec);
        net::async_write(
            socket, net::buffer(request), [&](boost::system::error_code ec, std::size_t) {
              if (ec) return finish(ec);
              net::async_read(socket, net::dynamic_buffer(text),
                              [&](boost::system::error_code ec, std::size_t) { finish(ec); });
            });
      });
  ioc.run_for(10s);
  REQUIRE(done);
  CAPTURE(result.message());
  REQUIRE((result == net::error::eof || !result));
  RawResponse response;
  auto header_end = text.find("\r\n\r\n");
  REQUIRE(header_end != std::string::npos);
  REQUIRE(text.rfind("HTTP/1.1 ", 0) == 0);
  response.status = std::stoi(text.substr(9, 3));
  response.headers = text.substr(0, header_end);
  response.body = text.substr(header_end + 4);
  return response;
}

// Reads from socket until it fails (EOF, reset) or timeout passes; true if it failed in time.
bool closed_within(net::ip::tcp::socket& socket, std::chrono::milliseconds timeout) {
  bool closed = false;
  std::array<char, 256> buf;
  std::function<void()> read = [&] {
    socket.async_read_some(net::buffer(buf), [&](boost::system::error_code ec, std::size_t) {
      if (ec) {
        closed = true;
        return;
      }
      read();
    });
  };
  read();
  auto& ioc = static_cast<net::io_context&>(socket.get_executor().context());
  ioc.restart();
  ioc.run_for(timeout);
  return closed;
}

std::string post_request(const std::string& target, const std::string& body,
                         const std::string& extra_headers = "",
                         const std::string& content_type = "application/json") {
  return "POST " + target +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" +
         body;
}

const std::string kAuthVerify =
    R"({"jsonrpc":"2.0","id":1,"method":"Filecoin.AuthVerify","params":[]})";

// Collects a channel's values; wait() blocks (bounded) until on_close ran.
struct ChannelLog {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<json> values;
  int closes = 0;

  ChannelHandlers handlers() {
    return ChannelHandlers{[this](const json& v) {
                             std::lock_guard lock(mu);
                             values.push_back(v);
                           },
                           [this] {
                             std::lock_guard lock(mu);
                             ++closes;
                             cv.notify_all();
                           }};
  }
  bool wait_closed(std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, [this] { return closes > 0; });
  }
};

template <class F>
std::chrono::milliseconds time_of(F f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

}  // namespace

TEST_CASE("rpc server: HTTP call with an admin token", "[jsonrpc][rpc_server]") {
  TestApi api;
  RunningServer running(api.registry);
  REQUIRE(running.port != 0);
  auto client = Client::connect(running.info(admin_token()), Transport::kHttp);
  CHECK(client->call("Filecoin.Version", json::array())["Version"] == "tessera-test");
  CHECK(client->call("Filecoin.Echo", json::array({{{"a", 1}}})) == json{{"a", 1}});
  CHECK(client->call("Filecoin.AuthVerify", json::array()) == json(jwt::perms_up_to("admin")));
  try {
    client->call("Filecoin.Fail", json::array());
    FAIL("no error");
  } catch (const NotFound& e) {  // the handler's error type, kept across the wire
    CHECK(std::string(e.what()) == "no such sector");
  }
  try {
    client->call("Filecoin.Nope", json::array());
    FAIL("no error");
  } catch (const RpcError& e) {
    CHECK(e.code() == -32601);
    CHECK(std::string(e.what()) == "method 'Filecoin.Nope' not found");
  }
  // Channel methods need a WebSocket.
  CHECK_THROWS_AS(client->subscribe("Filecoin.Count", json::array({1}), {}), InvalidInput);
  try {
    client->call("Filecoin.Count", json::array({1}));
    FAIL("no error");
  } catch (const RpcError& e) {
    CHECK(e.code() == -32601);
  }
}

TEST_CASE("rpc server: no token means read permission only", "[jsonrpc][rpc_server]") {
  TestApi api;
  RunningServer running(api.registry);
  for (auto transport : {Transport::kHttp, Transport::kWebSocket}) {
    auto client = Client::connect(running.info(), transport);
    CHECK(client->call("Filecoin.Version", json::array())["Version"] == "tessera-test");
    try {
      client->call("Filecoin.AuthVerify", json::array());
      FAIL("admin method allowed without a token");
    } catch (const RpcError& e) {
      CHECK(e.code() == 1);
      CHECK(std::string(e.what()) == "missing permission to invoke 'AuthVerify' (need 'admin')");
    }
  }
  // A read token is the same.
  auto client =
      Client::connect(running.info(jwt::sign_token(test_secret(), {"read"})), Transport::kHttp);
  CHECK_THROWS_AS(client->call("Filecoin.AuthVerify", json::array()), RpcError);
}

TEST_CASE("rpc server: a wrong token is refused with 401", "[jsonrpc][rpc_server]") {
  TestApi api;
  RunningServer running(api.registry);
  auto forged = jwt::sign_token(Bytes(32, 0x01), jwt::perms_up_to("admin"));
  auto client = Client::connect(running.info(forged), Transport::kHttp);
  CHECK_THROWS_AS(client->call("Filecoin.Version", json::array()), PermissionDenied);
  // Over WebSocket too, and a refused token is not retried as if the server were down.
  auto ws = Client::connect(running.info(forged), Transport::kWebSocket,
                            ClientOptions{std::chrono::seconds(30)});
  auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(ws->call("Filecoin.Version", json::array()), PermissionDenied);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));

  auto raw = raw_http(running.port, post_request("/rpc/v0", kAuthVerify,
                                                 "Authorization: Bearer " + forged + "\r\n"));
  CHECK(raw.status == 401);
  raw = raw_http(running.port,
                 post_request("/rpc/v0", kAuthVerify, "Authorization: Bearer not.a.jwt\r\n"));
  CHECK(raw.status == 401);
  // A header without the Bearer prefix is refused, not treated as "no token".
  raw = raw_http(running.port,
                 post_request("/rpc/v0", kAuthVerify, "Authorization: " + admin_token() + "\r\n"));
  CHECK(raw.status == 401);
  raw = raw_http(running.port, post_request("/rpc/v0?token=" + forged, kAuthVerify));
  CHECK(raw.status == 401);
}

TEST_CASE("rpc server: raw HTTP requests", "[jsonrpc][rpc_server]") {
  TestApi api;
  RunningServer running(api.registry);
  const auto admin = json(jwt::perms_up_to("admin"));

  SECTION("?token= grants the token's permissions") {
    auto raw = raw_http(running.port, post_request("/rpc/v0?token=" + admin_token(), kAuthVerify));
    CHECK(raw.status == 200);
    CHECK(json::parse(raw.body)["result"] == admin);
    raw = raw_http(running.port,
                   post_request("/rpc/v0?x=1&token=" + admin_token() + "&y=2", kAuthVerify));
    CHECK(json::parse(raw.body)["result"] == admin);
  }
  SECTION("Authorization header") {
    auto raw = raw_http(
        running.port,
        post_request("/rpc/v0", kAuthVerify, "Authorization: Bearer " + admin_token() + "\r\n"));
    CHECK(raw.status == 200);
    CHECK(raw.headers.find("application/json") != std::string::npos);
    CHECK(json::parse(raw.body)["result"] == admin);
  }
  SECTION("Content-Type is not checked") {
    auto raw = raw_http(running.port, post_request("/rpc/v0?token=" + admin_token(), kAuthVerify,
                                                   "", "text/plain"));
    CHECK(raw.status == 200);
    CHECK(json::parse(raw.body)["result"] == admin);
  }
  SECTION("no token: read only") {
    auto raw = raw_http(running.port, post_request("/rpc/v0", kAuthVerify));
    CHECK(raw.status == 200);
    auto reply = json::parse(raw.body);
    CHECK(reply["error"]["code"] == 1);
    CHECK(reply["error"]["message"] == "missing permission to invoke 'AuthVerify' (need 'admin')");
  }
  SECTION("HTTP statuses as go-jsonrpc sets them") {
    auto raw = raw_http(running.port, post_request("/rpc/v0", "{not json"));
    CHECK(raw.status == 500);
    CHECK(json::parse(raw.body)["error"]["code"] == -32700);
    raw = raw_http(running.port, post_request("/rpc/v0", "[1,2]"));
    CHECK(raw.status == 400);
    CHECK(json::parse(raw.body)["error"]["code"] == -32600);
    raw = raw_http(running.port,
                   post_request("/rpc/v0", R"({"jsonrpc":"2.0","id":3,"method":"Filecoin.X"})"));
    CHECK(raw.status == 500);
    CHECK(json::parse(raw.body)["error"]["code"] == -32601);
    raw =
        raw_http(running.port,
                 post_request("/rpc/v0",
                              R"({"jsonrpc":"2.0","id":4,"method":"Filecoin.Echo","params":[]})"));
    CHECK(raw.status == 500);
    CHECK(json::parse(raw.body)["error"]["code"] == -32602);
    raw =
        raw_http(running.port,
                 post_request("/rpc/v0",
                              R"({"jsonrpc":"2.0","id":5,"method":"Filecoin.Fail","params":[]})"));
    CHECK(raw.status == 200);
    CHECK(json::parse(raw.body)["error"]["code"] == kNotFoundCode);
    // A notification: 200 and an empty body.
    raw = raw_http(
        running.port,
        post_request("/rpc/v0", R"({"jsonrpc":"2.0","method":"Filecoin.Version","params":[]})"));
    CHECK(raw.status == 200);
    CHECK(raw.body.empty());
  }
  SECTION("other paths and methods") {
    auto raw =
        raw_http(running.port, "GET /rpc/v0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(raw.status == 405);
    raw = raw_http(running.port, post_request("/rpc/v1", kAuthVerify));
    CHECK(raw.status == 404);
    raw = raw_http(running.port, "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(raw.status == 404);
    raw = raw_http(running.port, "GARBAGE\r\n\r\n");
    CHECK(raw.status == 400);
  }
  SECTION("invalid UTF-8 in a request gets a JSON reply") {
    auto raw =
        raw_http(running.port, post_request("/rpc/v0", "{\"id\":1,\"method\":\"\xff\xfe\"}"));
    CHECK(raw.status == 500);
    CHECK(json::parse(raw.body)["error"]["code"] == -32700);
  }
  // The server is still serving after all of the above.
  auto client = Client::connect(running.info(), Transport::kHttp);
  CHECK(client->call("Filecoin.Version", json::array())["Version"] == "tessera-test");
}

TEST_CASE("rpc server: WebSocket calls", "[jsonrpc][rpc_server]") {
  TestApi api;
  RunningServer running(api.registry);
  auto client = Client::connect(running.info(admin_token()), Transport::kWebSocket);
  CHECK(client->call("Filecoin.Version", json::array())["Version"] == "tessera-test");
  CHECK(client->call("Filecoin.AuthVerify", json::array()) == json(jwt::perms_up_to("admin")));
  for (int i = 0; i < 50; ++i) CHECK(client->call("Filecoin.Echo", json::array({i})) == i);
  try {
    client->call("Filecoin.Echo", json::array({1, 2}));
    FAIL("no error");
  } catch (const RpcError& e) {
    CHECK(e.code() == -32602);
    CHECK(std::string(e.what()) == "wrong param count (method 'Filecoin.Echo'): 2 != 1");
  }
  // Calls from several threads share the connection.
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        if (client->call("Filecoin.Echo", json::array({t * 100 + i})) == t * 100 + i) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 100);
}

TEST_CASE("rpc server: channel values arrive in order, then the close", "[jsonrpc][rpc_server]") {
  TestApi api;
  RunningServer running(api.registry);
  auto client = Client::connect(running.info(), Transport::kWebSocket);
  constexpr int kValues = 500;
  ChannelLog log;
  client->subscribe("Filecoin.Count", json::array({kValues}), log.handlers());
  REQUIRE(log.wait_closed());
  {
    std::lock_guard lock(log.mu);
    REQUIRE(log.values.size() == kValues);
    for (int i = 0; i < kValues; ++i) CHECK(log.values[i] == json{{"i", i}});
    CHECK(log.closes == 1);
  }
  // A second channel on the same connection, and an empty one.
  ChannelLog second, empty;
  client->subscribe("Filecoin.Count", json::array({3}), second.handlers());
  client->subscribe("Filecoin.Count", json::array({0}), empty.handlers());
  REQUIRE(second.wait_closed());
  REQUIRE(empty.wait_closed());
  CHECK(second.values.size() == 3);
  CHECK(empty.values.empty());
  CHECK(client->call("Filecoin.Version", json::array())["Version"] == "tessera-test");
}

TEST_CASE("rpc server: a client leaving mid-channel stops the sender", "[jsonrpc][rpc_server]") {
  TestApi api;
  RunningServer running(api.registry);
  auto client = Client::connect(running.info(), Transport::kWebSocket);
  std::mutex mu;
  std::condition_variable cv;
  int received = 0;
  client->subscribe("Filecoin.Count", json::array({100000000}),
                    ChannelHandlers{[&](const json&) {
                                      std::lock_guard lock(mu);
                                      if (++received == 100) cv.notify_all();
                                    },
                                    nullptr});
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, 10s, [&] { return received >= 100; }));
  }
  client.reset();  // closes the connection while values are still being sent
  // The sender sees send() fail and ends (long before its 10^8 values).
  auto took = time_of([&] { api.join(); });
  CHECK(api.sends_refused == 1);
  CHECK(took < 10s);
  // The server is fine.
  auto again = Client::connect(running.info(), Transport::kWebSocket);
  CHECK(again->call("Filecoin.Version", json::array())["Version"] == "tessera-test");
}

TEST_CASE("rpc server: /debug/metrics and extra routes", "[jsonrpc][rpc_server]") {
  TestApi api;
  Server server(api.registry, Authenticator(test_secret()), ServerOptions{});
  server.add_http_route("/custom", [](const HttpRequest& request) {
    return HttpResponse{201, "text/plain",
                        request.method + " " + request.target + " " + json(request.perms).dump()};
  });
  server.add_http_route("/throws",
                        [](const HttpRequest&) -> HttpResponse { throw IoError("route failed"); });
  auto port = server.start();
  Client::connect(ApiInfo{"", multiaddr_for("127.0.0.1", port)}, Transport::kHttp)
      ->call("Filecoin.Version", json::array());

  auto raw = raw_http(port, "GET /debug/metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(raw.status == 200);
  CHECK(raw.headers.find("text/plain; version=0.0.4") != std::string::npos);
  CHECK(raw.body.find("# TYPE tessera_rpc_requests_total counter") != std::string::npos);
  CHECK(raw.body.find("tessera_rpc_requests_total{method=\"Filecoin.Version\",status=\"ok\"} ") !=
        std::string::npos);
  CHECK(raw.body.find("tessera_rpc_request_duration_seconds_bucket{method=\"Filecoin.Version\",le="
                      "\"+Inf\"} ") != std::string::npos);
  CHECK(raw.body.find("process_resident_memory_bytes ") != std::string::npos);

  raw = raw_http(
      port, "GET /custom/x?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " +
                admin_token() + "\r\n\r\n");
  CHECK(raw.status == 201);
  CHECK(raw.body == "GET /custom/x?q=1 " + json(jwt::perms_up_to("admin")).dump());
  raw = raw_http(port, "GET /throws HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(raw.status == 500);
  CHECK(raw.body == "route failed\n");
}

TEST_CASE("rpc server: stop closes connections and frees the port", "[jsonrpc][rpc_server]") {
  TestApi api;
  auto running = std::make_unique<RunningServer>(api.registry);
  auto port = running->port;
  // A second server cannot take a port in use.
  Server other(api.registry, Authenticator(test_secret()),
               ServerOptions{"127.0.0.1", port, 1, 1 << 20});
  CHECK_THROWS_AS(other.start(), IoError);

  // An idle keep-alive connection is closed by stop(), not left hanging.
  net::io_context ioc;
  net::ip::tcp::socket socket(ioc);
  socket.connect({net::ip::make_address("127.0.0.1"), port});
  const std::string body = R"({"jsonrpc":"2.0","id":1,"method":"Filecoin.Version","params":[]})";
  net::write(socket, net::buffer("POST /rpc/v0 HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                 std::to_string(body.size()) + "\r\n\r\n" + body));
  std::string text;
  net::read_until(socket, net::dynamic_buffer(text), "tessera-test");  // the reply arrived
  auto ws = Client::connect(running->info(), Transport::kWebSocket);
  CHECK(ws->call("Filecoin.Version", json::array())["Version"] == "tessera-test");

  CHECK(time_of([&] { running->server.stop(); }) < 3s);
  running->server.stop();  // idempotent
  CHECK(closed_within(socket, 5s));

  // Nothing listens any more: a client that does not retry fails at once with IoError.
  for (auto transport : {Transport::kHttp, Transport::kWebSocket}) {
    auto client = Client::connect(ApiInfo{"", multiaddr_for("127.0.0.1", port)}, transport,
                                  ClientOptions{0ms});
    auto took = time_of(
        [&] { CHECK_THROWS_AS(client->call("Filecoin.Version", json::array(), 5s), IoError); });
    CHECK(took < 1s);
  }
  // The WebSocket client saw its connection go; its next call fails with IoError too.
  CHECK_THROWS_AS(ws->call("Filecoin.Version", json::array(), 5s), IoError);

  // The port can be bound again.
  running.reset();
  RunningServer again(api.registry, port);
  CHECK(again.port == port);
}

TEST_CASE("rpc client: reconnects to a restarted server", "[jsonrpc][rpc_server]") {
  TestApi api;
  auto first = std::make_unique<RunningServer>(api.registry);
  const auto port = first->port;
  const ApiInfo info = first->info(admin_token());
  auto http = Client::connect(info, Transport::kHttp, ClientOptions{10s});
  auto ws = Client::connect(info, Transport::kWebSocket, ClientOptions{10s});
  CHECK(http->call("Filecoin.Version", json::array())["Version"] == "tessera-test");
  CHECK(ws->call("Filecoin.Version", json::array())["Version"] == "tessera-test");

  first->server.stop();
  first.reset();

  for (auto* client : {http.get(), ws.get()}) {
    // The new server comes up while the client is retrying.
    std::unique_ptr<RunningServer> second;
    std::string start_error;
    std::thread starter([&] {
      std::this_thread::sleep_for(300ms);
      try {
        second = std::make_unique<RunningServer>(api.registry, port);
      } catch (const std::exception& e) {
        start_error = e.what();
      }
    });
    json result;
    auto took = time_of([&] {
      try {
        result = client->call("Filecoin.AuthVerify", json::array());
      } catch (const std::exception& e) {
        result = std::string("call failed: ") + e.what();
      }
    });
    starter.join();
    INFO(start_error);
    REQUIRE(second);
    CHECK(result == json(jwt::perms_up_to("admin")));
    CHECK(took >= 250ms);
    CHECK(took < 5s);
    second->server.stop();
  }
}
