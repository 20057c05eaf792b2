// Typed API declarations end to end (common/api/method.hpp over jsonrpc::Server and Client on
// 127.0.0.1): handlers run off the network threads, so a connection with a blocked call keeps
// answering; xrpc.cancel and shutdown end blocked calls; typed errors arrive as their own type.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "common/api/common_api.hpp"
#include "common/api/method.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "miner/storage_api.hpp"
#include "storage/index/index_api.hpp"
#include "storage/paths/sector_locks.hpp"

using namespace tessera;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

Bytes secret() {
  return Bytes(32, 0x33);
}

// Blocks until its call is cancelled (or 20 s pass), counting how many ended.
constexpr api::Method<void()> kBlock{"Filecoin.TestBlock", api::Perm::kRead};
// Throws the error named by its parameter.
constexpr api::Method<void(std::string)> kThrow{"Filecoin.TestThrow", api::Perm::kRead};
// Adds two numbers (typed parameters and result).
constexpr api::Method<std::uint64_t(std::uint64_t, std::uint64_t)> kAdd{"Filecoin.TestAdd",
                                                                        api::Perm::kRead};

struct Fixture {
  Fixture() {
    api::serve(registry, api::kVersion, [] { return api::VersionInfo{"test", 0x10500, 30}; });
    api::serve(registry, kBlock, [this](jsonrpc::CallContext& call) {
      ++blocked;
      const auto give_up = std::chrono::steady_clock::now() + 20s;
      while (!*call.cancelled && std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(5ms);
      ++ended;
      if (*call.cancelled) throw Cancelled("TestBlock: context canceled");
    });
    api::serve(registry, kThrow, [](const std::string& which) {
      if (which == "InvalidInput") throw InvalidInput("bad " + which);
      if (which == "NotFound") throw NotFound("bad " + which);
      if (which == "PermissionDenied") throw PermissionDenied("bad " + which);
      if (which == "Conflict") throw Conflict("bad " + which);
      if (which == "IoError") throw IoError("bad " + which);
      if (which == "NotImplemented") throw NotImplemented("bad " + which);
      if (which == "Cancelled") throw Cancelled("bad " + which);
      throw Error("bad " + which);
    });
    api::serve(registry, kAdd, [](std::uint64_t a, std::uint64_t b) { return a + b; });
    miner::register_lock_api(registry, locks);
    server.emplace(registry, jsonrpc::Authenticator(secret()),
                   jsonrpc::ServerOptions{.host = "127.0.0.1", .port = 0});
    port = server->start();
  }

  std::unique_ptr<jsonrpc::Client> client(jsonrpc::Transport transport) const {
    return jsonrpc::Client::connect(ApiInfo{jwt::sign_token(secret(), jwt::perms_up_to("admin")),
                                            multiaddr_for("127.0.0.1", port)},
                                    transport);
  }

  // Waits (bounded) until n calls of kBlock have started.
  bool wait_blocked(int n) const {
    for (int i = 0; i < 2000 && blocked < n; ++i) std::this_thread::sleep_for(5ms);
    return blocked >= n;
  }
  bool wait_ended(int n) const {
    for (int i = 0; i < 2000 && ended < n; ++i) std::this_thread::sleep_for(5ms);
    return ended >= n;
  }

  jsonrpc::Registry registry;
  paths::SectorLocks locks;
  std::atomic<int> blocked{0};
  std::atomic<int> ended{0};
  std::optional<jsonrpc::Server> server;
  std::uint16_t port = 0;
};

// Whether f threw; for threads other than the test's, where Catch's assertions may not run.
template <class F>
bool throws(F f) {
  try {
    f();
  } catch (const std::exception&) {
    return true;
  }
  return false;
}

template <class F>
std::chrono::milliseconds time_of(F f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

const paths::SectorId kSector{1000, 7};
constexpr std::uint32_t kSealed = static_cast<std::uint32_t>(paths::FileType::kSealed);

}  // namespace

TEST_CASE("api: typed parameters and results over HTTP and WebSocket", "[api][jsonrpc]") {
  Fixture f;
  for (auto transport : {jsonrpc::Transport::kHttp, jsonrpc::Transport::kWebSocket}) {
    auto client = f.client(transport);
    CHECK(api::call(*client, kAdd, 2, 40) == 42);
    const auto version = api::call(*client, api::kVersion);
    CHECK(version.version == "test");
    CHECK(version.api_version == 0x10500u);
    CHECK(version.block_delay == 30u);
    // A parameter of the wrong type is the server's InvalidInput.
    CHECK_THROWS_AS(client->call(kAdd.name, json::array({"two", 40})), InvalidInput);
  }
}

TEST_CASE("api: each typed error arrives as its own type", "[api][jsonrpc]") {
  Fixture f;
  for (auto transport : {jsonrpc::Transport::kHttp, jsonrpc::Transport::kWebSocket}) {
    auto client = f.client(transport);
    CHECK_THROWS_AS(api::call(*client, kThrow, "InvalidInput"), InvalidInput);
    CHECK_THROWS_AS(api::call(*client, kThrow, "NotFound"), NotFound);
    CHECK_THROWS_AS(api::call(*client, kThrow, "PermissionDenied"), PermissionDenied);
    CHECK_THROWS_AS(api::call(*client, kThrow, "Conflict"), Conflict);
    CHECK_THROWS_AS(api::call(*client, kThrow, "IoError"), IoError);
    CHECK_THROWS_AS(api::call(*client, kThrow, "NotImplemented"), NotImplemented);
    CHECK_THROWS_AS(api::call(*client, kThrow, "Cancelled"), Cancelled);
    CHECK_THROWS_WITH(api::call(*client, kThrow, "NotFound"), "bad NotFound");
    // A plain Error is go-jsonrpc's code 1, an RpcError on the client.
    try {
      api::call(*client, kThrow, "other");
      FAIL("no error");
    } catch (const jsonrpc::RpcError& e) {
      CHECK(e.code() == 1);
      CHECK(std::string(e.what()) == "bad other");
    }
  }
}

TEST_CASE("api: a WebSocket with a call blocked in StorageLock still answers at once",
          "[api][jsonrpc]") {
  Fixture f;
  auto held = f.locks.try_lock(kSector, 0, kSealed);  // the sealed file is being written
  REQUIRE(held);
  auto client = f.client(jsonrpc::Transport::kWebSocket);
  // The lock call waits on this connection; its client gives up after 1.5 s and sends
  // xrpc.cancel for it.
  auto blocked = std::async(std::launch::async, [&] {
    return throws(
        [&] { api::call_within(1500ms, *client, paths::kStorageLock, kSector, kSealed, 0); });
  });
  std::this_thread::sleep_for(100ms);
  // The same connection answers other calls meanwhile, each well within the blocked one's wait.
  for (int i = 0; i < 5; ++i) {
    const auto took = time_of([&] { CHECK(api::call(*client, api::kVersion).version == "test"); });
    CHECK(took < 1000ms);
  }
  REQUIRE(blocked.wait_for(10s) == std::future_status::ready);
  CHECK(blocked.get());  // it timed out: the lock was held all along
  // The cancelled StorageLock ended: once the holder lets go, the lock is free (a StorageLock
  // still waiting would take it).
  held.reset();
  CHECK(api::call(*client, paths::kStorageTryLock, kSector, kSealed, 0));
  CHECK(api::call(*client, paths::kStorageGetLocks)["Locks"].empty());
}

TEST_CASE("api: xrpc.cancel ends the blocked call", "[api][jsonrpc]") {
  Fixture f;
  auto client = f.client(jsonrpc::Transport::kWebSocket);
  auto call = std::async(std::launch::async,
                         [&] { return throws([&] { api::call_within(300ms, *client, kBlock); }); });
  REQUIRE(f.wait_blocked(1));
  REQUIRE(call.wait_for(10s) == std::future_status::ready);
  CHECK(call.get());
  // The client's timeout sent xrpc.cancel: the handler saw it and returned.
  CHECK(f.wait_ended(1));
  // The connection is still good.
  CHECK(api::call(*client, kAdd, 1, 1) == 2);
}

TEST_CASE("api: closing a WebSocket cancels its calls", "[api][jsonrpc]") {
  Fixture f;
  {
    auto client = f.client(jsonrpc::Transport::kWebSocket);
    auto* connection = client.get();
    auto caller = std::async(std::launch::async, [connection] {
      return throws([&] { api::call_within(20s, *connection, kBlock); });
    });
    REQUIRE(f.wait_blocked(1));
    client.reset();  // closes the connection; the pending call fails at once
    CHECK(caller.get());
  }
  CHECK(f.wait_ended(1));
}

TEST_CASE("api: shutdown with calls in flight ends within 2 s", "[api][jsonrpc]") {
  Fixture f;
  auto held = f.locks.try_lock(kSector, 0, kSealed);
  REQUIRE(held);
  auto ws = f.client(jsonrpc::Transport::kWebSocket);
  auto http = f.client(jsonrpc::Transport::kHttp);
  std::vector<std::future<bool>> callers;
  callers.push_back(std::async(
      std::launch::async, [&] { return throws([&] { api::call_within(20s, *ws, kBlock); }); }));
  callers.push_back(std::async(
      std::launch::async, [&] { return throws([&] { api::call_within(20s, *http, kBlock); }); }));
  callers.push_back(std::async(std::launch::async, [&] {
    return throws([&] { api::call_within(20s, *ws, paths::kStorageLock, kSector, kSealed, 0); });
  }));
  REQUIRE(f.wait_blocked(2));
  std::this_thread::sleep_for(100ms);  // the StorageLock call is waiting too
  const auto took = time_of([&] { f.server->stop(); });
  CHECK(took < 2000ms);
  CHECK(f.ended == 2);
  for (auto& caller : callers) CHECK(caller.get());  // each ended with an error
}
