// `lotus-miner proving check` and `proving compute window-post` end to end in one process: the
// devnet (vanilla proofs) with two 2 KiB sectors sealed on disk serves the full-node API, and a
// miner API on 127.0.0.1 (found through a scratch repo's api and token files) serves
// CheckProvable and ComputeWindowPoSt with miner/proving_api.hpp's check_provable and
// compute_window_post over those sector files. Expected text from lotus v1.23.3
// cmd/lotus-miner/proving.go: check prints "%d\t%d\t%d\t%s\n" rows (status "good" or
// "bad (<reason>)") under "deadline\tpartition\tsector\tstatus" in Go's text/tabwriter (2, 4, 2);
// compute prints "Took <duration>" then the params as indented JSON.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/commands.hpp"
#include "common/jsonrpc/client.hpp"
#include "miner/proving_api.hpp"
#include "storage/index/index_api.hpp"
#include "test/support/window_post_chain.hpp"

using namespace tessera;

namespace {

struct Output {
  int code;
  std::string out;
  std::string err;
};

// Go's text/tabwriter cell: text padded with spaces to width.
std::string cell(const std::string& text, std::size_t width) {
  return text + std::string(width - text.size(), ' ');
}

// One row of `proving check`'s table (columns "deadline  ", "partition  ", "sector  ").
std::string check_row(std::uint64_t deadline, std::uint64_t sector, const std::string& status) {
  return cell(std::to_string(deadline), 10) + cell("0", 11) + cell(std::to_string(sector), 8) +
         status + "\n";
}
const std::string kCheckHeader = "deadline  partition  sector  status\n";

// The chain of window_post_chain.hpp with sectors 1 and 2, its full-node API for the CLI
// (FULLNODE_API_INFO, admin) and a miner API proving from its sector files; the storage path
// "store-a" declares only sector 1.
struct Cluster {
  Cluster() {
    chain.commit_sectors({1, 2});
    node_server.emplace(chain.registry, jsonrpc::Authenticator(chain.secret),
                        jsonrpc::ServerOptions{.threads = 2, .rpc_paths = {"/rpc/v1"}});
    const auto node_port = node_server->start();
    env.emplace("FULLNODE_API_INFO", jwt::sign_token(chain.secret, jwt::perms_up_to("admin")) +
                                         ":" + multiaddr_for("127.0.0.1", node_port));
    miner::register_proving_api(
        registry,
        miner::ProvingApi{
            .check_provable =
                [this](std::int64_t, const std::vector<miner::SectorRef>& sectors) {
                  return miner::check_provable(chain.miner_id, sectors, *chain.client,
                                               test::WindowPostChain::access(chain.lookup()));
                },
            .compute_window_post =
                [this](std::uint64_t deadline, const chain::TipSetKey& at) {
                  auto ctx = StageContext::best_effort();
                  return miner::compute_window_post(chain.miner_id, deadline, at, *chain.client,
                                                    test::WindowPostChain::access(chain.lookup()),
                                                    params::ProofMode::kVanilla, 0, ctx);
                }});
    api::serve(registry, paths::kStorageList, [this] {
      return std::map<std::string, std::vector<paths::Declaration>>{
          {"store-a", {{{chain.miner_id, 1}, paths::FileType::kSealed, true}}}};
    });
    const Bytes secret(32, 0x66);
    miner_server.emplace(registry, jsonrpc::Authenticator(secret),
                         jsonrpc::ServerOptions{.host = "127.0.0.1", .port = 0});
    const ApiInfo info{jwt::sign_token(secret, jwt::perms_up_to("admin")),
                       multiaddr_for("127.0.0.1", miner_server->start())};
    std::ofstream(repo / "api") << info.address;
    std::ofstream(repo / "token") << info.token;
    client = jsonrpc::Client::connect(info, jsonrpc::Transport::kHttp);
  }
  ~Cluster() {
    miner_server->stop();
    node_server->stop();
  }

  Output cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--miner-repo", repo.path().string(), "--actor",
                               "t0" + std::to_string(chain.miner_id), "proving"});
    std::ostringstream out, err;
    const int code = cli::run_command_line(cli::make_miner_app(), args, out, err);
    return {code, out.str(), err.str()};
  }
  // Sector n's sealed file is gone.
  void remove_sealed(std::uint64_t n) {
    REQUIRE(std::filesystem::remove(chain.sector_files.at(n).sealed));
  }

  test::WindowPostChain chain;
  std::optional<jsonrpc::Server> node_server;
  std::optional<test::EnvGuard> env;
  test::TempDir repo;
  jsonrpc::Registry registry;
  std::optional<jsonrpc::Server> miner_server;
  std::unique_ptr<jsonrpc::Client> client;
};

// The error lines of a failed command: exit code 1, nothing on stdout.
void check_fails(const Output& r, const std::string& message) {
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("ERROR: " + message));
}

}  // namespace

TEST_CASE("proving check says which sectors of a deadline can be proven",
          "[cli][proving][check][devnet]") {
  Cluster c;
  // The devnet puts each sector in its own deadline, as partition 0.
  const std::uint64_t d1 = c.chain.deadline_of(1), d2 = c.chain.deadline_of(2);
  REQUIRE(d1 != d2);
  const auto check = [&](std::vector<std::string> flags, std::uint64_t d) {
    flags.insert(flags.begin(), "check");
    flags.push_back(std::to_string(d));
    const auto r = c.cli(flags);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    return r.out;
  };

  CHECK(check({}, d1) == kCheckHeader + check_row(d1, 1, "good"));
  CHECK(check({}, d2) == kCheckHeader + check_row(d2, 2, "good"));
  CHECK(check({"--only-bad"}, d1) == kCheckHeader);
  CHECK(check({"--faulty"}, d1) == kCheckHeader);  // no faulty sectors: none checked
  std::uint64_t empty = 0;                         // a deadline without sectors
  while (empty == d1 || empty == d2) ++empty;
  CHECK(check({}, empty) == kCheckHeader);

  // Sector 1's sealed file is removed: bad, with the miner's reason.
  c.remove_sealed(1);
  const auto bad = api::call(*c.client, miner::kCheckProvable, 10,
                             {{{c.chain.miner_id, 1}, 5}, {{c.chain.miner_id, 2}, 5}});
  REQUIRE(bad.reasons.size() == 1);
  const std::string reason = bad.reasons.at(1);
  CHECK_THAT(reason, Catch::Contains("sealed-1: No such file or directory"));
  const std::string bad_row = check_row(d1, 1, "bad (" + reason + ")");
  CHECK(check({}, d1) == kCheckHeader + bad_row);
  CHECK(check({"--slow"}, d1) == kCheckHeader + bad_row);
  CHECK(check({"--only-bad"}, d1) == kCheckHeader + bad_row);
  CHECK(check({"--only-bad"}, d2) == kCheckHeader);
  CHECK(check({}, d2) == kCheckHeader + check_row(d2, 2, "good"));
  // store-a declares sector 1 only; an unknown path holds nothing.
  CHECK(check({"--storage-id", "store-a"}, d1) == kCheckHeader + bad_row);
  CHECK(check({"--storage-id", "store-a"}, d2) == kCheckHeader);
  CHECK(check({"--storage-id", "nowhere"}, d1) == kCheckHeader);

  // The node's own error, as lotus passes it on.
  check_fails(c.cli({"check", "48"}),
              "Filecoin.StateMinerPartitions: deadline index 48 out of range");
  check_fails(c.cli({"check", "x"}),
              "could not parse deadline index: strconv.ParseUint: parsing \"x\": invalid syntax");
  check_fails(c.cli({"check"}), "incorrect number of arguments, got 0");
  // A sector of another miner is refused.
  CHECK_THROWS_MATCHES(api::call(*c.client, miner::kCheckProvable, 10, {{{4242, 1}, 5}}),
                       InvalidInput,
                       Catch::Message("CheckProvable: sector s-t04242-1 is not of "
                                      "this miner (t0" +
                                      std::to_string(c.chain.miner_id) + ")"));
}

TEST_CASE("proving compute window-post computes a deadline's proof without submitting it",
          "[cli][proving][compute][devnet]") {
  Cluster c;
  const std::uint64_t d = c.chain.deadline_of(1);
  c.chain.advance_into(d);
  const auto head = c.chain.head();

  const auto r = c.cli({"compute", "window-post", std::to_string(d)});
  REQUIRE(r.code == 0);
  const auto newline = r.out.find('\n');
  REQUIRE(newline != std::string::npos);
  CHECK_THAT(r.out.substr(0, newline), Catch::StartsWith("Took "));
  const auto printed = nlohmann::json::parse(r.out.substr(newline + 1));
  REQUIRE(printed.size() == 1);
  CHECK(printed[0]["Deadline"] == d);
  CHECK(printed[0]["Partitions"] == nlohmann::json::parse(R"([{"Index": 0, "Skipped": []}])"));
  REQUIRE(printed[0]["Proofs"].size() == 1);
  // Go's json.MarshalIndent(…, "", "  "): two-space indents, fields in declaration order.
  CHECK_THAT(r.out, Catch::Contains("[\n  {\n    \"Deadline\": " + std::to_string(d) +
                                    ",\n    \"Partitions\": [\n      {\n        \"Index\": 0,\n"
                                    "        \"Skipped\": []\n      }\n    ],\n    \"Proofs\""));

  // Nothing was sent: no block, no pending message, the deadline unproven.
  CHECK(c.chain.head() == head);
  CHECK(c.chain.net.select_messages().empty());
  CHECK(c.chain.client->state_miner_deadlines(c.chain.miner(), head)[d].post_submissions.empty());

  // The API's params are a valid proof: the chain accepts them when submitted.
  const auto params = api::call(*c.client, miner::kComputeWindowPoSt, d, {});
  REQUIRE(params.size() == 1);
  CHECK(params[0].deadline == d);
  REQUIRE(params[0].partitions.size() == 1);
  CHECK(params[0].partitions[0].skipped.empty());
  REQUIRE(c.chain.submit(params[0]).exit_code == 0);
  CHECK(c.chain.partition(d).all_sectors.count() == 1);
  CHECK(c.chain.client->state_miner_deadlines(c.chain.miner(), c.chain.head())[d]
            .post_submissions.contains(0));

  // Without sector 1's sealed file it is skipped.
  c.remove_sealed(1);
  const auto skipping = api::call(*c.client, miner::kComputeWindowPoSt, d, c.chain.head());
  REQUIRE(skipping.size() == 1);
  CHECK(skipping[0].partitions[0].skipped.all(10) == std::vector<std::uint64_t>{1});

  // Bad input.
  check_fails(c.cli({"compute", "window-post", "48"}),
              "ComputeWindowPoSt: deadline index 48 is out of range (the chain has 48 deadlines)");
  check_fails(c.cli({"compute", "windowed-post"}), "incorrect number of arguments, got 0");
  const chain::TipSetKey unknown{
      {cid::Cid::parse("bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4")}};
  CHECK_THROWS_WITH(api::call(*c.client, miner::kComputeWindowPoSt, d, unknown),
                    Catch::Contains("not found"));
  CHECK_THROWS_AS(api::call(*c.client, miner::kComputeWindowPoSt, d, unknown), NotFound);
}
