// Bounded, deterministic fuzzing of the JSON-RPC server: random and mutated request bodies over
// HTTP POST and over one WebSocket. Every HTTP request must get an HTTP response, every
// WebSocket request with an id a reply, and the server must still serve a valid call afterwards.
#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jsonrpc/dispatcher.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "common/log.hpp"

using namespace tessera;
using namespace tessera::jsonrpc;
using nlohmann::json;
using namespace std::chrono_literals;

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {

constexpr int kHttpRequests = 3000;
constexpr int kWsRequests = 2000;
constexpr int kRawHttpRequests = 40;
constexpr std::uint64_t kSeed = 0x6a736f6e727063;  // "jsonrpc"
constexpr auto kIoTimeout = 5s;

Bytes test_secret() {
  return Bytes(32, 0x42);
}

Registry make_registry() {
  Registry registry;
  registry.add({"Filecoin.Version", "read", 0, [](const json&, CallContext&) {
                  return json{{"Version", "fuzz"}, {"APIVersion", 0x10000}};
                }});
  registry.add(
      {"Filecoin.Echo", "read", 1, [](const json& params, CallContext&) { return params[0]; }});
  registry.add({"Filecoin.Add", "read", 2, [](const json& params, CallContext&) {
                  if (!params[0].is_number_integer() || !params[1].is_number_integer()) {
                    throw InvalidInput("Add takes two integers");
                  }
                  // Wrapping, not signed overflow: the fuzzer sends INT64_MAX + 1.
                  return json(static_cast<std::int64_t>(params.at(0).get<std::uint64_t>() +
                                                        params.at(1).get<std::uint64_t>()));
                }});
  registry.add({"Filecoin.AuthNew", "admin", 1, [](const json& params, CallContext&) {
                  std::vector<std::string> perms = params.at(0);
                  return json(jwt::sign_token(test_secret(), perms));
                }});
  registry.add({"Filecoin.Fail", "read", 0,
                [](const json&, CallContext&) -> json { throw IoError("disk on fire"); }});
  registry.add(
      {"Filecoin.Shutdown", "admin", 0, [](const json&, CallContext&) { return json(); }, false});
  // Two values sent from the handler itself (before the reply: they are queued behind it).
  registry.add({"Filecoin.Chan", "read", 1,
                [](const json& params, CallContext& call) {
                  call.channel->send(params[0]);
                  call.channel->send(json{{"second", true}});
                  call.channel->close();
                  return json();
                },
                true, true});
  return registry;
}

// Text snippets spliced into request templates: wrong types, huge numbers, odd strings.
const std::vector<std::string> kIds = {"1",
                                       "0",
                                       "-1",
                                       "42",
                                       "\"abc\"",
                                       "\"\"",
                                       "null",
                                       "true",
                                       "1.5",
                                       "-0",
                                       "1e3",
                                       "[]",
                                       "{}",
                                       "[1]",
                                       "18446744073709551615",
                                       "18446744073709551616",
                                       "-9223372036854775808",
                                       "123456789012345678901234567890",
                                       "1e400",
                                       "-1e400",
                                       "1e-400",
                                       "\"\\ud800\"",
                                       "\"\\u0000\"",
                                       "NaN",
                                       "Infinity",
                                       "0x10",
                                       "01"};
const std::vector<std::string> kMethods = {"\"Filecoin.Version\"",
                                           "\"Filecoin.Echo\"",
                                           "\"Filecoin.Add\"",
                                           "\"Filecoin.AuthNew\"",
                                           "\"Filecoin.Fail\"",
                                           "\"Filecoin.Shutdown\"",
                                           "\"Filecoin.Chan\"",
                                           "\"Filecoin.Nope\"",
                                           "\"xrpc.cancel\"",
                                           "\"xrpc.ch.close\"",
                                           "\"\"",
                                           "\"Filecoin.\"",
                                           "\"filecoin.version\"",
                                           "\"Filecoin.Version\\u0000\"",
                                           "null",
                                           "1",
                                           "[]",
                                           "{}",
                                           "true",
                                           "\"Filecoin.Version \"",
                                           "\"\\u00e9\\u2603\""};
const std::vector<std::string> kParams = {"[]",
                                          "null",
                                          "[1]",
                                          "[1,2]",
                                          "[1,2,3]",
                                          "[\"x\"]",
                                          "[null]",
                                          "[[\"read\",\"admin\"]]",
                                          "[[1,2]]",
                                          "[{\"a\":[1,{\"b\":null}]}]",
                                          "{}",
                                          "{\"a\":1}",
                                          "\"[]\"",
                                          "1",
                                          "true",
                                          "[1e400]",
                                          "[-1e400]",
                                          "[123456789012345678901234567890]",
                                          "[9223372036854775807,1]",
                                          "[18446744073709551615,1]",
                                          "[1.5,2.5]",
                                          "[\"\\ud800\"]",
                                          "[\"\\udc00\\ud800\"]",
                                          "[\"\\u0000\"]",
                                          "[[[[[[[[[[]]]]]]]]]]",
                                          "[1,]",
                                          "[,1]"};

std::string request_text(const std::string& id, const std::string& method,
                         const std::string& params, bool with_id = true) {
  std::string out = "{\"jsonrpc\":\"2.0\"";
  if (with_id) out += ",\"id\":" + id;
  return out + ",\"method\":" + method + ",\"params\":" + params + "}";
}

std::vector<std::string> seed_corpus() {
  return {
      request_text("1", "\"Filecoin.Version\"", "[]"),
      request_text("2", "\"Filecoin.Echo\"", "[{\"x\":[1,2,3],\"y\":\"z\"}]"),
      request_text("3", "\"Filecoin.Add\"", "[40,2]"),
      request_text("4", "\"Filecoin.AuthNew\"", "[[\"read\",\"write\"]]"),
      request_text("5", "\"Filecoin.Fail\"", "[]"),
      request_text("6", "\"Filecoin.Shutdown\"", "[]"),
      request_text("7", "\"Filecoin.Chan\"", "[\"v\"]"),
      request_text("\"eight\"", "\"Filecoin.Echo\"", "[\"\\u00e9\\ud83d\\ude00\"]"),
      request_text("", "\"Filecoin.Echo\"", "[1]", false),
      "{\"jsonrpc\":\"2.0\",\"method\":\"xrpc.cancel\",\"params\":[7]}",
      "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"Filecoin.Version\"}",
  };
}

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : rng_(seed), seeds_(seed_corpus()) {}

  std::size_t pick(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng_() % n); }
  template <class T>
  const T& one_of(const std::vector<T>& items) {
    return items[pick(items.size())];
  }

  std::string next() {
    switch (rng_() % 10) {
      case 0: {  // random bytes
        std::string out(pick(200), '\0');
        for (auto& c : out) c = static_cast<char>(rng_());
        return out;
      }
      case 1: {  // random JSON-ish characters
        static const std::string kChars = "{}[]\":,0123456789.eE+-tfnul\\ abc";
        std::string out(pick(120), ' ');
        for (auto& c : out) c = kChars[pick(kChars.size())];
        return out;
      }
      case 2: {  // a truncated valid request
        auto out = one_of(seeds_);
        out.resize(pick(out.size()));
        return out;
      }
      case 3:
      case 4:
      case 5:  // the template with wrong types in any field
        return request_text(one_of(kIds), one_of(kMethods), one_of(kParams), rng_() % 8 != 0);
      case 6: {  // deep nesting, balanced or not, in params or as the whole body
        const std::size_t depth = 1 + pick(rng_() % 4 == 0 ? 5000 : 1100);
        std::string nested =
            std::string(depth, '[') + (rng_() % 4 == 0 ? "" : std::string(depth, ']'));
        if (rng_() % 2) return nested;
        return request_text(one_of(kIds), "\"Filecoin.Echo\"", "[" + nested + "]");
      }
      case 7: {  // a long string or a long array
        if (rng_() % 2) {
          return request_text("1", "\"Filecoin.Echo\"",
                              "[\"" + std::string(pick(100000), 'x') + "\"]");
        }
        std::string arr = "[0";
        for (std::size_t i = pick(20000); i > 0; --i) arr += ",1";
        return request_text("1", "\"Filecoin.Echo\"", "[" + arr + "]]");
      }
      default: {  // byte edits of a seed
        auto out = one_of(seeds_);
        for (int e = 1 + static_cast<int>(pick(4)); e > 0; --e) {
          switch (rng_() % 4) {
            case 0:
              if (!out.empty()) out[pick(out.size())] ^= static_cast<char>(1u << (rng_() % 8));
              break;
            case 1:
              out.insert(out.begin() + static_cast<std::ptrdiff_t>(pick(out.size() + 1)),
                         "{}[]\",:"[pick(7)]);
              break;
            case 2:
              if (!out.empty())
                out.erase(out.begin() + static_cast<std::ptrdiff_t>(pick(out.size())));
              break;
            default: {
              const auto& other = one_of(seeds_);
              auto from = pick(other.size());
              out.insert(pick(out.size() + 1), other.substr(from, pick(other.size() - from + 1)));
            }
          }
        }
        return out;
      }
    }
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> seeds_;
};

// Runs the io_context until done() or the timeout; true if done.
template <class Done>
bool run_until(net::io_context& ioc, Done done,
               std::chrono::steady_clock::duration timeout = kIoTimeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  ioc.restart();
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    ioc.run_one_for(std::chrono::milliseconds(100));
  }
  return done();
}

// A keep-alive HTTP connection that re-connects when the server closed the last one.
class HttpConn {
 public:
  explicit HttpConn(std::uint16_t port) : port_(port) {}

  // The response to req, or nullopt when none came within the timeout.
  std::optional<http::response<http::string_body>> round_trip(
      http::request<http::string_body>& req) {
    if (!stream_) {
      stream_.emplace(ioc_);
      bool done = false;
      beast::error_code ec;
      stream_->async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_),
                             [&](beast::error_code e) {
                               ec = e;
                               done = true;
                             });
      if (!run_until(ioc_, [&] { return done; }) || ec) return std::nullopt;
    }
    http::response<http::string_body> res;
    beast::flat_buffer buffer;
    bool done = false;
    beast::error_code ec;
    http::async_write(*stream_, req, [&](beast::error_code e, std::size_t) {
      if (e) {
        ec = e;
        done = true;
        return;
      }
      http::async_read(*stream_, buffer, res, [&](beast::error_code e2, std::size_t) {
        ec = e2;
        done = true;
      });
    });
    bool finished = run_until(ioc_, [&] { return done; });
    if (!finished || ec || !res.keep_alive()) stream_.reset();
    if (!finished || ec) return std::nullopt;
    return res;
  }

 private:
  std::uint16_t port_;
  net::io_context ioc_;
  std::optional<beast::tcp_stream> stream_;
};

bool valid_utf8(const std::string& text) {
  try {
    (void)json(text).dump();
    return true;
  } catch (const json::type_error&) {
    return false;
  }
}

// The id of a request body the server must answer with that id, if any: a JSON object
// carrying an integer or string id, not xrpc.cancel, nested no deeper than the server's
// limit of 1000 levels (deeper ones get a parse error with a null id).
std::optional<json> expected_id(const std::string& body) {
  json request = json::parse(body, nullptr, false);
  if (request.is_discarded() || !request.is_object() || !request.contains("id"))
    return std::nullopt;
  const json& id = request["id"];
  if (!id.is_number_integer() && !id.is_string()) return std::nullopt;
  if (request.value("method", json()) == "xrpc.cancel") return std::nullopt;
  if (json_nesting_depth(body) > kMaxNestingDepth) return std::nullopt;
  return id;
}

// Quiets the "rpc" logger (thousands of protocol-error warnings) for the test's lifetime.
struct QuietRpcLog {
  std::shared_ptr<spdlog::logger> logger = log::get("rpc");
  spdlog::level::level_enum saved = logger->level();
  QuietRpcLog() { logger->set_level(spdlog::level::off); }
  ~QuietRpcLog() { logger->set_level(saved); }
};

}  // namespace

TEST_CASE("JSON-RPC server answers random and mutated requests", "[jsonrpc][fuzz]") {
  QuietRpcLog quiet;
  const auto registry = make_registry();
  Server server(registry, Authenticator(test_secret()), ServerOptions{"127.0.0.1", 0, 2, 1 << 20});
  const auto port = server.start();
  const auto admin = jwt::sign_token(test_secret(), jwt::perms_up_to("admin"));
  Mutator mutator(kSeed);
  const auto start = std::chrono::steady_clock::now();

  SECTION("HTTP POST") {
    HttpConn conn(port);
    std::map<int, int> statuses;
    std::size_t replies = 0;
    for (int i = 0; i < kHttpRequests; ++i) {
      const std::string body = mutator.next();
      http::request<http::string_body> req{http::verb::post, "/rpc/v0", 11};
      req.set(http::field::host, "127.0.0.1");
      switch (mutator.rng()() % 8) {
        case 0:
          req.set(http::field::authorization, "Bearer " + admin);
          break;
        case 1:
          req.target("/rpc/v0?token=" + admin);
          break;
        case 2:  // a garbled token: 401
          req.set(http::field::authorization,
                  "Bearer " + admin.substr(0, mutator.pick(admin.size())));
          break;
        case 3:
          req.set(http::field::content_type, "text/plain");
          break;
        default:
          req.set(http::field::content_type, "application/json");
      }
      req.body() = body;
      req.prepare_payload();
      auto res = conn.round_trip(req);
      INFO("request "
           << i << ": "
           << json(body).dump(-1, ' ', true, json::error_handler_t::replace).substr(0, 300));
      REQUIRE(res);
      const int status = res->result_int();
      ++statuses[status];
      CHECK((status == 200 || status == 400 || status == 401 || status == 500 || status == 413));
      if (!res->body().empty() && status != 401) {
        auto reply = json::parse(res->body(), nullptr, false);
        REQUIRE(!reply.is_discarded());
        CHECK(reply["jsonrpc"] == "2.0");
        CHECK(reply.contains("id"));
        ++replies;
        if (auto id = expected_id(body); id && status != 401) CHECK(reply["id"] == *id);
      }
    }
    std::string summary;
    for (auto [status, count] : statuses)
      summary += " " + std::to_string(status) + "x" + std::to_string(count);
    WARN("jsonrpc fuzz: "
         << kHttpRequests << " HTTP requests (" << replies << " JSON replies; statuses" << summary
         << ") in "
         << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
         << " s");
    // The corpus must reach the success paths and the refusals alike.
    CHECK(statuses[200] > kHttpRequests / 20);
    CHECK(statuses[500] > kHttpRequests / 20);
    CHECK(statuses[400] > 0);
    CHECK(statuses[401] > 0);
  }

  SECTION("raw malformed HTTP") {
    for (int i = 0; i < kRawHttpRequests; ++i) {
      std::string head(1 + mutator.pick(100), ' ');
      for (auto& c : head) c = static_cast<char>(1 + mutator.rng()() % 255);
      net::io_context ioc;
      tcp::socket socket(ioc);
      socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
      std::string request = head + "\r\n\r\n", response;
      bool done = false;
      net::async_write(socket, net::buffer(request), [&](beast::error_code ec, std::size_t) {
        if (ec) {
          done = true;
          return;
        }
        net::async_read(socket, net::dynamic_buffer(response),
                        [&](beast::error_code, std::size_t) { done = true; });
      });
      INFO("raw request " << i);
      REQUIRE(run_until(ioc, [&] { return done; }));
      CHECK(response.rfind("HTTP/1.1 400", 0) == 0);
    }
  }

  SECTION("one WebSocket") {
    net::io_context ioc;
    websocket::stream<beast::tcp_stream> ws(ioc);
    beast::error_code ec;
    bool done = false;
    beast::get_lowest_layer(ws).async_connect(
        tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](beast::error_code e) {
          ec = e;
          done = true;
        });
    REQUIRE(run_until(ioc, [&] { return done; }));
    REQUIRE(!ec);
    // As Go clients do; else each probe written right after a body waits for a delayed ACK.
    beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true));
    done = false;
    // The token in the query: admin methods are reachable too.
    ws.async_handshake("127.0.0.1", "/rpc/v0?token=" + admin, [&](beast::error_code e) {
      ec = e;
      done = true;
    });
    REQUIRE(run_until(ioc, [&] { return done; }));
    REQUIRE(!ec);

    auto write = [&](const std::string& text, bool binary) {
      ws.binary(binary);
      bool written = false;
      ws.async_write(net::buffer(text), [&](beast::error_code e, std::size_t) {
        ec = e;
        written = true;
      });
      REQUIRE(run_until(ioc, [&] { return written; }));
      REQUIRE(!ec);
    };
    beast::flat_buffer buffer;
    auto read = [&]() -> json {
      bool got = false;
      ws.async_read(buffer, [&](beast::error_code e, std::size_t) {
        ec = e;
        got = true;
      });
      REQUIRE(run_until(ioc, [&] { return got; }));
      REQUIRE(!ec);
      auto text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      auto message = json::parse(text, nullptr, false);
      REQUIRE(!message.is_discarded());
      return message;
    };

    std::size_t answered = 0, with_id = 0, channel_messages = 0;
    for (int i = 0; i < kWsRequests; ++i) {
      const std::string body = mutator.next();
      INFO("request "
           << i << ": "
           << json(body).dump(-1, ' ', true, json::error_handler_t::replace).substr(0, 300));
      // Text frames must be UTF-8 (RFC 6455); anything else goes as a binary frame.
      write(body, !valid_utf8(body));
      // A probe after every body. Calls run concurrently, so replies may come in any order: read
      // until the probe's reply and, when the body has an id, the body's own reply are in.
      const std::string probe_id = "probe-" + std::to_string(i);
      write(request_text("\"" + probe_id + "\"", "\"Filecoin.Version\"", "[]"), false);
      const auto id = expected_id(body);
      std::vector<json> replies;
      auto answered_body = [&] {
        return std::any_of(replies.begin(), replies.end(),
                           [&](const json& r) { return r.value("id", json()) == *id; });
      };
      for (bool probe_seen = false; !probe_seen || (id && !answered_body());) {
        auto message = read();
        if (message.contains("method")) {  // channel notification
          CHECK((message["method"] == "xrpc.ch.val" || message["method"] == "xrpc.ch.close"));
          ++channel_messages;
          continue;
        }
        if (message.value("id", json()) == probe_id) {
          CHECK(message["result"]["Version"] == "fuzz");
          probe_seen = true;
          continue;
        }
        replies.push_back(message);
      }
      // Replies of earlier bodies without an id may arrive late, so they are counted overall.
      answered += replies.size();
      if (id) ++with_id;  // and its reply came (the loop above waits for it)
    }
    WARN("jsonrpc fuzz: "
         << kWsRequests << " WebSocket requests (" << with_id << " with an id, " << answered
         << " replies, " << channel_messages << " channel messages) in "
         << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
         << " s");
    CHECK(with_id > kWsRequests / 10);
    CHECK(answered <= static_cast<std::size_t>(kWsRequests));  // at most one reply per body
    CHECK(channel_messages > 0);
  }

  // Still serving, over both transports.
  for (auto transport : {Transport::kHttp, Transport::kWebSocket}) {
    auto client = Client::connect(ApiInfo{admin, multiaddr_for("127.0.0.1", port)}, transport);
    CHECK(client->call("Filecoin.Version", json::array(), 5s)["Version"] == "fuzz");
    CHECK(client->call("Filecoin.Add", json::array({40, 2}), 5s) == 42);
  }
  CHECK(std::chrono::steady_clock::now() - start < 30s);
}
