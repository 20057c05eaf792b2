// `lotus-miner proving deadlines|deadline|faults` in one process against the in-process devnet
// (vanilla proofs) served over JSON-RPC on 127.0.0.1 (FULLNODE_API_INFO, --actor): a miner's
// prove-committed sector shows in its deadline, turns faulty when that deadline passes without a
// WindowPoSt, and recovering once declared. Expected text from lotus v1.23.3
// cmd/lotus-miner/proving.go (commit 7bb1f98ac6f5a6da2cc79afc26d8cd9fe323eb30, lines 49-440):
// "%d\t%d\t%d (%d)\t%d%s\n" rows in Go's text/tabwriter (2, 4, 2), the "Deadline Index:" block
// and "\t%s Sectors:%s%d\n" lines.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "chain/types/miner_params.hpp"
#include "chain/types/randomness.hpp"
#include "cli/command.hpp"
#include "cli/commands.hpp"
#include "common/api_info.hpp"
#include "common/jsonrpc/registry.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "devnet/devnet.hpp"
#include "devnet/devnet_api.hpp"
#include "devnet/miner_proving.hpp"
#include "sealing/porep/seal_in_memory.hpp"
#include "sealing/porep/vanilla_proof.hpp"
#include "sealing/porep/vanilla_proof_json.hpp"
#include "test/support/devnet_messages.hpp"
#include "test/support/devnet_test_params.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::chain;

namespace {

using test::EnvGuard;

struct Output {
  int code;
  std::string out;
  std::string err;
};

Bytes json_bytes(const nlohmann::json& j) {
  const std::string text = j.dump();
  return Bytes(text.begin(), text.end());
}

// The devnet served on /rpc/v1 with an admin token that FULLNODE_API_INFO names.
struct Cluster {
  Cluster() {
    devnet::register_full_node_api(registry, net);
    const Bytes secret(32, 0x55);
    server.emplace(registry, jsonrpc::Authenticator(secret),
                   jsonrpc::ServerOptions{.threads = 2, .rpc_paths = {"/rpc/v1"}});
    const ApiInfo info{jwt::sign_token(secret, jwt::perms_up_to("admin")),
                       multiaddr_for("127.0.0.1", server->start())};
    env.emplace("FULLNODE_API_INFO", info.token + ":" + info.address);
  }
  ~Cluster() { server->stop(); }

  // Pushes m, includes it in the next block and returns its receipt.
  MessageReceipt run(Message m) {
    const auto pushed = net.push_message(std::move(m));
    net.produce_block();
    const auto found = net.search_message(pushed.cid());
    REQUIRE(found);
    return found->receipt;
  }
  Message to_miner(std::uint64_t method, Bytes params) const {
    Message m;
    m.to = Address::from_id(miner_id);
    m.from = owner;
    m.method = method;
    m.params = std::move(params);
    return m;
  }
  ChainEpoch height() { return net.head().height(); }
  const devnet::MinerState& miner() { return *net.state_at({})->miner(miner_id); }
  // The miner's deadline at the head, as StateMinerProvingDeadline answers it.
  std::uint64_t current_deadline() {
    devnet::ApplyContext ctx;
    ctx.epoch = height();
    ctx.params = &net.params();
    return devnet::current_deadline(miner(), ctx).index;
  }

  // Creates and funds the miner, then precommits and prove-commits sector 1 (CC, 2 KiB).
  void commit_sector() {
    miner_id = test::created_miner_id(run(test::create_miner(owner)));
    REQUIRE(run(test::send(owner, Address::from_id(miner_id), test::miner_funding())).exit_code ==
            0);

    const Bytes entropy = address_entropy(Address::from_id(miner_id));
    const ChainEpoch ticket_epoch = height();
    const auto ticket = test::digest32(
        net.ticket_randomness(DomainSeparationTag::kSealRandomness, ticket_epoch, entropy));
    const auto sealed =
        porep::seal_in_memory(porep::SealInputs{5, miner_id, 1, ticket}, Bytes(2048, 0));
    SectorPreCommitInfo pc{
        .seal_proof = 5,
        .sector_number = 1,
        .sealed_cid = cid::commitment_sealed_cid(Bytes(sealed.comm_r.begin(), sealed.comm_r.end())),
        .seal_rand_epoch = ticket_epoch,
        .expiration = height() + 10'000};
    REQUIRE(run(to_miner(miner_method::kPreCommitSectorBatch2,
                         encode(PreCommitSectorBatchParams2{{pc}})))
                .exit_code == 0);
    const ChainEpoch seed_epoch = height() + net.params().pre_commit_challenge_delay;
    while (height() < seed_epoch) net.produce_block();
    const auto seed = test::digest32(net.beacon_randomness(
        DomainSeparationTag::kInteractiveSealChallengeSeed, seed_epoch, entropy));
    const Bytes proof = json_bytes(porep::vanilla_proof_to_json(porep::prove_porep(5, sealed, seed)));
    REQUIRE(run(to_miner(miner_method::kProveCommitSector,
                         encode(ProveCommitSectorParams{1, proof})))
                .exit_code == 0);
  }

  Output cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--actor", Address::from_id(miner_id).to_string(Network::kTestnet),
                               "proving"});
    std::ostringstream out, err;
    const int code = cli::run_command_line(cli::make_miner_app(), args, out, err);
    return {code, out.str(), err.str()};
  }

  test::TempDir dir;
  devnet::Devnet net{devnet::DevnetOptions{dir.path(), test::short_period_devnet_params(), 2}};
  Address owner = net.wallet().default_address();
  std::uint64_t miner_id = 0;
  jsonrpc::Registry registry;
  std::optional<jsonrpc::Server> server;
  std::optional<EnvGuard> env;
};

// Go's text/tabwriter cell: text padded with spaces to width.
std::string cell(const std::string& text, std::size_t width) {
  return text + std::string(width - text.size(), ' ');
}

// `proving deadlines` for a miner whose only sector is in deadline `sector_deadline`.
std::string deadlines_table(const std::string& miner, std::uint64_t sector_deadline,
                            std::uint64_t faults, std::uint64_t current) {
  std::string text = "Miner: " + miner + "\n" +
                     "deadline  partitions  sectors (faults)  proven partitions\n";
  for (std::uint64_t i = 0; i < 48; ++i) {
    const bool has = i == sector_deadline;
    text += cell(std::to_string(i), 10) + cell(has ? "1" : "0", 12) +
            cell(has ? "1 (" + std::to_string(faults) + ")" : "0 (0)", 18) + "0" +
            (i == current ? "  (current)" : "") + "\n";
  }
  return text;
}

}  // namespace

TEST_CASE("proving deadlines, deadline and faults against the devnet",
          "[cli][proving][devnet]") {
  Cluster c;
  c.commit_sector();
  const std::string miner = "t0" + std::to_string(c.miner_id);
  std::uint64_t sd = 0;  // the sector's deadline
  while (c.miner().deadlines[sd].partitions.empty()) ++sd;

  // Committed, not yet proven: one partition, no faults, nothing proven.
  auto r = c.cli({"deadlines"});
  REQUIRE(r.code == 0);
  CHECK(r.out == deadlines_table(miner, sd, 0, c.current_deadline()));
  r = c.cli({"faults"});
  REQUIRE(r.code == 0);
  CHECK(r.out == "Miner: " + miner + "\ndeadline  partition  sectors\n");
  r = c.cli({"deadline", std::to_string(sd)});
  REQUIRE(r.code == 0);
  CHECK(r.out == "Deadline Index:           " + std::to_string(sd) +
                     "\n"
                     "Partitions:               1\n"
                     "Proven Partitions:        0\n"
                     "Current:                  " +
                     (c.current_deadline() == sd ? "true" : "false") +
                     "\n\n"
                     "Partition Index:          0\n"
                     "\tAll Sectors:               1\n"
                     "\tLive Sectors:              1\n"
                     "\tActive Sectors:            0\n"
                     "\tFaulty Sectors:            0\n"
                     "\tRecovering Sectors:        0\n");

  // The deadline passes without a WindowPoSt: the sector is faulty.
  while (c.current_deadline() != sd) c.net.produce_block();
  while (c.current_deadline() == sd) c.net.produce_block();
  r = c.cli({"deadlines"});
  REQUIRE(r.code == 0);
  CHECK(r.out == deadlines_table(miner, sd, 1, c.current_deadline()));
  r = c.cli({"faults"});
  REQUIRE(r.code == 0);
  CHECK(r.out == "Miner: " + miner + "\ndeadline  partition  sectors\n" +
                     cell(std::to_string(sd), 10) + "0          1\n");

  // Declared recovered: -n lists the numbers of each set.
  REQUIRE(c.run(c.to_miner(miner_method::kDeclareFaultsRecovered,
                           encode(DeclarationsParams{{SectorDeclaration{
                               sd, 0, BitField::from_human_ranges("1")}}})))
              .exit_code == 0);
  r = c.cli({"deadline", "-n", std::to_string(sd)});
  REQUIRE(r.code == 0);
  CHECK(r.out == "Deadline Index:           " + std::to_string(sd) +
                     "\n"
                     "Partitions:               1\n"
                     "Proven Partitions:        0\n"
                     "Current:                  false\n"
                     "\n"
                     "Partition Index:          0\n"
                     "\tAll Sectors:               1\n"
                     "\tAll Sector Numbers:         [1]\n"
                     "\tLive Sectors:              1\n"
                     "\tLive Sector Numbers:        [1]\n"
                     "\tActive Sectors:            0\n"
                     "\tActive Sector Numbers:      []\n"
                     "\tFaulty Sectors:            1\n"
                     "\tFaulty Sector Numbers:      [1]\n"
                     "\tRecovering Sectors:        1\n"
                     "\tRecovering Sector Numbers:  [1]\n");
  // Another deadline of the same miner is empty.
  const std::uint64_t other = (sd + 1) % 48;
  r = c.cli({"deadline", std::to_string(other)});
  REQUIRE(r.code == 0);
  CHECK(r.out == "Deadline Index:           " + std::to_string(other) +
                     "\n"
                     "Partitions:               0\n"
                     "Proven Partitions:        0\n"
                     "Current:                  " +
                     (c.current_deadline() == other ? "true" : "false") + "\n\n");

  // Bad indexes and argument counts: exit code 1 and lotus's message, nothing printed.
  const auto fails = [&](std::vector<std::string> args, const std::string& message) {
    const auto bad = c.cli(std::move(args));
    CHECK(bad.code == 1);
    CHECK(bad.out.empty());
    CHECK_THAT(bad.err, Catch::Contains("ERROR: " + message));
  };
  fails({"deadline", "abc"},
        "could not parse deadline index: strconv.ParseUint: parsing \"abc\": invalid syntax");
  fails({"deadline", "4x"},
        "could not parse deadline index: strconv.ParseUint: parsing \"4x\": invalid syntax");
  fails({"deadline", "48"}, "getting partitions for deadline 48: invalid deadline 48");
  fails({"deadline"}, "incorrect number of arguments, got 0");
  fails({"deadline", "1", "2"}, "incorrect number of arguments, got 2");
}

TEST_CASE("proving commands fail for a miner the chain does not have", "[cli][proving][devnet]") {
  Cluster c;
  c.miner_id = 4242;
  for (const char* command : {"deadlines", "faults"}) {
    const auto r = c.cli({command});
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("ERROR: actor t04242 is not a miner"));
  }
  const auto r = c.cli({"deadline", "0"});
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("ERROR: actor t04242 is not a miner"));
}
