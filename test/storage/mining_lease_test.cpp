// The mining lease (issue #14): LocalMiningLease on a metadata datastore with a fake wall clock
// (grant, renewal, refusal, takeover, release, restart, corrupt records, bad input), the lease
// methods served by a SectorNumberService on 127.0.0.1 and called through MiningLeaseClient, and
// the holder's LeaseKeeper with a fake clock and a service that can be slowed or cut off.
#include <catch2/catch.hpp>

#include <spdlog/sinks/ostream_sink.h>

#include <chrono>
#include <sstream>
#include <string>

#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jwt/jwt.hpp"
#include "common/log.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/lease/lease_api.hpp"
#include "storage/lease/lease_client.hpp"
#include "storage/lease/lease_keeper.hpp"
#include "storage/lease/mining_lease.hpp"
#include "storage/sectorid/number_api.hpp"
#include "storage/sectorid/number_service.hpp"
#include "test/support/ports.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace std::chrono_literals;
using lease::LeaseKeeper;
using lease::LeaseState;
using lease::LocalMiningLease;
using std::chrono::milliseconds;

namespace {

// 2023-11-14T22:13:20Z in unix ms: where the fake wall clock starts.
constexpr milliseconds kWallStart{1'700'000'000'000};

// One fake time for the service's wall clock and the keepers' steady clocks.
struct FakeTime {
  milliseconds now{0};

  LocalMiningLease::WallClock wall() {
    return [this] { return std::chrono::system_clock::time_point(kWallStart + now); };
  }
  LeaseKeeper::Clock steady() {
    return [this] { return std::chrono::steady_clock::time_point(now); };
  }
};

// The lease service as a keeper reaches it: a request takes `delay` to arrive, and nothing
// arrives while `down`.
class Network final : public lease::MiningLease {
 public:
  Network(lease::MiningLease& service, FakeTime& time) : service_(service), time_(time) {}

  LeaseState acquire(std::string_view holder, milliseconds ttl) override {
    ++acquires;
    reach();
    return service_.acquire(holder, ttl);
  }
  void release(std::string_view holder) override {
    reach();
    service_.release(holder);
  }
  LeaseState current() override {
    reach();
    return service_.current();
  }

  bool down = false;
  milliseconds delay{0};
  int acquires = 0;

 private:
  void reach() {
    if (down) throw IoError("mining lease service at 127.0.0.1:9 unreachable");
    time_.now += delay;
  }

  lease::MiningLease& service_;
  FakeTime& time_;
};

// Captures the "miner" logger's lines (only the message) while it lives.
class MinerLog {
 public:
  MinerLog()
      : logger_(log::get("miner")), saved_sinks_(logger_->sinks()), saved_level_(logger_->level()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(lines_);
    sink->set_pattern("%v");
    logger_->sinks() = {sink};
    logger_->set_level(spdlog::level::info);
  }
  ~MinerLog() {
    logger_->sinks() = saved_sinks_;
    logger_->set_level(saved_level_);
  }
  // How many lines contain text.
  int count(std::string_view text) const {
    std::istringstream in(lines_.str());
    int n = 0;
    for (std::string line; std::getline(in, line);) n += line.find(text) != std::string::npos;
    return n;
  }
  std::string text() const { return lines_.str(); }

 private:
  std::shared_ptr<spdlog::logger> logger_;
  std::vector<spdlog::sink_ptr> saved_sinks_;
  spdlog::level::level_enum saved_level_;
  std::ostringstream lines_;
};

LeaseState granted(const std::string& holder, milliseconds remaining) {
  return LeaseState{true, holder, remaining};
}
LeaseState refused(const std::string& holder, milliseconds remaining) {
  return LeaseState{false, holder, remaining};
}

Bytes secret() {
  return Bytes(32, 0x4c);
}

}  // namespace

template <>
struct Catch::StringMaker<LeaseState> {
  static std::string convert(const LeaseState& state) {
    return std::string("{") + (state.granted ? "granted" : "not granted") + ", \"" + state.holder +
           "\", " + std::to_string(state.remaining.count()) + " ms}";
  }
};

TEST_CASE("the mining lease is granted, renewed, refused and taken over at expiry", "[lease]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  FakeTime time;
  LocalMiningLease lease(*store, "f01000", time.wall());

  CHECK(lease.current() == LeaseState{});
  CHECK(lease.acquire("miner-a", 30s) == granted("miner-a", 30s));
  CHECK(lease.current() == granted("miner-a", 30s));
  time.now = 10s;
  CHECK(lease.acquire("miner-b", 30s) == refused("miner-a", 20s));
  CHECK(lease.acquire("miner-a", 30s) == granted("miner-a", 30s));  // renewed: to 40 s
  time.now = 39'999ms;
  CHECK(lease.acquire("miner-b", 30s) == refused("miner-a", 1ms));
  CHECK(lease.current() == granted("miner-a", 1ms));
  time.now = 40s;  // expired: the standby takes over
  CHECK(lease.current() == LeaseState{});
  CHECK(lease.acquire("miner-b", 20s) == granted("miner-b", 20s));
  CHECK(lease.acquire("miner-a", 30s) == refused("miner-b", 20s));

  // The record: CBOR (RFC 8949) array(2) [text "miner-b", uint64 1700000060000 = 0x18bcfe65260],
  // the expiry being kWallStart + 40 s + 20 s in unix ms.
  const Bytes expected{0x82, 0x67, 'm',  'i',  'n',  'e',  'r',  '-',  'b',
                       0x1b, 0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe6, 0x52, 0x60};
  CHECK(store->get(lease::kMiningLeaseKey) == expected);
}

TEST_CASE("only the holder releases the mining lease", "[lease]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  FakeTime time;
  LocalMiningLease lease(*store, "f01000", time.wall());

  lease.release("miner-a");  // no lease: nothing to do
  REQUIRE(lease.acquire("miner-a", 30s).granted);
  lease.release("miner-b");  // not the holder: ignored
  CHECK(lease.current() == granted("miner-a", 30s));
  lease.release("miner-a");
  CHECK(lease.current() == LeaseState{});
  CHECK_FALSE(store->get(lease::kMiningLeaseKey));
  CHECK(lease.acquire("miner-b", 30s) == granted("miner-b", 30s));  // at once, not at expiry
}

TEST_CASE("a restarted service keeps honoring an unexpired mining lease", "[lease]") {
  test::TempDir dir;
  FakeTime time;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  REQUIRE(LocalMiningLease(*store, "f01000", time.wall()).acquire("miner-a", 60s).granted);
  store.reset();

  time.now = 15s;
  store = datastore::MetadataStore::open(dir / "metadata");
  LocalMiningLease reopened(*store, "f01000", time.wall());
  CHECK(reopened.current() == granted("miner-a", 45s));
  CHECK(reopened.acquire("miner-b", 30s) == refused("miner-a", 45s));
  time.now = 60s;
  CHECK(reopened.acquire("miner-b", 30s) == granted("miner-b", 30s));
}

TEST_CASE("a corrupt mining lease record is refused, not overwritten", "[lease]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  FakeTime time;
  LocalMiningLease lease(*store, "f01000", time.wall());

  const auto corrupt = GENERATE(Bytes{0xff, 0x00},              // not CBOR
                                Bytes{0x82, 0x01, 0x02},        // [1, 2]
                                Bytes{0x81, 0x61, 'a'},         // ["a"]
                                Bytes{0x82, 0x60, 0x01},        // ["", 1]
                                Bytes{0x82, 0x61, 'a', 0x20});  // ["a", -1]
  store->put(lease::kMiningLeaseKey, corrupt);
  CHECK_THROWS_AS(lease.acquire("miner-a", 30s), InvalidInput);
  CHECK_THROWS_WITH(
      lease.acquire("miner-a", 30s),
      Catch::Contains("corrupt record /tessera/mining-lease") && Catch::Contains("f01000"));
  CHECK_THROWS_AS(lease.current(), InvalidInput);
  CHECK_THROWS_AS(lease.release("miner-a"), InvalidInput);
  CHECK(store->get(lease::kMiningLeaseKey) == corrupt);
}

TEST_CASE("a mining lease record far ahead of the wall clock runs at most 10 minutes", "[lease]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  FakeTime time;
  time.now = 24h;
  LocalMiningLease lease(*store, "f01000", time.wall());
  REQUIRE(lease.acquire("miner-a", 10min).granted);
  time.now = 0ms;  // the wall clock stepped back a day: the record says 24 h 10 min are left
  CHECK(lease.acquire("miner-b", 30s) == refused("miner-a", 10min));
  time.now = 10min;
  CHECK(lease.acquire("miner-b", 30s) == granted("miner-b", 30s));
}

TEST_CASE("the mining lease refuses bad holders and ttls", "[lease]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  FakeTime time;
  LocalMiningLease lease(*store, "f01000", time.wall());

  for (const auto& holder :
       std::initializer_list<std::string>{"", "miner a", "miner\n", std::string(129, 'x')}) {
    CAPTURE(holder);
    CHECK_THROWS_AS(lease.acquire(holder, 30s), InvalidInput);
    CHECK_THROWS_AS(lease.release(holder), InvalidInput);
    CHECK_THROWS_AS(LeaseKeeper(lease, holder, 30s), InvalidInput);
  }
  for (const milliseconds ttl : {0ms, -1ms, milliseconds(10min) + 1ms}) {
    CAPTURE(ttl.count());
    CHECK_THROWS_WITH(lease.acquire("miner-a", ttl), Catch::Contains("ttl must be 1 ms"));
    CHECK_THROWS_AS(LeaseKeeper(lease, "miner-a", ttl), InvalidInput);
  }
  CHECK_FALSE(store->get(lease::kMiningLeaseKey));
  CHECK(lease.acquire(std::string(128, 'x'), 10min) == granted(std::string(128, 'x'), 10min));
}

TEST_CASE("the mining lease is served next to the sector numbers and called over HTTP", "[lease]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  sectorid::SectorNumberAssigner numbers(*store);
  LocalMiningLease lease(*store, "f01000");
  sectorid::SectorNumberService service(numbers, secret(), "127.0.0.1:0");
  lease::register_mining_lease_api(service.registry(), lease);
  const auto address = multiaddr_for("127.0.0.1", service.start());
  const auto with_perm = [&](std::string_view perm) {
    return ApiInfo{jwt::sign_token(secret(), jwt::perms_up_to(perm)), address};
  };

  lease::MiningLeaseClient a(with_perm(jwt::kWrite));
  lease::MiningLeaseClient b(with_perm(jwt::kWrite));
  CHECK(a.acquire("miner-a", 5min).granted);
  const auto seen_by_b = b.acquire("miner-b", 5min);
  CHECK_FALSE(seen_by_b.granted);
  CHECK(seen_by_b.holder == "miner-a");
  CHECK(seen_by_b.remaining > 4min);  // generous: the two calls are milliseconds apart
  CHECK(b.current().holder == "miner-a");
  b.release("miner-a-not");  // not the holder: ignored
  CHECK(lease.current().holder == "miner-a");
  a.release("miner-a");
  CHECK(b.acquire("miner-b", 5min).granted);
  CHECK(lease.current().holder == "miner-b");

  // The service's own errors arrive typed; the sector-number methods are still served.
  CHECK_THROWS_AS(a.acquire("miner-a", 0ms), InvalidInput);
  CHECK_THROWS_AS(a.acquire("", 30s), InvalidInput);
  auto numbers_client = jsonrpc::Client::connect(with_perm(jwt::kWrite), jsonrpc::Transport::kHttp);
  CHECK(api::call(*numbers_client, sectorid::kSectorNumAssignerMeta).next == 0);

  SECTION("a token the service does not accept is refused") {
    lease::MiningLeaseClient forged(
        ApiInfo{jwt::sign_token(Bytes(32, 0x01), {"read", "write"}), address});
    CHECK_THROWS_AS(forged.acquire("miner-c", 30s), PermissionDenied);
    CHECK_THROWS_AS(forged.current(), PermissionDenied);
    lease::MiningLeaseClient no_token(ApiInfo{"", address});
    CHECK_THROWS_AS(no_token.acquire("miner-c", 30s), PermissionDenied);
    CHECK_THROWS_WITH(no_token.release("miner-b"), Catch::Contains(address));
    lease::MiningLeaseClient reader(with_perm(jwt::kRead));
    CHECK(reader.current().holder == "miner-b");
    CHECK_THROWS_AS(reader.acquire("miner-c", 30s), PermissionDenied);
    CHECK(lease.current().holder == "miner-b");
  }
  SECTION("a service that is down is an IoError naming it") {
    service.stop();
    CHECK_THROWS_AS(a.acquire("miner-a", 30s), IoError);
    CHECK_THROWS_WITH(a.current(), Catch::Contains("mining lease service at " + address));
    lease::MiningLeaseClient nowhere(
        ApiInfo{with_perm(jwt::kWrite).token, multiaddr_for("127.0.0.1", test::free_port())});
    CHECK_THROWS_AS(nowhere.acquire("miner-a", 30s), IoError);
  }
}

TEST_CASE("the lease keeper acquires, renews with a third of the ttl left, and releases",
          "[lease]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  FakeTime time;
  LocalMiningLease service(*store, "f01000", time.wall());
  Network network(service, time);
  MinerLog log;
  LeaseKeeper keeper(network, "miner-a", 30s, time.steady());

  CHECK(keeper.may_mine());
  CHECK(keeper.known_holder() == "miner-a");
  CHECK(network.acquires == 1);
  time.now = 19'999ms;  // more than 10 s left: no renewal
  CHECK(keeper.may_mine());
  CHECK(network.acquires == 1);
  time.now = 20s;  // 10 s left: renewed, to 50 s
  CHECK(keeper.may_mine());
  CHECK(network.acquires == 2);
  time.now = 39'999ms;
  CHECK(keeper.may_mine());
  CHECK(network.acquires == 2);
  CHECK(log.count("acquired mining lease as miner-a for 30s") == 1);

  keeper.release();
  CHECK(service.current() == LeaseState{});
  CHECK(log.count("released mining lease") == 1);
  CHECK(keeper.may_mine());  // asks again
  CHECK(log.count("acquired mining lease") == 2);
}

TEST_CASE("the lease keeper counts its lease from when it sent the request", "[lease]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  FakeTime time;
  LocalMiningLease service(*store, "f01000", time.wall());
  Network network(service, time);
  MinerLog log;
  LeaseKeeper holder(network, "miner-a", 30s, time.steady());

  network.delay = 5s;  // the request arrives at 5 s: the service's lease runs to 35 s
  REQUIRE(holder.may_mine());
  network.delay = 0ms;
  network.down = true;  // from now on the holder cannot renew
  time.now = 25s;
  CHECK(holder.may_mine());  // renewal failed, but its lease runs to 30 s by its own count
  CHECK(log.count("mining lease service failed, mining until the lease expires in 5s") == 1);
  time.now = 29'999ms;
  CHECK(holder.may_mine());
  time.now = 30s;
  CHECK_FALSE(holder.may_mine());
  CHECK(log.count("lost mining lease: it expired") == 1);
  CHECK(log.count("mining lease service failed") == 1);  // once per failure streak

  // The service still gives the standby nothing until its own count ends at 35 s.
  LeaseKeeper standby(service, "miner-b", 30s, time.steady());
  CHECK_FALSE(standby.may_mine());
  CHECK(standby.known_holder() == "miner-a");
  time.now = 35s;
  CHECK(standby.may_mine());

  network.down = false;
  CHECK_FALSE(holder.may_mine());
  CHECK(holder.known_holder() == "miner-b");
  CHECK(log.count("mining lease service answers again") == 1);
}

TEST_CASE("a standby keeper waits, reports the holder once, and takes over when renewals stop",
          "[lease]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  FakeTime time;
  LocalMiningLease service(*store, "f01000", time.wall());
  MinerLog log;
  LeaseKeeper holder(service, "miner-a", 30s, time.steady());
  LeaseKeeper standby(service, "miner-b", 30s, time.steady());

  REQUIRE(holder.may_mine());
  // Both ask each second; the holder renews at 20 s (to 50 s), then stops (it crashed) at 25 s.
  milliseconds took_over{0};
  for (time.now = 1s; time.now <= 2min && took_over == 0ms; time.now += 1s) {
    if (time.now <= 25s) CHECK(holder.may_mine());
    if (standby.may_mine()) took_over = time.now;
  }
  CHECK(took_over == 50s);
  CHECK(log.count("standing by: mining lease held by miner-a for") == 1);
  CHECK(log.count("standing by: mining lease held by miner-a for 29s") == 1);
  CHECK(standby.known_holder() == "miner-b");

  // The old holder comes back: it stands by for the new one, and logs that once.
  CHECK_FALSE(holder.may_mine());
  CHECK_FALSE(holder.may_mine());
  CHECK(holder.known_holder() == "miner-b");
  CHECK(log.count("standing by: mining lease held by miner-b for 29s") == 1);  // at 51 s
}

TEST_CASE("a keeper whose lease the service gives to another stops at once", "[lease]") {
  test::TempDir dir;
  auto store = datastore::MetadataStore::open(dir / "metadata");
  FakeTime time;
  LocalMiningLease service(*store, "f01000", time.wall());
  MinerLog log;
  LeaseKeeper keeper(service, "miner-a", 30s, time.steady());

  REQUIRE(keeper.may_mine());
  service.release("miner-a");  // e.g. an operator cleared it, and miner-b took it
  REQUIRE(service.acquire("miner-b", 30s).granted);
  time.now = 20s;  // renewal time
  CHECK_FALSE(keeper.may_mine());
  CHECK(log.count("lost mining lease: the service says miner-b holds it") == 1);
  CHECK(log.count("standing by: mining lease held by miner-b for 10s") == 1);
}

TEST_CASE("holder IDs name the host and the instance, the same after a restart", "[lease]") {
  const auto first = lease::make_holder_id("0123abcd");
  CHECK(first == lease::make_holder_id("0123abcd"));
  CHECK(first != lease::make_holder_id("4567ef01"));
  CHECK_NOTHROW(lease::check_holder(first));
  CHECK_THAT(first, Catch::EndsWith("-0123abcd"));
  CHECK_NOTHROW(lease::check_holder(lease::make_holder_id("a b\tc")));  // made printable
  CHECK_THROWS_AS(lease::make_holder_id(""), InvalidInput);
  CHECK_THROWS_AS(lease::make_holder_id(std::string(49, 'x')), InvalidInput);
}
