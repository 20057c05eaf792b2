// faults_to_declare and recoveries_to_declare against the in-process devnet (vanilla proofs,
// 48 deadlines of 4 epochs) served over JSON-RPC, with the setup of window_post_prover_test.cpp:
// two 2 KiB sectors sealed on disk, precommitted, prove-committed and proven once. With every
// file in place nothing is declared; another sector's files fail the check; once a sealed file
// is moved away its sector is listed as a fault, and DeclareFaults for deadline
// (current + 2) mod 48 makes it faulty; with the file back it is listed as a recovery,
// DeclareFaultsRecovered marks it recovering (declaring one deadline ahead is refused), and the
// deadline's WindowPoSt proves it active.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "chain/api/full_node_connect.hpp"
#include "chain/types/miner_params.hpp"
#include "chain/types/randomness.hpp"
#include "common/api_info.hpp"
#include "common/cbor/cbor.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "devnet/devnet.hpp"
#include "devnet/devnet_api.hpp"
#include "post/window/fault_declarations.hpp"
#include "post/window/window_post_prover.hpp"
#include "sealing/porep/commit1.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "sealing/porep/vanilla_proof_json.hpp"
#include "test/support/devnet_test_params.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::chain;
using tessera::post::SectorFiles;
using tessera::post::window::faults_to_declare;
using tessera::post::window::prove_partitions;
using tessera::post::window::ProveRequest;
using tessera::post::window::recoveries_to_declare;

namespace {

using test::EnvGuard;

// The devnet on /rpc/v1, a funded miner, and a FullNodeClient over HTTP.
struct Chain {
  test::TempDir dir;
  EnvGuard parents{"FIL_PROOFS_PARENT_CACHE", (dir / "parents").string()};
  devnet::Devnet net{devnet::DevnetOptions{dir / "devnet", test::short_period_devnet_params(), 2}};
  Address owner = net.wallet().default_address();
  jsonrpc::Registry registry;
  Bytes secret = Bytes(32, 7);
  std::unique_ptr<jsonrpc::Server> server;
  std::optional<FullNodeClient> client;
  std::uint64_t miner_id = 0;
  std::map<std::uint64_t, SectorFiles> sector_files;

  Chain() {
    devnet::register_full_node_api(registry, net);
    server = std::make_unique<jsonrpc::Server>(
        registry, jsonrpc::Authenticator(secret),
        jsonrpc::ServerOptions{.threads = 2, .rpc_paths = {"/rpc/v1"}});
    const auto port = server->start();
    client.emplace(connect_full_node(ApiInfo{jwt::sign_token(secret, {"read", "write", "sign"}),
                                             multiaddr_for("127.0.0.1", port)},
                                     jsonrpc::Transport::kHttp));
    Message create;
    create.to = Address::from_id(devnet::kPowerActorId);
    create.from = owner;
    create.method = power_method::kCreateMiner;
    create.params = encode(CreateMinerParams{owner, owner, 10, {}, {}});
    const auto created = run(create);
    REQUIRE(created.exit_code == 0);
    miner_id =
        Address::from_bytes(cbor::decode(created.return_value).as_array()[0].as_bytes()).id();
    Message fund;
    fund.to = miner();
    fund.from = owner;
    fund.value = BigInt::parse("1000000000000000000");
    REQUIRE(run(fund).exit_code == 0);
  }
  ~Chain() { server->stop(); }

  Address miner() const { return Address::from_id(miner_id); }
  TipSetKey head() { return net.head().key(); }
  ChainEpoch height() { return net.head().height(); }

  // Pushes m through MpoolPushMessage, includes it in the next block and returns its receipt.
  MessageReceipt run(const Message& m) {
    const auto pushed = client->mpool_push_message(m);
    net.produce_block();
    const auto found = net.search_message(pushed.cid());
    REQUIRE(found);
    return found->receipt;
  }
  Message to_miner(std::uint64_t method, Bytes params) const {
    Message m;
    m.to = miner();
    m.from = owner;
    m.method = method;
    m.params = std::move(params);
    return m;
  }

  // Seals CC sectors on disk (PC1, PC2), precommits them in one message, prove-commits each
  // with its C1 vanilla proof after the seed epoch and finalizes their caches.
  void commit_sectors(const std::vector<std::uint64_t>& numbers) {
    const Bytes entropy = address_entropy(miner());
    const ChainEpoch ticket_epoch = height();
    const auto ticket = test::digest32(
        net.ticket_randomness(DomainSeparationTag::kSealRandomness, ticket_epoch, entropy));
    const auto staged = dir / "staged";
    std::ofstream(staged, std::ios::binary).write(std::string(2048, '\0').data(), 2048);
    PreCommitSectorBatchParams2 batch;
    std::map<std::uint64_t, crypto::Digest32> replica_ids;
    for (std::uint64_t n : numbers) {
      const SectorFiles files{dir / ("sealed-" + std::to_string(n)),
                              dir / ("cache-" + std::to_string(n))};
      const auto pc1 = porep::precommit1(porep::SealInputs{5, miner_id, n, ticket}, staged,
                                         files.cache, files.sealed);
      const auto pc2 = porep::precommit2(5, files.cache, files.sealed);
      replica_ids[n] = pc1.replica_id;
      sector_files[n] = files;
      batch.sectors.push_back(SectorPreCommitInfo{
          .seal_proof = 5,
          .sector_number = n,
          .sealed_cid = cid::commitment_sealed_cid(Bytes(pc2.comm_r.begin(), pc2.comm_r.end())),
          .seal_rand_epoch = ticket_epoch,
          .expiration = height() + 10'000});
    }
    REQUIRE(run(to_miner(miner_method::kPreCommitSectorBatch2, encode(batch))).exit_code == 0);
    const ChainEpoch seed_epoch = height() + net.params().pre_commit_challenge_delay;
    while (height() < seed_epoch) net.produce_block();
    const auto seed = test::digest32(net.beacon_randomness(
        DomainSeparationTag::kInteractiveSealChallengeSeed, seed_epoch, entropy));
    for (std::uint64_t n : numbers) {
      const auto& files = sector_files[n];
      const auto proof = porep::commit1(5, files.cache, files.sealed, replica_ids[n], seed);
      const std::string json = porep::vanilla_proof_to_json(proof).dump();
      REQUIRE(run(to_miner(miner_method::kProveCommitSector,
                           encode(ProveCommitSectorParams{n, Bytes(json.begin(), json.end())})))
                  .exit_code == 0);
      porep::finalize_sector(5, files.cache);
    }
  }

  // The deadline holding sector n (its only partition is 0).
  std::uint64_t deadline_of(std::uint64_t n) {
    for (std::uint64_t d = 0; d < 48; ++d)
      for (const auto& p : client->state_miner_partitions(miner(), d, head()))
        if (p.all_sectors.contains(n)) return d;
    FAIL("sector " << n << " is in no deadline");
    return 0;
  }

  // Makes blocks until deadline d has been open one epoch (a message pushed then lands in it).
  DeadlineInfo advance_into(std::uint64_t d) {
    for (int blocks = 0; blocks < 400; ++blocks) {
      const auto dl = client->state_miner_proving_deadline(miner(), head());
      if (dl.index == d && dl.current_epoch > dl.open && dl.current_epoch + 1 < dl.close) return dl;
      net.produce_block();
    }
    FAIL("deadline " << d << " never opened");
    return {};
  }

  ProveRequest request(const DeadlineInfo& dl, std::vector<std::uint64_t> partitions = {0}) {
    return ProveRequest{
        .miner = miner(),
        .deadline = dl,
        .partitions = std::move(partitions),
        .head = head(),
        .post_proof = client->state_miner_info(miner(), head()).window_post_proof_type,
        .sector_size = 2048};
  }
  post::SectorFileLookup lookup() {
    return [this](std::uint64_t n) -> std::optional<SectorFiles> {
      const auto it = sector_files.find(n);
      if (it == sector_files.end()) return std::nullopt;
      return it->second;
    };
  }
  SubmitWindowedPoStParams prove(const DeadlineInfo& dl, const post::SectorFileLookup& files,
                                 params::ProofMode mode = params::ProofMode::kVanilla) {
    auto ctx = StageContext::best_effort();
    return prove_partitions(request(dl), *client, files, mode, ctx);
  }
  MessageReceipt submit(const SubmitWindowedPoStParams& params) {
    return run(to_miner(miner_method::kSubmitWindowedPoSt, encode(params)));
  }
  PartitionState partition(std::uint64_t d) {
    const auto partitions = client->state_miner_partitions(miner(), d, head());
    REQUIRE(partitions.size() == 1);
    return partitions[0];
  }
};

BitField bits(std::initializer_list<std::uint64_t> numbers) {
  BitField b;
  for (auto n : numbers) b.set(n);
  return b;
}

}  // namespace

TEST_CASE(
    "fault declarations: a lost sector is declared faulty, once found declared recovered and "
    "proven active again",
    "[post][window][devnet]") {
  Chain chain;
  chain.commit_sectors({1, 2});
  const std::uint64_t d1 = chain.deadline_of(1), d2 = chain.deadline_of(2);
  REQUIRE(d1 != d2);
  auto ctx = StageContext::best_effort();
  const auto faults = [&](std::uint64_t d, const post::SectorFileLookup& files) {
    return faults_to_declare(chain.miner(), d, chain.head(), *chain.client, files, ctx);
  };
  const auto recoveries = [&](std::uint64_t d, std::uint64_t max_partitions = 0) {
    return recoveries_to_declare(chain.miner(), d, chain.head(), *chain.client, chain.lookup(),
                                 max_partitions, ctx);
  };

  // The first proving period: both sectors proven in their deadlines, in the order they open.
  const std::uint64_t current =
      chain.client->state_miner_proving_deadline(chain.miner(), chain.head()).index;
  const bool d1_first = (d1 + 48 - current) % 48 < (d2 + 48 - current) % 48;
  for (const std::uint64_t d : d1_first ? std::vector{d1, d2} : std::vector{d2, d1}) {
    REQUIRE(chain.submit(chain.prove(chain.advance_into(d), chain.lookup())).exit_code == 0);
    REQUIRE(chain.partition(d).faulty_sectors.empty());
  }

  // Every file in place: nothing to declare.
  for (const std::uint64_t d : {d1, d2}) {
    CHECK(faults(d, chain.lookup()).declarations.empty());
    CHECK(recoveries(d).empty());
  }
  // Files that cannot prove the sector: none, or sector 2's for sector 1 (another CommR).
  CHECK(faults(d1, [](std::uint64_t) { return std::nullopt; }) ==
        DeclarationsParams{{{d1, 0, bits({1})}}});
  CHECK(faults(d1, [&](std::uint64_t) { return chain.sector_files[2]; }) ==
        DeclarationsParams{{{d1, 0, bits({1})}}});

  const auto sealed = chain.sector_files[2].sealed, moved = chain.dir / "moved";
  std::filesystem::rename(sealed, moved);
  CHECK(faults(d1, chain.lookup()).declarations.empty());
  CHECK(recoveries(d2).empty());  // not faulty yet

  // lotus declares for (current + 2) mod 48, whose fault cutoff has not passed.
  const auto before = chain.advance_into((d2 + 46) % 48);
  REQUIRE((before.index + 2) % 48 == d2);
  const auto declared_faults = faults(d2, chain.lookup());
  CHECK(declared_faults == DeclarationsParams{{{d2, 0, bits({2})}}});
  REQUIRE(
      chain.run(chain.to_miner(miner_method::kDeclareFaults, encode(declared_faults))).exit_code ==
      0);
  CHECK(chain.partition(d2).faulty_sectors == bits({2}));
  CHECK(chain.partition(d2).active_sectors.empty());
  CHECK(faults(d2, chain.lookup()).declarations.empty());  // already faulty
  CHECK(recoveries(d2).empty());                           // its file is still missing

  std::filesystem::rename(moved, sealed);
  const auto declared_recoveries = recoveries(d2);
  REQUIRE(declared_recoveries.size() == 1);
  CHECK(declared_recoveries[0] == DeclarationsParams{{{d2, 0, bits({2})}}});
  CHECK(recoveries(d2, 1) == declared_recoveries);  // one partition fits any limit
  REQUIRE(chain
              .run(chain.to_miner(miner_method::kDeclareFaultsRecovered,
                                  encode(declared_recoveries[0])))
              .exit_code == 0);
  CHECK(chain.partition(d2).recovering_sectors == bits({2}));
  CHECK(recoveries(d2).empty());  // already recovering
  CHECK(faults(d2, chain.lookup()).declarations.empty());

  // One deadline ahead is too late: the devnet refuses it (its fault cutoff has passed).
  chain.advance_into((d2 + 47) % 48);
  CHECK(
      chain.run(chain.to_miner(miner_method::kDeclareFaults, encode(declared_faults))).exit_code !=
      0);
  CHECK(chain.partition(d2).recovering_sectors == bits({2}));

  // The deadline's WindowPoSt proves the recovering sector; it is active again.
  const auto params = chain.prove(chain.advance_into(d2), chain.lookup());
  CHECK(params.partitions[0].skipped.empty());
  CHECK_FALSE(params.proofs[0].proof_bytes.empty());
  REQUIRE(chain.submit(params).exit_code == 0);
  const auto p = chain.partition(d2);
  CHECK(p.active_sectors == bits({2}));
  CHECK(p.faulty_sectors.empty());
  CHECK(p.recovering_sectors.empty());
}
