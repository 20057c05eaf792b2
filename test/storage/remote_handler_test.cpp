// The /remote route called directly with HttpRequest values, and once through a real
// jsonrpc::Server to see its headers on the wire.
#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "storage/paths/remote_handler.hpp"
#include "test/support/broken_route.hpp"
#include "test/support/files.hpp"
#include "test/support/process.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using jsonrpc::HttpRequest;
using jsonrpc::HttpResponse;
using nlohmann::json;

namespace {

const paths::FsStat kStat{1 << 30, 1 << 29, 1 << 28, 4096, 0, 2048};

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(i % 251);
  return s;
}

// One storage path "local-id" in a temporary directory holding sector s-t01000-1's sealed file
// (2 KiB) and cache directory (p_aux, t_aux); records what the route asked of it.
struct Fixture {
  Fixture() {
    write_text(dir / "sealed" / "s-t01000-1", pattern(2048));
    write_text(dir / "cache" / "s-t01000-1" / "p_aux", pattern(64));
    write_text(dir / "cache" / "s-t01000-1" / "t_aux", pattern(700));
  }

  paths::RemoteStore store() {
    return paths::RemoteStore{
        [this](paths::FileType type,
               const paths::SectorId& sector) -> std::optional<std::filesystem::path> {
          ++finds;
          auto path = dir / std::string(paths::file_type_name(type)) / paths::sector_name(sector);
          if (!std::filesystem::exists(path)) return std::nullopt;
          return path;
        },
        [](const std::string& id) -> std::optional<paths::FsStat> {
          if (id != "local-id") return std::nullopt;
          return kStat;
        },
        [this](paths::FileType type, const paths::SectorId& sector,
               const std::vector<std::string>& keep) {
          kept = keep;
          return std::filesystem::remove_all(dir / std::string(paths::file_type_name(type)) /
                                             paths::sector_name(sector)) > 0;
        }};
  }

  HttpResponse call(const std::string& method, const std::string& target,
                    std::map<std::string, std::string> headers = {},
                    std::vector<std::string> perms = jwt::perms_up_to("admin")) {
    auto response = route(HttpRequest{method, target, std::move(headers), "", std::move(perms)});
    if (response.stream) {  // what the server would send, read in odd-sized pieces
      std::string buffer(1000, '\0');
      while (response.body.size() < response.stream->length) {
        const auto want =
            std::min<std::uint64_t>(buffer.size(), response.stream->length - response.body.size());
        const auto n = response.stream->read(reinterpret_cast<std::uint8_t*>(buffer.data()), want);
        REQUIRE(n > 0);
        response.body.append(buffer, 0, n);
      }
    }
    return response;
  }

  std::string header(const HttpResponse& response, const std::string& name) {
    for (const auto& [n, v] : response.headers)
      if (n == name) return v;
    return "(absent)";
  }

  test::TempDir dir;
  int finds = 0;
  std::vector<std::string> kept;
  jsonrpc::HttpRoute route = paths::make_remote_route(store());
};

}  // namespace

TEST_CASE("remote route: stat of a local path, 404 for another ID", "[storage][remote]") {
  Fixture f;
  auto response = f.call("GET", "/remote/stat/local-id");
  CHECK(response.status == 200);
  CHECK(response.content_type == "application/json");
  CHECK(json::parse(response.body) == json{{"Capacity", 1 << 30},
                                           {"Available", 1 << 29},
                                           {"FSAvailable", 1 << 28},
                                           {"Reserved", 4096},
                                           {"Max", 0},
                                           {"Used", 2048}});
  CHECK(f.call("GET", "/remote/stat/other-id").status == 404);
}

TEST_CASE("remote route: whole files and byte ranges", "[storage][remote]") {
  Fixture f;
  const auto data = pattern(2048);
  auto whole = f.call("GET", "/remote/sealed/s-t01000-1");
  CHECK(whole.status == 200);
  CHECK(whole.content_type == "application/octet-stream");
  CHECK(whole.stream.has_value());  // read from disk as it is sent, not held in memory
  CHECK(whole.body == data);
  CHECK(f.header(whole, "Accept-Ranges") == "bytes");
  CHECK(f.header(whole, "Content-Range") == "(absent)");

  struct Case {
    std::string range;
    std::uint64_t start, length;
  };
  for (const auto& c : {Case{"bytes=10-19", 10, 10}, Case{"bytes=2000-", 2000, 48},
                        Case{"bytes=-16", 2032, 16}, Case{"bytes=2040-99999", 2040, 8},
                        Case{"bytes=-5000", 0, 2048}, Case{"bytes= 0-0 ", 0, 1}}) {
    CAPTURE(c.range);
    auto part = f.call("GET", "/remote/sealed/s-t01000-1", {{"range", c.range}});
    CHECK(part.status == 206);
    CHECK(part.content_type == "application/octet-stream");
    CHECK(part.body == data.substr(c.start, c.length));
    CHECK(f.header(part, "Content-Range") == "bytes " + std::to_string(c.start) + "-" +
                                                 std::to_string(c.start + c.length - 1) + "/2048");
    CHECK(f.header(part, "Accept-Ranges") == "bytes");
  }

  for (const auto* range : {"bytes=2048-", "bytes=5000-6000", "bytes=-0"}) {
    CAPTURE(range);
    auto unsatisfiable = f.call("GET", "/remote/sealed/s-t01000-1", {{"range", range}});
    CHECK(unsatisfiable.status == 416);
    CHECK(f.header(unsatisfiable, "Content-Range") == "bytes */2048");
  }
  for (const auto* range : {"items=0-1", "bytes=5-1", "bytes=a-b", "bytes=-", "bytes=7"}) {
    CAPTURE(range);
    auto invalid = f.call("GET", "/remote/sealed/s-t01000-1", {{"range", range}});
    CHECK(invalid.status == 416);
    CHECK(f.header(invalid, "Content-Range") == "(absent)");
  }
  // Several ranges: the whole file (multipart replies are not supported).
  auto several = f.call("GET", "/remote/sealed/s-t01000-1", {{"range", "bytes=0-1,4-5"}});
  CHECK(several.status == 200);
  CHECK(several.body == data);

  CHECK(f.call("GET", "/remote/sealed/s-t01000-2").status == 404);
  CHECK(f.call("GET", "/remote/unsealed/s-t01000-1").status == 404);
}

TEST_CASE("remote route: a directory comes as a tar GNU tar extracts", "[storage][remote]") {
  Fixture f;
  auto response = f.call("GET", "/remote/cache/s-t01000-1");
  REQUIRE(response.status == 200);
  CHECK(response.content_type == "application/x-tar");
  write_text(f.dir / "fetched.tar", response.body);
  std::filesystem::create_directories(f.dir / "out");
  auto tar = test::run_process(
      "/usr/bin/tar", {"-xf", (f.dir / "fetched.tar").string(), "-C", (f.dir / "out").string()});
  CAPTURE(tar.err);
  REQUIRE(tar.exit_code == 0);
  CHECK(test::read_file(f.dir / "out" / "p_aux") == pattern(64));
  CHECK(test::read_file(f.dir / "out" / "t_aux") == pattern(700));

  CHECK(f.call("GET", "/remote/cache/s-t01000-1", {{"range", "bytes=0-1"}}).status == 400);
}

TEST_CASE("remote route: DELETE removes files and directories", "[storage][remote]") {
  Fixture f;
  auto removed = f.call("DELETE", "/remote/sealed/s-t01000-1");
  CHECK(removed.status == 200);
  CHECK(f.kept.empty());
  CHECK_FALSE(std::filesystem::exists(f.dir / "sealed" / "s-t01000-1"));
  CHECK(f.call("GET", "/remote/sealed/s-t01000-1").status == 404);
  CHECK(f.call("DELETE", "/remote/sealed/s-t01000-1").status == 404);

  CHECK(f.call("DELETE", "/remote/cache/s-t01000-1?keep=id-a,id-b").status == 200);
  CHECK(f.kept == std::vector<std::string>{"id-a", "id-b"});
  CHECK_FALSE(std::filesystem::exists(f.dir / "cache" / "s-t01000-1"));
  CHECK(f.call("GET", "/remote/cache/s-t01000-1").status == 404);
}

TEST_CASE("remote route: bad types, bad names and traversal are 400", "[storage][remote]") {
  Fixture f;
  CHECK(f.call("GET", "/remote/sectors/s-t01000-1").status == 400);
  CHECK(f.call("DELETE", "/remote/stat/s-t01000-1").status == 400);
  for (const auto* target :
       {"/remote/sealed/s-t01000-1/../../etc", "/remote/sealed/..", "/remote/../sealed/s-t01000-1",
        "/remote/sealed/.", "/remote/cache/s-t01000-1/..", "/remote/sealed/s-t01000-01",
        "/remote/sealed/s-t01000-1%2F..%2F..", "/remote/sealed/s-t0-1", "/remote/sealed/s-t01000-",
        "/remote/sealed/s-t01000-1.", "/remote/sealed/s-t01000--1", "/remote/sealed/s-t01000-+1",
        "/remote/sealed/s-t1000-1", "/remote/sealed/s-t01000-1\\..",
        "/remote/sealed/s-t01000-99999999999999999999999"}) {
    CAPTURE(target);
    CHECK(f.call("GET", target).status == 400);
    CHECK(f.call("DELETE", target).status == 400);
  }
  CHECK(f.finds == 0);
  CHECK(std::filesystem::exists(f.dir / "sealed" / "s-t01000-1"));
}

TEST_CASE("remote route: admin only, unknown routes, methods, not implemented",
          "[storage][remote]") {
  Fixture f;
  for (const auto& perms : {std::vector<std::string>{"read"}, jwt::perms_up_to("sign")}) {
    auto denied = f.call("GET", "/remote/sealed/s-t01000-1", {}, perms);
    CHECK(denied.status == 401);
    CHECK(denied.body == "{\"Error\":\"unauthorized: missing admin permission\"}\n");
    CHECK(f.call("DELETE", "/remote/sealed/s-t01000-1", {}, perms).status == 401);
    CHECK(f.call("GET", "/remote/stat/local-id", {}, perms).status == 401);
  }
  CHECK(std::filesystem::exists(f.dir / "sealed" / "s-t01000-1"));

  for (const auto* target :
       {"/remote", "/remote/", "/remotex", "/remote/sealed", "/remote/sealed/s-t01000-1/x",
        "/remote/stat/", "/remote//s-t01000-1", "/remote/a/b/c/allocated/e/f/g"}) {
    CAPTURE(target);
    CHECK(f.call("GET", target).status == 404);
  }
  CHECK(f.call("POST", "/remote/sealed/s-t01000-1").status == 405);
  CHECK(f.call("PUT", "/remote/stat/local-id").status == 405);
  CHECK(f.call("DELETE", "/remote/unsealed/s-t01000-1/8/allocated/0/127").status == 405);

  CHECK(f.call("GET", "/remote/unsealed/s-t01000-1/8/allocated/0/127").status == 501);
  CHECK(f.call("POST", "/remote/vanilla/single").status == 501);
  // As with gorilla/mux in lotus: GET matches /remote/{type}/{sector}, with an unknown type.
  CHECK(f.call("GET", "/remote/vanilla/single").status == 400);
}

namespace {

namespace net = boost::asio;

// Sends request as is on a fresh connection and reads until the server closes it (the request
// carries "Connection: close"); fails after 10 s.
std::string raw_http(std::uint16_t port, const std::string& request) {
  net::io_context ioc;
  net::ip::tcp::socket socket(ioc);
  std::string reply;
  boost::system::error_code result = net::error::timed_out;
  socket.async_connect({net::ip::make_address("127.0.0.1"), port}, [&](auto ec) {
    if (ec) return void(result = ec);
    net::async_write(socket, net::buffer(request), [&](auto ec, std::size_t) {
      if (ec) return void(result = ec);
      net::async_read(socket, net::dynamic_buffer(reply),
                      [&](auto ec, std::size_t) { result = ec; });
    });
  });
  ioc.run_for(std::chrono::seconds(10));
  CAPTURE(result.message());
  REQUIRE(result == net::error::eof);
  return reply;
}

}  // namespace

TEST_CASE("remote route: served by jsonrpc::Server, headers reach the wire", "[storage][remote]") {
  Fixture f;
  const Bytes secret(32, 0x5a);
  jsonrpc::Registry registry;
  jsonrpc::Server server(registry, jsonrpc::Authenticator(secret), jsonrpc::ServerOptions{});
  server.add_http_route("/remote", f.route);
  const auto port = server.start();

  const auto token = jwt::sign_token(secret, jwt::perms_up_to("admin"));
  auto reply = raw_http(port,
                        "GET /remote/sealed/s-t01000-1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        "Authorization: Bearer " +
                            token + "\r\nRange: bytes=100-163\r\n\r\n");
  const auto header_end = reply.find("\r\n\r\n");
  REQUIRE(header_end != std::string::npos);
  const auto headers = reply.substr(0, header_end);
  CAPTURE(headers);
  CHECK(headers.starts_with("HTTP/1.1 206 Partial Content\r\n"));
  CHECK(headers.find("\r\nContent-Range: bytes 100-163/2048") != std::string::npos);
  CHECK(headers.find("\r\nAccept-Ranges: bytes") != std::string::npos);
  CHECK(headers.find("\r\nContent-Type: application/octet-stream") != std::string::npos);
  CHECK(headers.find("\r\nContent-Length: 64") != std::string::npos);
  CHECK(reply.substr(header_end + 4) == pattern(2048).substr(100, 64));

  // A file of several stream chunks, then a range across a chunk boundary on the same
  // kept-alive connection.
  const std::uint64_t big = (7 << 19) + 17;  // 3.5 MiB and a bit
  write_text(f.dir / "sealed" / "s-t01000-2", pattern(big));
  reply = raw_http(
      port, "GET /remote/sealed/s-t01000-2 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                "\r\n\r\nGET /remote/sealed/s-t01000-2 HTTP/1.1\r\nHost: x\r\n"
                "Connection: close\r\nAuthorization: Bearer " +
                token + "\r\nRange: bytes=1048000-1049999\r\n\r\n");
  const auto first_end = reply.find("\r\n\r\n");
  REQUIRE(first_end != std::string::npos);
  CHECK(reply.substr(0, first_end).find("\r\nContent-Length: " + std::to_string(big)) !=
        std::string::npos);
  REQUIRE(reply.size() > first_end + 4 + big);
  CHECK(reply.substr(first_end + 4, big) == pattern(big));
  const auto second = reply.substr(first_end + 4 + big);
  CHECK(second.starts_with("HTTP/1.1 206 Partial Content\r\n"));
  CHECK(second.substr(second.find("\r\n\r\n") + 4) == pattern(big).substr(1048000, 2000));

  // An empty file: a header with Content-Length 0 and nothing after it.
  write_text(f.dir / "sealed" / "s-t01000-3", "");
  reply = raw_http(port,
                   "GET /remote/sealed/s-t01000-3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                   "Authorization: Bearer " +
                       token + "\r\n\r\n");
  CHECK(reply.starts_with("HTTP/1.1 200 OK\r\n"));
  CHECK(reply.find("\r\nContent-Length: 0\r\n") != std::string::npos);
  CHECK(reply.ends_with("\r\n\r\n"));

  // Without a token the caller has only "read".
  reply =
      raw_http(port, "GET /remote/stat/local-id HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(reply.starts_with("HTTP/1.1 401 "));
  server.stop();
}

TEST_CASE("jsonrpc::Server: a streamed body that fails midway cuts the connection",
          "[storage][remote]") {
  jsonrpc::Registry registry;
  jsonrpc::Server server(registry, jsonrpc::Authenticator(Bytes(32, 1)), jsonrpc::ServerOptions{});
  constexpr std::uint64_t kLength = 3 << 20;
  server.add_http_route("/broken", test::route_failing_after_first_chunk(kLength));
  const auto port = server.start();
  // No "Connection: close": only the cut ends the reply.
  const auto reply = raw_http(port, "GET /broken HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto header_end = reply.find("\r\n\r\n");
  REQUIRE(header_end != std::string::npos);
  CHECK(reply.substr(0, header_end).find("\r\nContent-Length: " + std::to_string(kLength)) !=
        std::string::npos);
  const auto body = reply.size() - header_end - 4;
  CHECK(body > 0);
  CHECK(body < kLength);
  server.stop();
}
