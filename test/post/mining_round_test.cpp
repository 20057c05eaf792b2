// mine_round against the in-process devnet served over JSON-RPC (vanilla proofs): a 2 KiB
// sector sealed on disk is precommitted, prove-committed and proven in its WindowPoSt; before
// that the miner makes no block, afterwards it mines one the devnet accepts. A round whose
// sealed file is gone, or whose sector the lookup cannot reach, throws naming it. Also lotus's
// slow-block warning, ticket quality and min ticket. In kSnark mode the round proves a Groth16
// WinningPoSt with 2 KiB parameters generated here, which the devnet's check accepts.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "chain/api/full_node_connect.hpp"
#include "chain/types/election.hpp"
#include "chain/types/miner_params.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/file_util.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "crypto/groth16/local_setup.hpp"
#include "crypto/groth16/verifying_key.hpp"
#include "devnet/devnet.hpp"
#include "devnet/devnet_api.hpp"
#include "devnet/miner_proving.hpp"
#include "devnet/proof_checks.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "post/fallback/vanilla_post_json.hpp"
#include "post/post_worker.hpp"
#include "post/post_worker_api.hpp"
#include "post/winning/mining_round.hpp"
#include "sealing/params/groth16_parameters.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "sealing/porep/vanilla_proof.hpp"
#include "sealing/porep/vanilla_proof_json.hpp"
#include "test/support/devnet_messages.hpp"
#include "test/support/devnet_test_params.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::chain;
using namespace tessera::chain::devnet;
using namespace std::chrono_literals;

namespace {

Bytes json_bytes(const nlohmann::json& j) {
  const std::string text = j.dump();
  return Bytes(text.begin(), text.end());
}

// The devnet (blocks produced by the test) behind a JSON-RPC server, and a funded miner.
struct Net {
  test::TempDir dir;
  Devnet devnet{DevnetOptions{dir.path() / "devnet", test::short_period_devnet_params(), 2}};
  jsonrpc::Registry registry;
  Bytes secret = Bytes(32, 7);
  std::unique_ptr<jsonrpc::Server> server;
  Address owner = devnet.wallet().default_address();
  std::uint64_t miner_id = 0;

  Net() {
    register_full_node_api(registry, devnet);
    server = std::make_unique<jsonrpc::Server>(
        registry, jsonrpc::Authenticator(secret),
        jsonrpc::ServerOptions{.threads = 2, .rpc_paths = {"/rpc/v1"}});
    const auto port = server->start();
    client_ = std::make_unique<FullNodeClient>(
        connect_full_node(ApiInfo{jwt::sign_token(secret, {"read", "write", "sign"}),
                                  multiaddr_for("127.0.0.1", port)},
                          jsonrpc::Transport::kHttp));
    miner_id = test::created_miner_id(run(test::create_miner(owner)));
    run(test::send(owner, Address::from_id(miner_id), test::miner_funding()));
  }
  ~Net() { server->stop(); }

  FullNodeClient& client() { return *client_; }
  Address miner() const { return Address::from_id(miner_id); }
  ChainEpoch height() { return devnet.head().height(); }
  const MinerState& miner_state() { return *devnet.state_at({})->miner(miner_id); }
  // Pushes m, includes it in the next block and returns its receipt (exit code 0 required).
  MessageReceipt run(Message m) {
    const auto pushed = devnet.push_message(std::move(m));
    devnet.produce_block();
    const auto found = devnet.search_message(pushed.cid());
    REQUIRE(found);
    REQUIRE(found->receipt.exit_code == 0);
    return found->receipt;
  }
  Message to_miner(std::uint64_t method, Bytes params) {
    Message m;
    m.to = miner();
    m.from = owner;
    m.method = method;
    m.params = std::move(params);
    return m;
  }
  DeadlineInfo next_deadline() {
    ApplyContext ctx;
    ctx.epoch = height() + 1;
    ctx.params = &devnet.params();
    return current_deadline(miner_state(), ctx);
  }

 private:
  std::unique_ptr<FullNodeClient> client_;
};

// Sector 1 of the miner sealed on disk (its files) and in memory (the same sector, for the
// PoRep and WindowPoSt the test crafts).
struct Sector {
  test::TempDir dir;
  test::EnvGuard parents{"FIL_PROOFS_PARENT_CACHE", (dir / "parents").string()};
  std::filesystem::path staged = dir / "staged", cache = dir / "cache", sealed = dir / "sealed";
  porep::SealOutput in_memory;

  Sector(std::uint64_t miner_id, const crypto::Digest32& ticket) {
    std::ofstream(staged, std::ios::binary).write(std::string(2048, '\0').data(), 2048);
    const porep::SealInputs inputs{5, miner_id, 1, ticket};
    porep::precommit1(inputs, staged, cache, sealed);
    const auto pc2 = porep::precommit2(5, cache, sealed);
    in_memory = porep::seal_in_memory(inputs, Bytes(2048, 0));
    REQUIRE(pc2.comm_r == in_memory.comm_r);
  }
  post::SectorFileLookup lookup() const {
    return [this](std::uint64_t number) -> std::optional<post::SectorFiles> {
      if (number != 1) return std::nullopt;
      return post::SectorFiles{sealed, cache};
    };
  }
};

// Seals sector 1, precommits and prove-commits it, and proves its first WindowPoSt: the miner
// then holds power.
std::unique_ptr<Sector> onboard_sector(Net& net) {
  const Bytes entropy = address_entropy(net.miner());
  const ChainEpoch ticket_epoch = net.height();
  auto sector = std::make_unique<Sector>(
      net.miner_id, test::digest32(net.devnet.ticket_randomness(DomainSeparationTag::kSealRandomness,
                                                        ticket_epoch, entropy)));
  const SectorPreCommitInfo pc{
      .seal_proof = 5,
      .sector_number = 1,
      .sealed_cid = cid::commitment_sealed_cid(
          Bytes(sector->in_memory.comm_r.begin(), sector->in_memory.comm_r.end())),
      .seal_rand_epoch = ticket_epoch,
      .expiration = net.height() + 10'000};
  net.run(net.to_miner(miner_method::kPreCommitSectorBatch2,
                       encode(PreCommitSectorBatchParams2{{pc}})));
  const ChainEpoch seed_epoch = net.height() + net.devnet.params().pre_commit_challenge_delay;
  while (net.height() < seed_epoch) net.devnet.produce_block();
  const auto seed = test::digest32(net.devnet.beacon_randomness(
      DomainSeparationTag::kInteractiveSealChallengeSeed, seed_epoch, entropy));
  net.run(net.to_miner(
      miner_method::kProveCommitSector,
      encode(ProveCommitSectorParams{1, json_bytes(porep::vanilla_proof_to_json(
                                            porep::prove_porep(5, sector->in_memory, seed)))})));

  std::size_t deadline = 0;
  while (net.miner_state().deadlines[deadline].partitions.empty()) ++deadline;
  while (net.next_deadline().index != deadline) net.devnet.produce_block();
  const auto dl = net.next_deadline();
  const auto randomness = test::digest32(net.devnet.beacon_randomness(
      DomainSeparationTag::kWindowedPoStChallengeSeed, dl.challenge, entropy));
  const auto proof =
      post::prove_sector(post::PostChallengeParams{randomness, post::PostApi::kV1_2, 10, 2048}, 0,
                         1, sector->in_memory.tree_r, sector->in_memory.comm_c);
  const ChainEpoch commit_epoch = net.height();
  net.run(
      net.to_miner(miner_method::kSubmitWindowedPoSt,
                   encode(SubmitWindowedPoStParams{
                       .deadline = deadline,
                       .partitions = {PoStPartition{0, {}}},
                       .proofs = {PoStProof{10, json_bytes(post::post_proofs_to_json({proof}))}},
                       .chain_commit_epoch = commit_epoch,
                       .chain_commit_rand = net.devnet.ticket_randomness(
                           DomainSeparationTag::kPoStChainCommit, commit_epoch, {})})));
  REQUIRE(net.miner_state().power.raw_byte_power == BigInt::from_uint(2048));
  return sector;
}

// Runs rounds (the devnet's producer makes the block of a round the miner does not win) until
// mine_round returns a block or throws; the block, or nullopt with *error set.
std::optional<BlockMsg> mine_until_won_or_thrown(
    Net& net, const post::SectorFileLookup& files, std::string* error,
    post::winning::RoundTimings* timings = nullptr,
    params::ProofMode mode = params::ProofMode::kVanilla, const post::WinningProver& workers = {}) {
  CoreBudget budget{2};
  auto ctx = StageContext::best_effort(budget);
  const post::winning::RoundRequest request{net.miner(), 4s};
  for (int round = 0; round < 200; ++round) {
    try {
      if (auto block = post::winning::mine_round(
              request, net.client(), post::local_proof_source(files), mode, ctx, timings, workers))
        return block;
    } catch (const Error& e) {
      *error = e.what();
      net.devnet.produce_block();
      return std::nullopt;
    }
    net.devnet.produce_block();
  }
  FAIL("the miner won no round of 200");
  return std::nullopt;
}

}  // namespace

TEST_CASE("mine_round mines a block the devnet accepts with a WinningPoSt from disk",
          "[post][winning][devnet]") {
  Net net;
  CoreBudget budget{1};
  auto ctx = StageContext::best_effort(budget);
  const post::winning::RoundRequest request{net.miner(), 4s};
  const post::SectorFileLookup none = [](std::uint64_t) { return std::nullopt; };

  // Without sectors the miner has no power and is not eligible: no block, whatever the lookup.
  post::winning::RoundTimings timings;
  CHECK_FALSE(post::winning::mine_round(request, net.client(), post::local_proof_source(none),
                                        params::ProofMode::kVanilla, ctx, &timings));
  CHECK(timings.total > 0ns);
  CHECK(timings.proof == 0ns);

  const auto sector = onboard_sector(net);

  std::string error;
  const auto block = mine_until_won_or_thrown(net, sector->lookup(), &error, &timings);
  INFO(error);
  REQUIRE(block);
  CHECK(block->header.miner == net.miner());
  CHECK(block->header.height == net.height() + 1);
  REQUIRE(block->header.win_post_proof.size() == 1);
  CHECK(block->header.win_post_proof[0].post_proof == 0);  // StackedDrgWinning2KiBV1
  CHECK(timings.proof > 0ns);
  CHECK(timings.create_block > 0ns);
  CHECK(timings.total >= timings.proof + timings.create_block);
  net.client().sync_submit_block(*block);
  CHECK(net.devnet.head().blocks[0].miner == net.miner());
  CHECK(net.devnet.head().blocks[0].cid() == block->header.cid());
  // The head moved on: the same block is refused.
  CHECK_THROWS(net.client().sync_submit_block(*block));

  SECTION("a sector the lookup cannot reach fails the round, naming the sector") {
    REQUIRE_FALSE(mine_until_won_or_thrown(net, none, &error));
    CHECK_THAT(error, Catch::Contains("sector 1") && Catch::Contains("not in this machine's storage paths"));
  }
  SECTION("a missing sealed file fails the round, naming the file") {
    std::filesystem::rename(sector->sealed, sector->dir / "moved");
    REQUIRE_FALSE(mine_until_won_or_thrown(net, sector->lookup(), &error));
    CHECK_THAT(error, Catch::Contains(sector->sealed.string()));
  }
}

// lotus's WinningPoSt worker: the round's proof comes from GenerateWinningPoSt on another
// process (here over JSON-RPC, reading the sector's files itself), checked before the block is
// made.
TEST_CASE("mine_round with a PoSt worker: its WinningPoSt is in the block the devnet accepts",
          "[post][winning][worker][devnet]") {
  Net net;
  const auto sector = onboard_sector(net);
  int worker_calls = 0;
  auto worker_ctx = StageContext::best_effort();
  const auto worker_source = post::local_proof_source(sector->lookup());
  jsonrpc::Registry registry;
  post::serve_post_worker_api(registry, {}, [&](const post::PostTask& task) {
    ++worker_calls;
    return post::generate_winning_post(task, worker_source, 4s, params::ProofMode::kVanilla,
                                       worker_ctx);
  });
  jsonrpc::Server server(registry, jsonrpc::Authenticator(net.secret), jsonrpc::ServerOptions{});
  const auto port = server.start();
  auto client = jsonrpc::Client::connect(
      ApiInfo{jwt::sign_token(net.secret, {"admin"}), multiaddr_for("127.0.0.1", port)},
      jsonrpc::Transport::kHttp);
  const post::SectorFileLookup none = [](std::uint64_t) { return std::nullopt; };

  std::string error;
  // This machine has no files: only the worker can prove.
  const auto block =
      mine_until_won_or_thrown(net, none, &error, nullptr, params::ProofMode::kVanilla,
                               post::remote_winning_prover(*client, 10s));
  INFO(error);
  REQUIRE(block);
  CHECK(worker_calls == 1);
  net.client().sync_submit_block(*block);
  CHECK(net.devnet.head().blocks[0].cid() == block->header.cid());

  SECTION("a proof that does not verify fails the round") {
    const std::string empty = "[]";
    REQUIRE_FALSE(mine_until_won_or_thrown(
        net, none, &error, nullptr, params::ProofMode::kVanilla,
        [&](const post::PostTask&) { return Bytes(empty.begin(), empty.end()); }));
    CHECK_THAT(error, Catch::Contains("does not verify"));
  }
  server.stop();
}

TEST_CASE("mine_round: a miner whose sector lost its power is not eligible",
          "[post][winning][devnet]") {
  Net net;
  const auto sector = onboard_sector(net);
  // The deadline's next instance passes without a PoSt: the sector is faulty, the power gone.
  const auto last = net.next_deadline();
  while (net.height() < last.close + net.devnet.params().proving.proving_period)
    net.devnet.produce_block();
  REQUIRE(net.miner_state().power.raw_byte_power == BigInt());
  CoreBudget budget{1};
  auto ctx = StageContext::best_effort(budget);
  post::winning::RoundTimings timings;
  for (int round = 0; round < 5; ++round) {
    CHECK_FALSE(post::winning::mine_round(post::winning::RoundRequest{net.miner(), 4s},
                                          net.client(), post::local_proof_source(sector->lookup()),
                                          params::ProofMode::kVanilla, ctx, &timings));
    CHECK(timings.ticket == 0ns);  // stopped at the base info
    net.devnet.produce_block();
  }
}

TEST_CASE("mine_round in kSnark mode proves a Groth16 WinningPoSt", "[post][winning][devnet]") {
  test::TempDir parameter_cache;
  test::EnvGuard parameters{"FIL_PROOFS_PARAMETER_CACHE", parameter_cache.path().string()};
  Net net;
  const auto sector = onboard_sector(net);

  // Without parameter files the won round fails, saying how to get them.
  std::string error;
  REQUIRE_FALSE(
      mine_until_won_or_thrown(net, sector->lookup(), &error, nullptr, params::ProofMode::kSnark));
  CHECK_THAT(error, Catch::Contains("paramgen"));

  // tessera's devnet Winning PoSt parameters for 2 KiB (as `lotus-bench paramgen` writes them).
  {
    CoreBudget budget{2};
    StageContext ctx{budget, 2};
    const auto circuit = params::Circuit::kWinningPoSt;
    const auto files = params::devnet_parameter_files(circuit, 2048);
    const auto generated = groth16::generate_parameters(
        post::circuit::blank_post_synthesizer(circuit, 2048),
        groth16::ToxicWaste::from_seed(params::devnet_setup_seed(circuit, 2048)), ctx);
    groth16::write_parameters(generated, files.params);
    const auto vk = groth16::write_verifying_key(generated.vk);
    write_file_atomic(files.vk,
                      std::string_view(reinterpret_cast<const char*>(vk.data()), vk.size()), 0644);
  }

  const auto block =
      mine_until_won_or_thrown(net, sector->lookup(), &error, nullptr, params::ProofMode::kSnark);
  INFO(error);
  REQUIRE(block);
  REQUIRE(block->header.win_post_proof.size() == 1);
  const Bytes& proof = block->header.win_post_proof[0].proof_bytes;
  CHECK(proof.size() == 192);
  // The devnet's Groth16 check (what a kSnark devnet runs on a submitted block) accepts it for
  // the block's round and no other randomness or proof.
  const auto randomness = winning_post_randomness(block->header.beacon_entries.back(),
                                                  block->header.height, net.miner());
  const std::vector<SectorOnChainInfo> sectors{net.miner_state().sectors.at(1)};
  CHECK(verify_winning_post(params::ProofMode::kSnark, randomness, 2048, sectors, proof));
  CHECK_FALSE(verify_winning_post(params::ProofMode::kSnark, Bytes(32, 1), 2048, sectors, proof));
  Bytes flipped = proof;
  flipped[7] ^= 0x01;
  CHECK_FALSE(verify_winning_post(params::ProofMode::kSnark, randomness, 2048, sectors, flipped));
  // A vanilla devnet refuses a block whose WinningPoSt is not its vanilla JSON.
  CHECK_THROWS_WITH(net.client().sync_submit_block(*block), Catch::Contains("WinningPoSt"));
}

TEST_CASE("slow_round_warning: lotus's CAUTION line past the block delay", "[post][winning]") {
  post::winning::RoundTimings t;
  t.base_info = 100ms;
  t.ticket = 2ms;
  t.is_winner = 3ms;
  t.seed = 1ms;
  t.proof = 5s;
  t.pending = 50ms;
  t.create_block = 20ms;
  t.total = 5176ms;
  CHECK_FALSE(post::winning::slow_round_warning(t, 30s));
  CHECK_FALSE(post::winning::slow_round_warning(t, 5176ms));  // not longer than the delay
  const auto line = post::winning::slow_round_warning(t, 4s);
  REQUIRE(line);
  CHECK_THAT(*line, Catch::StartsWith("CAUTION: block production took longer than the block "
                                      "delay. Your computer may not be fast enough to keep up"));
  CHECK_THAT(*line, Catch::Contains("tMinerBaseInfo=0.1s") && Catch::Contains("tProof=5s") &&
                        Catch::Contains("tPending=0.05s") &&
                        Catch::Contains("tCreateBlock=0.02s") && Catch::Contains("took=5.176s"));
}

TEST_CASE("ticket_quality and min_ticket follow lotus's Ticket", "[post][winning]") {
  // 1 − BLAKE2b-256(01 02 03)/2^256, computed with Python's hashlib.blake2b(digest_size=32)
  // and fractions.Fraction (hash 11c0e79b…4d8e72da).
  CHECK(post::winning::ticket_quality(Bytes{1, 2, 3}) == Approx(0.9306502576348393).epsilon(1e-15));
  TipSet tipset;
  CHECK_THROWS_AS(post::winning::min_ticket(tipset), InvalidInput);
  // BLAKE2b-256 (hashlib): 010203 → 11c0e79b…, 04 → 64220631…, 09 → f5c89054….
  BlockHeader a, b, c;
  a.ticket = Bytes{9};
  b.ticket = Bytes{1, 2, 3};
  c.ticket = Bytes{4};
  tipset.blocks = {a, b, c};
  CHECK(post::winning::min_ticket(tipset) == Bytes{1, 2, 3});
  tipset.blocks = {a, c};
  CHECK(post::winning::min_ticket(tipset) == Bytes{4});
  tipset.blocks.push_back(BlockHeader{});
  CHECK_THROWS_WITH(post::winning::min_ticket(tipset), Catch::Contains("has no ticket"));
}
