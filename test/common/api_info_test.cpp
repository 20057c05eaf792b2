#include <catch2/catch.hpp>

#include <string>

#include "common/api_info.hpp"
#include "common/error.hpp"

using namespace tessera;

namespace {

constexpr const char* kToken =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJBbGxvdyI6WyJyZWFkIiwid3JpdGUiLCJzaWduIiwiYWRtaW4iXX0."
    "5lRaUKL6YDoISGlo14xwpeeacUF8a9HmOlEQ3ukDj_o";

}  // namespace

TEST_CASE("api info: token and multiaddr", "[api_info]") {
  auto info = parse_api_info(std::string(kToken) + ":/ip4/127.0.0.1/tcp/2345/http");
  CHECK(info.token == kToken);
  CHECK(info.address == "/ip4/127.0.0.1/tcp/2345/http");
  CHECK(info.host() == "127.0.0.1");
  CHECK(info.port() == 2345);
  CHECK(info.http_url() == "http://127.0.0.1:2345/rpc/v0");
  CHECK(info.http_url("v1") == "http://127.0.0.1:2345/rpc/v1");
}

TEST_CASE("api info: address only", "[api_info]") {
  auto info = parse_api_info("/ip4/10.0.0.7/tcp/1234/http");
  CHECK(info.token.empty());
  CHECK(info.address == "/ip4/10.0.0.7/tcp/1234/http");
  CHECK(info.host() == "10.0.0.7");
  CHECK(info.port() == 1234);

  // A string whose prefix is not JWT-shaped is all address (lotus cli/util/apiinfo.go).
  auto not_token = parse_api_info("notatoken:/ip4/127.0.0.1/tcp/1/http");
  CHECK(not_token.token.empty());
  CHECK(not_token.address == "notatoken:/ip4/127.0.0.1/tcp/1/http");

  auto v6 = parse_api_info("/ip6/::1/tcp/2345/http");
  CHECK(v6.host() == "::1");
  CHECK(v6.http_url() == "http://[::1]:2345/rpc/v0");

  auto ws = parse_api_info("/dns/miner.example/tcp/80/ws");
  CHECK(ws.host() == "miner.example");
  CHECK(ws.port() == 80);
}

TEST_CASE("api info: URL form", "[api_info]") {
  auto info = parse_api_info(std::string(kToken) + ":http://127.0.0.1:1234/rpc/v0");
  CHECK(info.token == kToken);
  CHECK(info.address == "http://127.0.0.1:1234/rpc/v0");
  CHECK(info.host() == "127.0.0.1");
  CHECK(info.port() == 1234);
  CHECK(info.http_url() == "http://127.0.0.1:1234/rpc/v0");

  auto ws = parse_api_info("ws://[::1]:2345/rpc/v1");
  CHECK(ws.token.empty());
  CHECK(ws.host() == "::1");
  CHECK(ws.port() == 2345);

  CHECK_THROWS_AS(parse_api_info("http://127.0.0.1/rpc/v0").port(), InvalidInput);
  CHECK_THROWS_AS(parse_api_info("http://127.0.0.1:http/rpc/v0").port(), InvalidInput);
}

TEST_CASE("api info: format round trip", "[api_info]") {
  ApiInfo info{kToken, "/ip4/127.0.0.1/tcp/2345/http"};
  auto text = format_api_info("MINER_API_INFO", info);
  CHECK(text == std::string("MINER_API_INFO=") + kToken + ":/ip4/127.0.0.1/tcp/2345/http");
  auto parsed = parse_api_info(text.substr(text.find('=') + 1));
  CHECK(parsed.token == info.token);
  CHECK(parsed.address == info.address);
}

TEST_CASE("parse_listen_multiaddr accepts listen addresses", "[api_info]") {
  using Pair = std::pair<std::string, std::uint16_t>;
  CHECK(parse_listen_multiaddr("/ip4/127.0.0.1/tcp/2345/http") == Pair{"127.0.0.1", 2345});
  CHECK(parse_listen_multiaddr("/ip4/0.0.0.0/tcp/0") == Pair{"0.0.0.0", 0});
  CHECK(parse_listen_multiaddr("/ip4/127.0.0.1/tcp/65535/ws") == Pair{"127.0.0.1", 65535});
  CHECK(parse_listen_multiaddr("/ip6/::1/tcp/2345/http") == Pair{"::1", 2345});
  CHECK(parse_listen_multiaddr("/dns4/localhost/tcp/80") == Pair{"localhost", 80});
  CHECK(parse_listen_multiaddr("/dns6/localhost/tcp/81/http") == Pair{"localhost", 81});
}

TEST_CASE("parse_listen_multiaddr rejects other strings", "[api_info]") {
  for (const char* bad :
       {"", "/", "127.0.0.1:2345", "/ip4/127.0.0.1", "/ip4/127.0.0.1/tcp",
        "/ip4/127.0.0.1/udp/2345", "/ip5/127.0.0.1/tcp/2345", "/ip4//tcp/2345",
        "/ip4/127.0.0.1/tcp/65536", "/ip4/127.0.0.1/tcp/-1", "/ip4/127.0.0.1/tcp/12ab",
        "/ip4/127.0.0.1/tcp/", "/ip4/127.0.0.1/tcp/2345/https",
        "/ip4/127.0.0.1/tcp/2345/http/extra", "ip4/127.0.0.1/tcp/2345"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_listen_multiaddr(bad), InvalidInput);
  }
}

TEST_CASE("multiaddr_for builds /ip4 and /ip6 addresses", "[api_info]") {
  CHECK(multiaddr_for("127.0.0.1", 2345) == "/ip4/127.0.0.1/tcp/2345/http");
  CHECK(multiaddr_for("::1", 1) == "/ip6/::1/tcp/1/http");
  auto [host, port] = parse_listen_multiaddr(multiaddr_for("192.168.1.2", 40000));
  CHECK(host == "192.168.1.2");
  CHECK(port == 40000);
}
