// prove_partitions against the in-process devnet (vanilla proofs, 48 deadlines of 4 epochs)
// served over JSON-RPC: two 2 KiB sectors sealed on disk, precommitted and prove-committed, are
// proven in their deadlines by messages the devnet accepts (power appears); sectors whose files
// are missing or belong to another sector are skipped; after one sector's sealed file is deleted
// its deadline's message declares it skipped, it turns faulty and the other stays active; found
// again and declared recovered, it is proven again. In kSnark mode the Groth16 proof (tessera's
// devnet parameters for 2 KiB, made in the test) passes the devnet's WindowPoSt check.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "chain/api/full_node_connect.hpp"
#include "chain/types/miner_params.hpp"
#include "chain/types/randomness.hpp"
#include "common/api_info.hpp"
#include "common/cbor/cbor.hpp"
#include "common/error.hpp"
#include "common/file_util.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "crypto/groth16/local_setup.hpp"
#include "crypto/groth16/verifying_key.hpp"
#include "devnet/devnet.hpp"
#include "devnet/devnet_api.hpp"
#include "devnet/proof_checks.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "post/fallback/vanilla_post_json.hpp"
#include "post/post_worker.hpp"
#include "post/post_worker_api.hpp"
#include "post/window/window_post_prover.hpp"
#include "sealing/params/groth16_parameters.hpp"
#include "sealing/porep/commit1.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "sealing/porep/vanilla_proof_json.hpp"
#include "test/support/devnet_test_params.hpp"
#include "test/support/env_guard.hpp"
#include "test/support/temp_dir.hpp"
#include "test/support/window_post_chain.hpp"

using namespace tessera;
using namespace tessera::chain;
using tessera::post::SectorFiles;
using tessera::post::window::prove_partitions;
using tessera::post::window::ProveRequest;

using Chain = test::WindowPostChain;
using test::bits;

TEST_CASE(
    "prove_partitions: WindowPoSt of on-disk sectors accepted by the devnet, a lost "
    "sector skipped and faulty",
    "[post][window][devnet]") {
  Chain chain;
  chain.commit_sectors({1, 2});
  const std::uint64_t d1 = chain.deadline_of(1), d2 = chain.deadline_of(2);
  REQUIRE(d1 != d2);  // the devnet spreads new sectors over the emptiest deadlines
  CHECK(chain.raw_power() == BigInt());

  // The first proving period: both sectors proven in their deadlines, in the order they open.
  const std::uint64_t current =
      chain.client->state_miner_proving_deadline(chain.miner(), chain.head()).index;
  const bool d1_first = (d1 + 48 - current) % 48 < (d2 + 48 - current) % 48;
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> order = {
      d1_first ? std::pair{d1, std::uint64_t{1}} : std::pair{d2, std::uint64_t{2}},
      d1_first ? std::pair{d2, std::uint64_t{2}} : std::pair{d1, std::uint64_t{1}}};
  for (const auto& [d, n] : order) {
    const auto dl = chain.advance_into(d);
    const auto params = chain.prove(dl, chain.lookup());
    CHECK(params.deadline == d);
    REQUIRE(params.partitions.size() == 1);
    CHECK(params.partitions[0].index == 0);
    CHECK(params.partitions[0].skipped.empty());
    REQUIRE(params.proofs.size() == 1);
    CHECK(params.proofs[0].post_proof == 10);  // StackedDrgWindow2KiBV1_1
    const std::string json(params.proofs[0].proof_bytes.begin(),
                           params.proofs[0].proof_bytes.end());
    const auto vanilla = post::post_proofs_from_json(nlohmann::json::parse(json));
    REQUIRE(vanilla.size() == 1);
    CHECK(vanilla[0].sector_number == n);
    CHECK(params.chain_commit_epoch == dl.challenge);
    CHECK(params.chain_commit_rand ==
          chain.net.ticket_randomness(DomainSeparationTag::kPoStChainCommit, dl.challenge, {}));
    CHECK(chain.submit(params).exit_code == 0);
    const auto p = chain.partition(d);
    CHECK(p.active_sectors == bits({n}));
    CHECK(p.faulty_sectors.empty());
  }
  CHECK(chain.raw_power() == BigInt::from_uint(2 * 2048));

  SECTION("files missing, unreadable or of another sector: skipped, never thrown") {
    const auto dl = chain.client->state_miner_proving_deadline(chain.miner(), chain.head());
    auto at = dl;  // any instance of the deadline: the prover does not check the epoch
    at.index = d1;
    const auto none = chain.prove(at, [](std::uint64_t) { return std::nullopt; });
    CHECK(none.partitions[0].skipped == bits({1}));
    CHECK(none.proofs[0].proof_bytes.empty());
    const auto other = chain.prove(at, [&](std::uint64_t) { return chain.sector_files[2]; });
    CHECK(other.partitions[0].skipped == bits({1}));  // a replica of sector 2 fails CommR
    const auto no_cache = chain.prove(at, [&](std::uint64_t) {
      return SectorFiles{chain.sector_files[1].sealed, chain.dir / "nowhere"};
    });
    CHECK(no_cache.partitions[0].skipped == bits({1}));
  }

  SECTION("bad requests throw InvalidInput") {
    auto ctx = StageContext::best_effort();
    auto dl = chain.client->state_miner_proving_deadline(chain.miner(), chain.head());
    dl.index = d1;
    for (const auto& partitions : std::vector<std::vector<std::uint64_t>>{{}, {1}, {0, 0}})
      CHECK_THROWS_AS(
          prove_partitions(chain.request(dl, partitions), *chain.client,
                           Chain::access(chain.lookup()), params::ProofMode::kVanilla, ctx),
          InvalidInput);
  }

  SECTION(
      "a sector whose sealed file is lost is skipped and turns faulty; the other stays; "
      "once found and declared recovered it is proven again") {
    const auto sealed = chain.sector_files[2].sealed, moved = chain.dir / "moved";
    std::filesystem::rename(sealed, moved);
    for (const auto& [d, n] : order) {
      const auto dl = chain.advance_into(d);
      const auto params = chain.prove(dl, chain.lookup());
      CHECK(params.partitions[0].skipped == (n == 2 ? bits({2}) : BitField()));
      CHECK(params.proofs[0].proof_bytes.empty() == (n == 2));
      CHECK(chain.submit(params).exit_code == 0);
      const auto p = chain.partition(d);
      CHECK(p.faulty_sectors == (n == 2 ? bits({2}) : BitField()));
      CHECK(p.active_sectors == (n == 2 ? BitField() : bits({1})));
    }
    CHECK(chain.raw_power() == BigInt::from_uint(2048));

    std::filesystem::rename(moved, sealed);
    // Recoveries target the next instance of d2 whose fault cutoff has not passed.
    while (chain.client->state_miner_proving_deadline(chain.miner(), chain.head()).index == d2)
      chain.net.produce_block();
    REQUIRE(chain
                .run(chain.to_miner(miner_method::kDeclareFaultsRecovered,
                                    encode(DeclarationsParams{{{d2, 0, bits({2})}}})))
                .exit_code == 0);
    REQUIRE(chain.partition(d2).recovering_sectors == bits({2}));
    for (const auto& [d, n] : order) {
      const auto dl = chain.advance_into(d);
      const auto params = chain.prove(dl, chain.lookup());
      CHECK(params.partitions[0].skipped.empty());
      const std::string json(params.proofs[0].proof_bytes.begin(),
                             params.proofs[0].proof_bytes.end());
      const auto vanilla = post::post_proofs_from_json(nlohmann::json::parse(json));
      REQUIRE(vanilla.size() == 1);
      CHECK(vanilla[0].sector_number == n);
      CHECK(chain.submit(params).exit_code == 0);
      CHECK(chain.partition(d).active_sectors == bits({n}));
      CHECK(chain.partition(d).faulty_sectors.empty());
    }
    CHECK(chain.raw_power() == BigInt::from_uint(2 * 2048));
  }
}

TEST_CASE("prove_partitions: the Groth16 WindowPoSt verifies as the devnet checks it",
          "[post][window][devnet][snark]") {
  Chain chain;
  chain.commit_sectors({1});
  const auto dl = chain.advance_into(chain.deadline_of(1));
  test::TempDir cache;
  test::EnvGuard cache_env("FIL_PROOFS_PARAMETER_CACHE", cache.path().string());
  CHECK_THROWS_AS(chain.prove(dl, chain.lookup(), params::ProofMode::kSnark), NotFound);

  // tessera's devnet Window PoSt parameters for 2 KiB (test/devnet/proof_checks_test.cpp).
  CoreBudget budget{2};
  StageContext setup{budget, 2};
  const auto files = params::devnet_parameter_files(params::Circuit::kWindowPoSt, 2048);
  const auto generated = groth16::generate_parameters(
      post::circuit::blank_post_synthesizer(params::Circuit::kWindowPoSt, 2048),
      groth16::ToxicWaste::from_seed(params::devnet_setup_seed(params::Circuit::kWindowPoSt, 2048)),
      setup);
  groth16::write_parameters(generated, files.params);
  const auto vk = groth16::write_verifying_key(generated.vk);
  write_file_atomic(files.vk, std::string_view(reinterpret_cast<const char*>(vk.data()), vk.size()),
                    0644);

  const auto params = chain.prove(dl, chain.lookup(), params::ProofMode::kSnark);
  CHECK(params.partitions[0].skipped.empty());
  const Bytes& proof = params.proofs[0].proof_bytes;
  CHECK(proof.size() == 192);         // one partition's Groth16 proof
  devnet::DevnetParams snark_params;  // ProofMode::kSnark
  devnet::ApplyContext ctx;
  ctx.params = &snark_params;
  ctx.beacon_randomness = [&](DomainSeparationTag tag, ChainEpoch epoch, const Bytes& entropy) {
    return chain.net.beacon_randomness(tag, epoch, entropy);
  };
  const auto sector = chain.client->state_sector_get_info(chain.miner(), 1, chain.head());
  REQUIRE(sector);
  CHECK(devnet::verify_window_post(chain.miner_id, 2048, {*sector}, dl.challenge, proof, ctx));
  CHECK_FALSE(
      devnet::verify_window_post(chain.miner_id, 2048, {*sector}, dl.challenge - 1, proof, ctx));
}

// lotus Manager.generateWindowPoSt with PoSt workers: each partition of the proving set goes to a
// worker's GenerateWindowPoSt (here a real one over JSON-RPC, reading the files itself); the
// merged proof is checked before it is submitted.
TEST_CASE("prove_partitions on a PoSt worker: its proof lands; skips and bad proofs are caught",
          "[post][window][worker][devnet]") {
  Chain chain;
  chain.commit_sectors({1});
  const auto d = chain.deadline_of(1);
  std::atomic<int> worker_calls{0};
  auto worker_ctx = StageContext::best_effort();
  const auto worker_source = post::local_proof_source(chain.lookup());
  jsonrpc::Registry registry;
  post::serve_post_worker_api(registry,
                              [&](const post::PostTask& task) {
                                ++worker_calls;
                                return post::generate_window_partition(
                                    task, worker_source, post::CheckLimits{},
                                    params::ProofMode::kVanilla, worker_ctx);
                              },
                              {});
  jsonrpc::Server server(registry, jsonrpc::Authenticator(chain.secret), jsonrpc::ServerOptions{});
  const auto port = server.start();
  auto client = jsonrpc::Client::connect(
      ApiInfo{jwt::sign_token(chain.secret, {"admin"}), multiaddr_for("127.0.0.1", port)},
      jsonrpc::Transport::kHttp);
  const auto worker = post::remote_window_prover(*client, std::chrono::seconds(30));
  auto ctx = StageContext::best_effort();
  const auto prove = [&](const chain::DeadlineInfo& dl, const post::WindowPartitionProver& w) {
    return prove_partitions(chain.request(dl), *chain.client, Chain::access(chain.lookup()),
                            params::ProofMode::kVanilla, ctx, w);
  };

  const auto dl = chain.advance_into(d);
  const auto params = prove(dl, worker);
  CHECK(worker_calls == 1);
  CHECK(params.partitions[0].skipped.empty());
  CHECK(chain.submit(params).exit_code == 0);
  CHECK(chain.partition(d).active_sectors == bits({1}));
  CHECK(chain.raw_power() == BigInt::from_uint(2048));

  SECTION("a sector the worker skips is skipped in the message, after one more round") {
    int calls = 0;
    const auto params = prove(dl, [&](const post::PostTask& task) {
      ++calls;
      return post::WindowPartitionResult{{}, {task.sectors.at(0).sector_number}};
    });
    CHECK(calls == 1);  // the second round had nothing left to prove
    CHECK(params.partitions[0].skipped == bits({1}));
    CHECK(params.proofs[0].proof_bytes.empty());
  }
  SECTION("a proof that does not verify is never returned") {
    const std::string empty = "[]";
    CHECK_THROWS_WITH(
        prove(dl,
              [&](const post::PostTask&) {
                return post::WindowPartitionResult{Bytes(empty.begin(), empty.end()), {}};
              }),
        Catch::Contains("does not verify"));
  }
  SECTION("a worker that fails fails the proof (the caller falls back)") {
    CHECK_THROWS_AS(prove(dl,
                          [](const post::PostTask&) -> post::WindowPartitionResult {
                            throw IoError("worker gone");
                          }),
                    IoError);
  }
  server.stop();
}

TEST_CASE(
    "partition_chunks: a deadline's unproven partitions, MaxPartitionsPerPoStMessage at a time",
    "[post][window]") {
  using Chunks = std::vector<std::vector<std::uint64_t>>;
  CHECK(post::window::partition_chunks(5, {}, 0) == Chunks{{0, 1, 2, 3, 4}});
  CHECK(post::window::partition_chunks(5, {}, 2) == Chunks{{0, 1}, {2, 3}, {4}});
  CHECK(post::window::partition_chunks(5, bits({1, 2}), 2) == Chunks{{0, 3}, {4}});
  CHECK(post::window::partition_chunks(2, bits({0, 1}), 1).empty());
  CHECK(post::window::partition_chunks(0, {}, 3).empty());
}
