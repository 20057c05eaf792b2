// parse_http_url and http_post on 127.0.0.1: a jsonrpc::Server route's answer and what reaches
// it, a listener that never answers (NoAnswer once the timeout passes), one that hangs up
// (NoAnswer) and a port nobody listens on (IoError, not NoAnswer).
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "common/error.hpp"
#include "common/jsonrpc/http_post.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"

using namespace tessera;
using namespace tessera::jsonrpc;
using namespace std::chrono_literals;

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// A listening socket on 127.0.0.1 that never accepts: the kernel completes each connection into
// its backlog, so a client connects and sends but no answer ever comes.
struct SilentListener {
  net::io_context ioc;
  tcp::acceptor acceptor{ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)};
  std::uint16_t port() const { return acceptor.local_endpoint().port(); }
};

// A port on 127.0.0.1 that nothing listens on (bound, then released).
std::uint16_t closed_port() {
  net::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

// "NoAnswer", "IoError" (an IoError that is not a NoAnswer), "other" or "none": which error f
// threw, so a test can tell the two apart.
template <class F>
std::string error_kind(F&& f) {
  try {
    f();
  } catch (const NoAnswer&) {
    return "NoAnswer";
  } catch (const IoError&) {
    return "IoError";
  } catch (const std::exception&) {
    return "other";
  }
  return "none";
}

HttpTarget local(std::uint16_t port, std::string path) {
  return HttpTarget{"127.0.0.1", port, std::move(path)};
}

}  // namespace

TEST_CASE("parse_http_url: host, port and path of http URLs", "[jsonrpc][http]") {
  auto t = parse_http_url("http://127.0.0.1:2345/remote");
  CHECK(t.host == "127.0.0.1");
  CHECK(t.port == 2345);
  CHECK(t.path == "/remote");

  t = parse_http_url("http://[::1]:80/remote/vanilla/single?x=1");
  CHECK(t.host == "::1");
  CHECK(t.port == 80);
  CHECK(t.path == "/remote/vanilla/single?x=1");

  t = parse_http_url("http://worker.example:65535/");
  CHECK(t.host == "worker.example");
  CHECK(t.port == 65535);
  CHECK(t.path == "/");
}

TEST_CASE("parse_http_url: InvalidInput for what it cannot reach", "[jsonrpc][http]") {
  for (const char* url :
       {"https://127.0.0.1:2345/remote", "127.0.0.1:2345/remote", "ws://h:1/rpc/v0",
        "http://127.0.0.1/remote", "http://127.0.0.1:/remote", "http://127.0.0.1:2345",
        "http://127.0.0.1:0/remote", "http://127.0.0.1:99999/remote", "http://127.0.0.1:65536/x",
        "http://127.0.0.1:12a/remote", "http://127.0.0.1:-1/remote", "http://:2345/remote",
        "http://[]:2345/remote", ""}) {
    CAPTURE(url);
    CHECK_THROWS_AS(parse_http_url(url), InvalidInput);
  }
  CHECK_THROWS_WITH(parse_http_url("https://h:1/x"), Catch::Contains("https://h:1/x"));
}

TEST_CASE("http_post: a server route's status and body; the token reaches it as Bearer",
          "[jsonrpc][http]") {
  const Bytes secret(32, 0x33);
  Registry registry;
  Server server(registry, Authenticator(secret), ServerOptions{});
  std::mutex mu;
  HttpRequest seen;
  server.add_http_route("/echo", [&](const HttpRequest& request) {
    std::lock_guard lock(mu);
    seen = request;
    return HttpResponse{201, "application/json", "{\"got\":\"" + request.body + "\"}"};
  });
  const auto port = server.start();

  const auto token = jwt::sign_token(secret, jwt::perms_up_to("admin"));
  auto reply = http_post(local(port, "/echo/here"), token, "application/json", "hello", 5s);
  CHECK(reply.status == 201);
  CHECK(reply.body == "{\"got\":\"hello\"}");
  {
    std::lock_guard lock(mu);
    CHECK(seen.method == "POST");
    CHECK(seen.target == "/echo/here");
    CHECK(seen.body == "hello");
    CHECK(seen.headers["authorization"] == "Bearer " + token);
    CHECK(seen.headers["content-type"] == "application/json");
    CHECK(seen.perms == jwt::perms_up_to("admin"));
  }

  // No token: no Authorization header, so the server grants only "read".
  reply = http_post(local(port, "/echo"), "", "text/plain", std::string(100000, 'x'), 5s);
  CHECK(reply.status == 201);
  CHECK(reply.body.size() == 100000 + 10);
  {
    std::lock_guard lock(mu);
    CHECK(seen.headers["authorization"].empty());
    CHECK(seen.perms == std::vector<std::string>{"read"});
    CHECK(seen.headers["content-type"] == "text/plain");
  }

  // A token of another secret: the server's 401 comes back as an answer, not an exception.
  reply = http_post(local(port, "/echo"), jwt::sign_token(Bytes(32, 1), {"admin"}), "text/plain",
                    "x", 5s);
  CHECK(reply.status == 401);
  // No route: the server's 404, likewise.
  CHECK(http_post(local(port, "/nothing-here"), token, "text/plain", "x", 5s).status == 404);
  server.stop();
}

TEST_CASE("http_post: a server that accepts and never answers is NoAnswer after the timeout",
          "[jsonrpc][http]") {
  SilentListener silent;
  const auto timeout = 500ms;
  const auto start = Clock::now();
  try {
    http_post(local(silent.port(), "/remote/vanilla/single"), "t", "application/json", "{}",
              timeout);
    FAIL("http_post returned without an answer");
  } catch (const NoAnswer& e) {
    CHECK_THAT(e.what(), Catch::Contains("127.0.0.1:" + std::to_string(silent.port())));
  }
  const auto took = Clock::now() - start;
  CHECK(took >= timeout - 50ms);  // the steady timer fires no earlier than asked
  CHECK(took < timeout + 2s);
}

TEST_CASE("http_post: a server that hangs up without answering is NoAnswer", "[jsonrpc][http]") {
  net::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  tcp::socket peer(ioc);
  acceptor.async_accept(peer, [&](boost::system::error_code ec) {
    if (!ec) peer.close();
  });
  std::thread serving([&] { ioc.run_for(5s); });
  const auto port = acceptor.local_endpoint().port();
  CHECK(error_kind([&] { http_post(local(port, "/x"), "", "text/plain", "hi", 5s); }) ==
        "NoAnswer");
  serving.join();
}

TEST_CASE("http_post: IoError, not NoAnswer, when nothing listens", "[jsonrpc][http]") {
  const auto port = closed_port();
  CHECK(error_kind([&] { http_post(local(port, "/x"), "", "text/plain", "hi", 2s); }) == "IoError");
  CHECK_THROWS_WITH(http_post(local(port, "/x"), "", "text/plain", "hi", 2s),
                    Catch::Contains("127.0.0.1:" + std::to_string(port)));
}
