#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/jsonrpc/dispatcher.hpp"
#include "common/jsonrpc/error_codes.hpp"
#include "common/jsonrpc/registry.hpp"

using namespace tessera;
using namespace tessera::jsonrpc;
using nlohmann::json;

namespace {

const std::vector<std::string> kReadOnly = {"read"};
const std::vector<std::string> kAdmin = {"read", "write", "sign", "admin"};

class NullSink : public ChannelSink {
 public:
  bool send(const json&) override { return !closed_; }
  void close() override { closed_ = true; }
  bool closed() const override { return closed_; }

 private:
  bool closed_ = false;
};

struct Fixture {
  Registry registry;
  std::atomic<int> calls{0};
  json last_params;

  Fixture() {
    registry.add({"Filecoin.Version", "read", 0, [](const json&, CallContext&) {
                    return json{{"Version", "1.0.0"}, {"APIVersion", 0x10000}};
                  }});
    registry.add(
        {"Filecoin.Echo", "read", 1, [](const json& params, CallContext&) { return params[0]; }});
    registry.add(
        {"Filecoin.AuthNew", "admin", 1, [](const json&, CallContext&) { return json("token"); }});
    registry.add({"Filecoin.Fail", "read", 0,
                  [](const json&, CallContext&) -> json { throw NotFound("sector 7 not found"); }});
    registry.add({"Filecoin.Count", "write", 1,
                  [this](const json& params, CallContext&) {
                    ++calls;
                    last_params = params;
                    return json("ignored");
                  },
                  /*returns_value=*/false});
    registry.add({"Filecoin.BadUtf8", "read", 0, [](const json&, CallContext&) {
                    return json(
                        std::string("a\xff"
                                    "b"));
                  }});
    registry.add({"Filecoin.Perms", "read", 0,
                  [](const json&, CallContext& call) { return json(call.perms); }});
    registry.add({"Filecoin.Chan", "read", 0,
                  [](const json&, CallContext& call) {
                    if (call.channel) call.channel->close();
                    return json();
                  },
                  true, /*channel=*/true});
  }

  DispatchResult handle(const std::string& body, const std::vector<std::string>& perms = kAdmin) {
    return Dispatcher(registry).handle(body, perms, nullptr);
  }
};

json reply_of(const DispatchResult& result) {
  REQUIRE(result.reply);
  return json::parse(*result.reply);
}

// Checks an error reply: code, message, id; returns the reply.
json expect_error(const DispatchResult& result, int code, const json& id) {
  auto reply = reply_of(result);
  CHECK(reply["jsonrpc"] == "2.0");
  CHECK(reply["id"] == id);
  CHECK(!reply.contains("result"));
  REQUIRE(reply.contains("error"));
  CHECK(reply["error"]["code"] == code);
  return reply;
}

}  // namespace

TEST_CASE("dispatcher: successful call", "[jsonrpc]") {
  Fixture f;
  auto result = f.handle(R"({"jsonrpc":"2.0","id":1,"method":"Filecoin.Version","params":[]})");
  CHECK(result.http_status == 200);
  auto reply = reply_of(result);
  CHECK(reply == json{{"jsonrpc", "2.0"},
                      {"id", 1},
                      {"result", {{"Version", "1.0.0"}, {"APIVersion", 0x10000}}}});

  // String ids are echoed back; absent and null params mean no params.
  reply = reply_of(f.handle(R"({"jsonrpc":"2.0","id":"abc","method":"Filecoin.Version"})"));
  CHECK(reply["id"] == "abc");
  CHECK(reply.contains("result"));
  reply =
      reply_of(f.handle(R"({"jsonrpc":"2.0","id":2,"method":"Filecoin.Version","params":null})"));
  CHECK(reply["result"]["Version"] == "1.0.0");

  reply = reply_of(
      f.handle(R"({"jsonrpc":"2.0","id":3,"method":"Filecoin.Echo","params":[{"a":[1,2,"x"]}]})"));
  CHECK(reply["result"] == json{{"a", {1, 2, "x"}}});

  // The handler sees the caller's permissions.
  reply = reply_of(
      f.handle(R"({"jsonrpc":"2.0","id":4,"method":"Filecoin.Perms","params":[]})", kReadOnly));
  CHECK(reply["result"] == json(kReadOnly));
}

TEST_CASE("dispatcher: parse error", "[jsonrpc]") {
  Fixture f;
  for (const char* body : {"", "{", "{\"id\":1,", "not json", "{\"id\":1}}", "\xff\xfe"}) {
    CAPTURE(body);
    auto result = f.handle(body);
    CHECK(result.http_status == 500);
    auto reply = expect_error(result, kParseError, nullptr);
    CHECK(reply["error"]["message"].get<std::string>().rfind("unmarshaling request: ", 0) == 0);
  }
}

TEST_CASE("dispatcher: invalid UTF-8 never makes handle throw", "[jsonrpc]") {
  Fixture f;
  // The parse error message quotes the offending bytes; the reply must still be valid JSON.
  for (const std::string& body :
       {std::string("\xff\xfe"), std::string("{\"id\":1,\"method\":\"Filecoin.\xc3\"}"),
        std::string("{\"id\":\"\xff\",\"method\":\"Filecoin.Version\"}")}) {
    DispatchResult result;
    REQUIRE_NOTHROW(result = f.handle(body));
    expect_error(result, kParseError, nullptr);
  }
  // A handler's string with invalid UTF-8 is sent with U+FFFD, as Go's encoding/json does.
  auto reply =
      reply_of(f.handle(R"({"jsonrpc":"2.0","id":1,"method":"Filecoin.BadUtf8","params":[]})"));
  CHECK(reply["result"] ==
        "a\xef\xbf\xbd"
        "b");
}

TEST_CASE("dispatcher: nesting deeper than 1000 levels is a parse error", "[jsonrpc]") {
  Fixture f;
  auto request = [](std::size_t params_depth) {
    // The params array itself is depth 2 (inside the request object).
    std::string nested = std::string(params_depth - 2, '[') + std::string(params_depth - 2, ']');
    return R"({"jsonrpc":"2.0","id":1,"method":"Filecoin.Echo","params":[)" + nested + "]}";
  };
  // 1000 levels: echoed back.
  auto reply = reply_of(f.handle(request(1000)));
  REQUIRE(reply.contains("result"));
  // Brackets inside strings do not count.
  reply = reply_of(f.handle(R"({"jsonrpc":"2.0","id":2,"method":"Filecoin.Echo","params":[")" +
                            std::string(20000, '[') + R"(\"]"]})"));
  CHECK(reply["result"] == std::string(20000, '[') + "\"]");
  // One more, or a million: refused before a json value is built (whose copy and dump recurse).
  for (std::size_t depth : {1001u, 10000u, 1000000u}) {
    CAPTURE(depth);
    auto result = f.handle(request(depth));
    CHECK(result.http_status == 500);
    reply = expect_error(result, kParseError, nullptr);
    CHECK(reply["error"]["message"] == "unmarshaling request: exceeded max depth");
  }
  // Unbalanced garbage is still a parse error.
  expect_error(f.handle(std::string(50000, '{')), kParseError, nullptr);
}

TEST_CASE("dispatcher: invalid request", "[jsonrpc]") {
  Fixture f;
  SECTION("not an object") {
    for (const char* body : {"[]", "42", "\"Filecoin.Version\"", "null", "[{\"id\":1}]"}) {
      CAPTURE(body);
      auto result = f.handle(body);
      CHECK(result.http_status == 400);
      expect_error(result, kInvalidRequest, nullptr);
    }
  }
  SECTION("bad id") {
    for (const char* body :
         {R"({"id":1.5,"method":"Filecoin.Version"})", R"({"id":true,"method":"Filecoin.Version"})",
          R"({"id":[1],"method":"Filecoin.Version"})",
          R"({"id":{},"method":"Filecoin.Version"})"}) {
      CAPTURE(body);
      auto result = f.handle(body);
      CHECK(result.http_status == 400);
      expect_error(result, kInvalidRequest, nullptr);
    }
  }
  SECTION("no method") {
    auto result = f.handle(R"({"jsonrpc":"2.0","id":7,"params":[]})");
    CHECK(result.http_status == 400);
    expect_error(result, kInvalidRequest, 7);
    result = f.handle(R"({"jsonrpc":"2.0","id":8,"method":42})");
    CHECK(result.http_status == 400);
    expect_error(result, kInvalidRequest, 8);
  }
  SECTION("params not an array") {
    auto result = f.handle(R"({"jsonrpc":"2.0","id":9,"method":"Filecoin.Echo","params":{"a":1}})");
    CHECK(result.http_status == 400);
    expect_error(result, kInvalidRequest, 9);
    result = f.handle(R"({"jsonrpc":"2.0","id":10,"method":"Filecoin.Echo","params":"x"})");
    CHECK(result.http_status == 400);
    expect_error(result, kInvalidRequest, 10);
  }
}

TEST_CASE("dispatcher: unknown method", "[jsonrpc]") {
  Fixture f;
  auto result = f.handle(R"({"jsonrpc":"2.0","id":1,"method":"Filecoin.X","params":[]})");
  CHECK(result.http_status == 500);
  auto reply = expect_error(result, kMethodNotFound, 1);
  CHECK(reply["error"]["message"] == "method 'Filecoin.X' not found");
}

TEST_CASE("dispatcher: wrong param count", "[jsonrpc]") {
  Fixture f;
  auto result = f.handle(R"({"jsonrpc":"2.0","id":1,"method":"Filecoin.Echo","params":[1,2]})");
  CHECK(result.http_status == 500);
  auto reply = expect_error(result, kInvalidParams, 1);
  CHECK(reply["error"]["message"] == "wrong param count (method 'Filecoin.Echo'): 2 != 1");

  reply = expect_error(f.handle(R"({"jsonrpc":"2.0","id":2,"method":"Filecoin.Echo"})"),
                       kInvalidParams, 2);
  CHECK(reply["error"]["message"] == "wrong param count (method 'Filecoin.Echo'): 0 != 1");
  reply = expect_error(
      f.handle(R"({"jsonrpc":"2.0","id":3,"method":"Filecoin.Version","params":[null]})"),
      kInvalidParams, 3);
  CHECK(reply["error"]["message"] == "wrong param count (method 'Filecoin.Version'): 1 != 0");
}

TEST_CASE("dispatcher: missing permission", "[jsonrpc]") {
  Fixture f;
  auto result = f.handle(
      R"({"jsonrpc":"2.0","id":1,"method":"Filecoin.AuthNew","params":[["admin"]]})", kReadOnly);
  // go-jsonrpc: the permission check is an error the method returns, so HTTP 200 and code 1.
  CHECK(result.http_status == 200);
  auto reply = expect_error(result, kMethodError, 1);
  CHECK(reply["error"]["message"] == "missing permission to invoke 'AuthNew' (need 'admin')");

  reply = expect_error(
      f.handle(R"({"jsonrpc":"2.0","id":2,"method":"Filecoin.Count","params":[1]})", kReadOnly),
      kMethodError, 2);
  CHECK(reply["error"]["message"] == "missing permission to invoke 'Count' (need 'write')");
  CHECK(f.calls == 0);

  // No permissions at all: even read methods are refused.
  reply = expect_error(f.handle(R"({"jsonrpc":"2.0","id":3,"method":"Filecoin.Version"})", {}),
                       kMethodError, 3);
  CHECK(reply["error"]["message"] == "missing permission to invoke 'Version' (need 'read')");

  // With the permission it works.
  reply = reply_of(f.handle(
      R"({"jsonrpc":"2.0","id":4,"method":"Filecoin.AuthNew","params":[["admin"]]})", kAdmin));
  CHECK(reply["result"] == "token");
}

TEST_CASE("dispatcher: method error", "[jsonrpc]") {
  Fixture f;
  auto result = f.handle(R"({"jsonrpc":"2.0","id":5,"method":"Filecoin.Fail","params":[]})");
  CHECK(result.http_status == 200);
  // A typed error keeps its own code (common/jsonrpc/error_codes.hpp).
  auto reply = expect_error(result, kNotFoundCode, 5);
  CHECK(reply["error"]["message"] == "sector 7 not found");
}

TEST_CASE("dispatcher: no result key for error-only methods", "[jsonrpc]") {
  Fixture f;
  auto result = f.handle(R"({"jsonrpc":"2.0","id":6,"method":"Filecoin.Count","params":[[1,2]]})");
  CHECK(result.http_status == 200);
  auto reply = reply_of(result);
  CHECK(reply == json{{"jsonrpc", "2.0"}, {"id", 6}});
  CHECK(f.calls == 1);
  CHECK(f.last_params == json::array({json::array({1, 2})}));
}

TEST_CASE("dispatcher: notifications get no reply", "[jsonrpc]") {
  Fixture f;
  auto result = f.handle(R"({"jsonrpc":"2.0","method":"Filecoin.Count","params":[3]})");
  CHECK(!result.reply);
  CHECK(result.http_status == 200);
  CHECK(f.calls == 1);  // but the method ran

  CHECK(!f.handle(R"({"jsonrpc":"2.0","method":"Filecoin.Version","params":[]})").reply);
  CHECK(!f.handle(R"({"jsonrpc":"2.0","method":"Filecoin.Fail","params":[]})").reply);
  // A refused notification is not run and gets no reply either.
  CHECK(!f.handle(R"({"jsonrpc":"2.0","method":"Filecoin.Count","params":[4]})", kReadOnly).reply);
  CHECK(f.calls == 1);
}

TEST_CASE("dispatcher: channel methods", "[jsonrpc]") {
  Fixture f;
  Dispatcher dispatcher(f.registry);
  // Over HTTP (no channel support) a channel method is refused as go-jsonrpc does.
  auto result = dispatcher.handle(
      R"({"jsonrpc":"2.0","id":1,"method":"Filecoin.Chan","params":[]})", kAdmin, nullptr);
  CHECK(result.http_status == 500);
  auto reply = expect_error(result, kMethodNotFound, 1);
  CHECK(reply["error"]["message"] ==
        "method 'Filecoin.Chan' not supported in this mode (no out channel support)");

  // With a factory the result is the channel id the factory was given.
  std::uint64_t given = 0;
  std::shared_ptr<NullSink> sink;
  ChannelFactory factory = [&](std::uint64_t id) {
    given = id;
    sink = std::make_shared<NullSink>();
    return sink;
  };
  result = dispatcher.handle(R"({"jsonrpc":"2.0","id":2,"method":"Filecoin.Chan","params":[]})",
                             kAdmin, &factory);
  reply = reply_of(result);
  CHECK(reply["id"] == 2);
  CHECK(given != 0);
  CHECK(reply["result"] == given);
  REQUIRE(sink);
  CHECK(sink->closed());
}

TEST_CASE("registry: names and duplicates", "[jsonrpc]") {
  Fixture f;
  CHECK(f.registry.find("Filecoin.Version") != nullptr);
  CHECK(f.registry.find("Filecoin.Nope") == nullptr);
  auto names = f.registry.names();
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(names.size() == 8);
  CHECK_THROWS_AS(f.registry.add({"Filecoin.Version", "read", 0, nullptr}), InvalidInput);
}
