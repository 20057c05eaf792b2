// The `lotus-miner sectors` commands end to end in one process: the real command tree talks
// over HTTP to a JSON-RPC server on 127.0.0.1 serving the sector methods from a fake backend,
// found through a scratch repo's api and token files (--miner-repo). Expected text from lotus
// v1.23.3 cmd/lotus-miner/sectors.go.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/commands.hpp"
#include "common/api_info.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "miner/sectors_api.hpp"
#include "test/support/fake_batch_queue.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;

namespace {

// A message CID the fake backend answers for a flushed batch.
constexpr const char* kBatchMessage =
    "bafy2bzacedjwujqzuzzesrqe4en3ir6lz5jdd2psxis4efuro7w4sqn5kcwwy";

const char* const kCid = "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4";

// Records kept under a lock: handlers run on the server's call threads.
class FakeBackend : public test::FakeBatchingBackend {
 public:
  paths::SectorId pledge() override {
    std::lock_guard lock(mu_);
    const std::uint64_t n = records_.empty() ? 1 : records_.rbegin()->first + 1;
    records_[n] = record(n, "Packing");
    return {1000, n};
  }
  std::vector<miner::SectorListEntry> list() override {
    std::lock_guard lock(mu_);
    std::vector<miner::SectorListEntry> out;
    for (const auto& [n, r] : records_) out.push_back({n, r.state});
    return out;
  }
  std::optional<datastore::SectorInfo> get(std::uint64_t number) override {
    std::lock_guard lock(mu_);
    auto it = records_.find(number);
    if (it == records_.end()) return std::nullopt;
    return it->second;
  }
  void force_state(std::uint64_t number, const std::string& state) override {
    std::lock_guard lock(mu_);
    records_.at(number).state = state;
    ++changes_;
  }
  void remove(std::uint64_t number) override {
    std::lock_guard lock(mu_);
    records_.at(number).state = "Removed";
    ++changes_;
  }
  std::optional<miner::OnChainSectorInfo> on_chain(std::uint64_t) override { return std::nullopt; }

  void add(std::uint64_t n, const std::string& state) {
    std::lock_guard lock(mu_);
    records_[n] = record(n, state);
  }
  std::string state_of(std::uint64_t n) {
    std::lock_guard lock(mu_);
    return records_.at(n).state;
  }
  int changes() {
    std::lock_guard lock(mu_);
    return changes_;
  }

 private:
  static datastore::SectorInfo record(std::uint64_t n, const std::string& state) {
    datastore::SectorInfo info;
    info.state = state;
    info.sector_number = n;
    info.sector_type = 5;
    info.pieces.push_back({2048, cid::Cid::parse(kCid), cbor::Value::null()});
    info.comm_d = cid::Cid::parse(kCid);
    info.ticket_value = Bytes{0xab};
    info.ticket_epoch = 12;
    return info;
  }

  std::mutex mu_;
  std::map<std::uint64_t, datastore::SectorInfo> records_;
  int changes_ = 0;
};

struct Output {
  int code;
  std::string out;
  std::string err;
};

struct Miner {
  Miner() {
    miner::serve_sectors_api(registry, backend);
    const Bytes secret(32, 0x44);
    server.emplace(registry, jsonrpc::Authenticator(secret),
                   jsonrpc::ServerOptions{.host = "127.0.0.1", .port = 0});
    const auto port = server->start();
    std::ofstream(repo / "api") << multiaddr_for("127.0.0.1", port);
    std::ofstream(repo / "token") << jwt::sign_token(secret, jwt::perms_up_to("admin"));
  }

  Output cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--miner-repo", repo.path().string(), "sectors"});
    std::ostringstream out, err;
    const int code = cli::run_command_line(app, args, out, err);
    return {code, out.str(), err.str()};
  }

  test::TempDir repo;
  jsonrpc::Registry registry;
  FakeBackend backend;
  std::optional<jsonrpc::Server> server;
  cli::Command app = cli::make_miner_app();
};

}  // namespace

TEST_CASE("sectors pledge and status against a served backend", "[sectors-api]") {
  Miner m;
  const auto pledged = m.cli({"pledge"});
  INFO(pledged.err);
  REQUIRE(pledged.code == 0);
  // fmt.Println("Created CC sector: ", n): Println adds a space between operands.
  CHECK(pledged.out == "Created CC sector:  1\n");

  const auto status = m.cli({"status", "1"});
  INFO(status.err);
  REQUIRE(status.code == 0);
  CHECK(status.out == std::string("SectorID:\t1\nStatus:\t\tPacking\nCIDcommD:\t") + kCid +
                          "\nCIDcommR:\t<nil>\nTicket:\t\tab\nTicketH:\t12\nSeed:\t\t\n"
                          "SeedH:\t\t0\nPrecommit:\t<nil>\nCommit:\t\t<nil>\nDeals:\t\t[0]\n"
                          "Retries:\t0\n");

  const auto missing = m.cli({"status", "9"});
  CHECK(missing.code != 0);
  CHECK_THAT(missing.err, Catch::Contains("sector 9 not found"));
  const auto bad = m.cli({"status", "x9"});
  CHECK(bad.code != 0);
  CHECK_THAT(bad.err, Catch::Contains("strconv.ParseUint: parsing \"x9\": invalid syntax"));
}

TEST_CASE("sectors update-state and remove", "[sectors-api]") {
  Miner m;
  m.backend.add(7, "CommitFailed");

  SECTION("without --really-do-it both refuse and change nothing") {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"update-state", "7", "Committing"}, {"remove", "7"}}) {
      const auto r = m.cli(args);
      CHECK(r.code != 0);
      CHECK_THAT(r.err, Catch::Contains("this is a command for advanced users, only use it if "
                                        "you are sure of what you are doing"));
    }
    CHECK(m.backend.changes() == 0);
  }
  SECTION("an unknown state prints the valid ones and changes nothing") {
    const auto r = m.cli({"update-state", "--really-do-it", "7", "Bogus"});
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::StartsWith(
                          " \"Bogus\" is not a valid state. Possible states for sectors are: \n"));
    CHECK(m.backend.changes() == 0);
  }
  SECTION("a missing sector") {
    const auto r = m.cli({"update-state", "--really-do-it", "8", "Committing"});
    CHECK(r.code != 0);
    CHECK_THAT(r.err, Catch::Contains("sector 8 not found, could not change state"));
    const auto rm = m.cli({"remove", "--really-do-it", "8"});
    CHECK(rm.code != 0);
    CHECK_THAT(rm.err, Catch::Contains("sectorID 8 has not been created yet"));
    CHECK(m.backend.changes() == 0);
  }
  SECTION("update-state, then remove") {
    const auto r = m.cli({"update-state", "--really-do-it", "7", "Committing"});
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.out.empty());
    CHECK(m.backend.state_of(7) == "Committing");
    const auto rm = m.cli({"remove", "--really-do-it", "7"});
    INFO(rm.err);
    CHECK(rm.code == 0);
    CHECK(m.backend.state_of(7) == "Removed");
  }
}

TEST_CASE("sectors batching precommit|commit list the queues and --publish-now sends them",
          "[sectors-api][batch]") {
  Miner miner;
  for (const std::string queue : {"precommit", "commit"}) {
    INFO(queue);
    auto listed = miner.cli({"batching", queue});
    CHECK(listed.code == 0);
    CHECK(listed.out == "No sectors queued to be committed\n");
    auto published = miner.cli({"batching", queue, "--publish-now"});
    CHECK(published.code != 0);
    CHECK_THAT(published.err, Catch::Contains("no sectors to publish"));

    (queue == "commit" ? miner.backend.commits : miner.backend.queue).pending = {3, 5};
    listed = miner.cli({"batching", queue});
    CHECK(listed.out == "3\n5\n");
    published = miner.cli({"batching", queue, "--publish-now"});
    CHECK(published.code == 0);
    CHECK(published.out == std::string("Batch 0:\n\tMessage: ") + kBatchMessage +
                               "\n\tSectors:\n\t\t3\tOK\n\t\t5\tOK\n");
    CHECK(miner.cli({"batching", queue}).out == "No sectors queued to be committed\n");
  }
}
