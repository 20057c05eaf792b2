// lotus's PoSt worker calls (post/post_worker_api.hpp) on the wire, what a PoSt worker refuses
// and skips (post/post_worker.hpp), and the miner's pool of PoSt workers
// (post/post_worker_pool.hpp): a failing worker's tasks go to the next one.
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "common/api_info.hpp"
#include "common/cid/cid.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/server.hpp"
#include "common/jwt/jwt.hpp"
#include "post/post_worker.hpp"
#include "post/post_worker_api.hpp"
#include "post/post_worker_pool.hpp"

using namespace tessera;
using namespace tessera::post;
using nlohmann::json;

namespace {

constexpr std::uint64_t kMiner = 1000;
constexpr std::int64_t kSealProof = 5;  // StackedDrg2KiBV1_1 (go-state-types abi)
constexpr std::int64_t kWindow2K = 10;  // StackedDrgWindow2KiBV1_1
constexpr std::int64_t kWinning2K = 0;  // StackedDrgWinning2KiBV1
// reference/oracles.md: the sealed CID of CommR = 01 00..00.
constexpr const char* kCommR01Cid =
    "bagboea4b5abcaaiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

const Bytes kSecret(32, 9);

crypto::Digest32 comm_r01() {
  crypto::Digest32 d{};
  d[0] = 1;
  return d;
}

// A window task over sectors `numbers` with the leaves the randomness draws.
PostTask window_task(const std::vector<std::uint64_t>& numbers, std::uint8_t seed = 3) {
  PostTask task{.post_proof = kWindow2K, .miner_id = kMiner, .randomness = Bytes(32, seed)};
  const auto params = post_challenge_params(kWindow2K, task.randomness);
  for (std::size_t i = 0; i < numbers.size(); ++i)
    task.sectors.push_back({.seal_proof = kSealProof,
                            .sector_number = numbers[i],
                            .comm_r = comm_r01(),
                            .leaves = challenged_leaves(params, i, numbers[i]),
                            .post_proof = kWindow2K});
  return task;
}

// A worker's /rpc/v0 on 127.0.0.1 serving the two calls with the given provers.
struct FakeWorker {
  jsonrpc::Registry registry;
  jsonrpc::Server server;
  std::uint16_t port = 0;

  FakeWorker(WindowPartitionProver window, WinningProver winning)
      : server(registry, jsonrpc::Authenticator(kSecret), jsonrpc::ServerOptions{}) {
    serve_post_worker_api(registry, std::move(window), std::move(winning));
    port = server.start();
  }
  ~FakeWorker() { server.stop(); }
  ApiInfo api() const {
    return ApiInfo{jwt::sign_token(kSecret, {"read", "write", "sign", "admin"}),
                   multiaddr_for("127.0.0.1", port)};
  }
};

const SectorProofSource kNoSource = [](const PostSectorChallenge&,
                                       ProofDeadline) -> SectorPostProof {
  FAIL("the source must not be asked");
  return {};
};

}  // namespace

// lotus api/api_worker.go GenerateWindowPoSt(ppt, mid, []storiface.PostSectorChallenge,
// partitionIdx int, randomness abi.PoStRandomness) (storiface.WindowPoStResult, error), with
// WindowPoStResult{PoStProofs proof.PoStProof, Skipped []abi.SectorID}
// (storage/sealer/storiface/worker.go); []byte is base64 in JSON.
TEST_CASE("GenerateWindowPoSt and GenerateWinningPoSt: lotus's parameters and results",
          "[post][worker][api]") {
  PostTask seen;
  FakeWorker worker(
      [&](const PostTask& task) {
        seen = task;
        return WindowPartitionResult{Bytes{1, 2, 3}, {}};
      },
      [&](const PostTask& task) {
        seen = task;
        return Bytes{4, 5};
      });
  auto client = jsonrpc::Client::connect(worker.api(), jsonrpc::Transport::kHttp);
  const json sector = json::parse(std::string(R"({"SealProof": 5, "SectorNumber": 7,
      "SealedCID": {"/": ")") + kCommR01Cid +
                                  R"("}, "Challenge": [3, 17], "Update": false})");
  const std::string randomness = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";  // 32 × 0x01

  const auto window = client->call("Filecoin.GenerateWindowPoSt",
                                   json::array({10, 1000, json::array({sector}), 2, randomness}),
                                   api::kDefaultTimeout);
  CHECK(window == json::parse(R"({"PoStProofs": {"PoStProof": 10, "ProofBytes": "AQID"},
                                  "Skipped": []})"));
  CHECK(seen.post_proof == 10);
  CHECK(seen.miner_id == 1000);
  CHECK(seen.partition_index == 2);
  CHECK(seen.randomness == Bytes(32, 1));
  REQUIRE(seen.sectors.size() == 1);
  CHECK(seen.sectors[0].seal_proof == 5);
  CHECK(seen.sectors[0].sector_number == 7);
  CHECK(seen.sectors[0].comm_r == comm_r01());
  CHECK(seen.sectors[0].leaves == std::vector<std::uint64_t>{3, 17});

  const auto winning =
      client->call("Filecoin.GenerateWinningPoSt",
                   json::array({0, 1000, json::array({sector}), randomness}), api::kDefaultTimeout);
  CHECK(winning == json::parse(R"([{"PoStProof": 0, "ProofBytes": "BAU="}])"));

  // lotus's worker skipping sectors answers a zero PoStProof with nil bytes.
  const auto skipped = window_post_result_from_json(json::parse(
      R"({"PoStProofs": {"PoStProof": 0, "ProofBytes": null},
          "Skipped": [{"Miner": 1000, "Number": 7}, {"Miner": 1000, "Number": 9}]})"));
  CHECK(skipped.proof.proof_bytes.empty());
  CHECK(skipped.skipped == std::vector<std::uint64_t>{7, 9});
  CHECK(to_json(WindowPoStResult{{10, {}}, {7}, 1000}) ==
        json::parse(R"({"PoStProofs": {"PoStProof": 10, "ProofBytes": ""},
                        "Skipped": [{"Miner": 1000, "Number": 7}]})"));

  // Bad parameters are refused before the prover runs.
  seen = {};
  CHECK_THROWS_AS(client->call("Filecoin.GenerateWindowPoSt",
                               json::array({10, 1000, json::array({sector}), -1, randomness}),
                               api::kDefaultTimeout),
                  InvalidInput);
  json updated = sector;
  updated["Update"] = true;
  CHECK_THROWS_AS(client->call("Filecoin.GenerateWindowPoSt",
                               json::array({10, 1000, json::array({updated}), 0, randomness}),
                               api::kDefaultTimeout),
                  InvalidInput);
  CHECK(seen.sectors.empty());
}

TEST_CASE("GenerateWindowPoSt: a worker of the other kind answers not implemented",
          "[post][worker][api]") {
  FakeWorker winning_only({}, [](const PostTask&) { return Bytes{1}; });
  auto client = jsonrpc::Client::connect(winning_only.api(), jsonrpc::Transport::kHttp);
  CHECK_THROWS_WITH(remote_window_prover(*client, std::chrono::seconds(5))(window_task({1})),
                    Catch::Contains("does not compute WindowPoSt"));
}

TEST_CASE("A remote prover refuses a proof of another type", "[post][worker][api]") {
  jsonrpc::Registry registry;
  api::serve(
      registry, kGenerateWinningPoSt,
      [](std::int64_t, std::uint64_t, const std::vector<PostSectorChallenge>&, const Bytes&) {
        return std::vector<chain::PoStProof>{{3, Bytes{1}}};
      });
  jsonrpc::Server server(registry, jsonrpc::Authenticator(kSecret), jsonrpc::ServerOptions{});
  const auto port = server.start();
  auto client = jsonrpc::Client::connect(
      ApiInfo{jwt::sign_token(kSecret, {"admin"}), multiaddr_for("127.0.0.1", port)},
      jsonrpc::Transport::kHttp);
  PostTask task = window_task({1});
  task.post_proof = kWinning2K;
  CHECK_THROWS_WITH(remote_winning_prover(*client, std::chrono::seconds(5))(task),
                    Catch::Contains("proof of type 3"));
  server.stop();
}

TEST_CASE("generate_window_partition refuses tasks that are not a WindowPoSt partition",
          "[post][worker]") {
  auto ctx = StageContext::best_effort();
  const auto refuses = [&](const PostTask& task, const std::string& why) {
    CHECK_THROWS_WITH(
        generate_window_partition(task, kNoSource, CheckLimits{}, params::ProofMode::kVanilla, ctx),
        Catch::Contains(why));
  };
  refuses(PostTask{.post_proof = kWindow2K, .randomness = Bytes(32, 1)}, "no sectors");
  auto task = window_task({1, 2});
  task.post_proof = kWinning2K;
  refuses(task, "needs a WindowPoSt proof type");
  task.post_proof = 5;  // StackedDrgWindow2KiBV1: refused by the chain since nv19
  refuses(task, "is not supported");
  task = window_task({1, 2});
  task.randomness.pop_back();
  refuses(task, "31 bytes");
  task = window_task({1, 2});
  task.sectors[1].leaves[0] ^= 1;
  refuses(task, "challenges of sector 2");
  task = window_task({1, 2});
  task.sectors[0].seal_proof = 8;  // StackedDrg32GiBV1_1
  refuses(task, "sector 1 is not of the PoSt proof's sector size");
  // 2 KiB partitions hold 2 sectors (rust-fil-proofs WINDOW_POST_SECTOR_COUNT for 2 KiB).
  refuses(window_task({1, 2, 3}), "at most 2 sectors");
}

TEST_CASE("generate_window_partition: sectors whose proofs cannot be had are skipped, no proof",
          "[post][worker]") {
  auto ctx = StageContext::best_effort();
  // Called on run_bounded's threads: counted here, checked after (Catch asserts on one thread).
  std::atomic<int> asked{0}, other_proof_type{0};
  const SectorProofSource source = [&](const PostSectorChallenge& c, ProofDeadline) {
    ++asked;
    if (c.post_proof != kWindow2K) ++other_proof_type;
    if (c.sector_number == 1) throw NotFound("no storage holds sector 1");
    SectorPostProof proof;  // does not verify against the CommR
    proof.sector_number = c.sector_number;
    return proof;
  };
  const auto result = generate_window_partition(window_task({1, 2}), source, CheckLimits{},
                                                params::ProofMode::kVanilla, ctx);
  CHECK(asked == 2);
  CHECK(other_proof_type == 0);
  CHECK(result.proof.empty());
  CHECK(result.skipped == std::vector<std::uint64_t>{1, 2});
}

TEST_CASE("generate_winning_post refuses tasks that are not a WinningPoSt", "[post][worker]") {
  auto ctx = StageContext::best_effort();
  PostTask task{.post_proof = kWinning2K, .miner_id = kMiner, .randomness = Bytes(32, 1)};
  const auto params = post_challenge_params(kWinning2K, task.randomness);
  CHECK(params.challenge_count == 66);
  CHECK(params.api == PostApi::kV1_0);
  CHECK_THROWS_WITH(generate_winning_post(task, kNoSource, std::chrono::seconds(1),
                                          params::ProofMode::kVanilla, ctx),
                    Catch::Contains("no sectors"));
  for (std::uint64_t n : {4, 5})
    task.sectors.push_back({.seal_proof = kSealProof,
                            .sector_number = n,
                            .comm_r = comm_r01(),
                            .leaves = challenged_leaves(params, task.sectors.size(), n)});
  CHECK_THROWS_WITH(generate_winning_post(task, kNoSource, std::chrono::seconds(1),
                                          params::ProofMode::kSnark, ctx),
                    Catch::Contains("the SNARK proves exactly one"));
  task.post_proof = kWindow2K;
  CHECK_THROWS_WITH(generate_winning_post(task, kNoSource, std::chrono::seconds(1),
                                          params::ProofMode::kVanilla, ctx),
                    Catch::Contains("needs a WinningPoSt proof type"));
}

TEST_CASE("merge_partition_proofs: Groth16 proofs concatenated, vanilla JSON arrays joined",
          "[post][worker]") {
  CHECK(merge_partition_proofs({Bytes{1, 2}, Bytes{3}}, params::ProofMode::kSnark) ==
        Bytes{1, 2, 3});
  const std::string a = R"([])";
  CHECK(merge_partition_proofs({Bytes(a.begin(), a.end()), Bytes(a.begin(), a.end())},
                               params::ProofMode::kVanilla) == Bytes{'[', ']'});
  CHECK_THROWS_AS(merge_partition_proofs({Bytes{'x'}}, params::ProofMode::kVanilla), InvalidInput);
}

TEST_CASE("PostWorkerPool: tasks go to a worker that answers; a failed one rests",
          "[post][worker][pool]") {
  PostWorkerPool pool(std::chrono::minutes(1));
  CHECK_FALSE(pool.has(PostWorkerKind::kWindow));
  CHECK_THROWS_AS(pool.window_prover(std::chrono::seconds(5))(window_task({1})), NotFound);

  std::atomic<int> good_calls{0}, bad_calls{0};
  FakeWorker good(
      [&](const PostTask&) {
        ++good_calls;
        return WindowPartitionResult{Bytes{7}, {}};
      },
      {});
  FakeWorker bad(
      [&](const PostTask&) -> WindowPartitionResult {
        ++bad_calls;
        throw IoError("disk on fire");
      },
      {});
  pool.add(bad.api(), PostWorkerKind::kWindow);
  CHECK(pool.has(PostWorkerKind::kWindow));
  CHECK_FALSE(pool.has(PostWorkerKind::kWinning));
  auto prover = pool.window_prover(std::chrono::seconds(5));
  CHECK_THROWS_WITH(prover(window_task({1})), Catch::Contains("disk on fire"));
  CHECK(bad_calls == 1);

  pool.add(good.api(), PostWorkerKind::kWindow);
  // The failed worker rests: the good one is asked first, each time.
  for (int i = 0; i < 3; ++i) CHECK(prover(window_task({1})).proof == Bytes{7});
  CHECK(good_calls == 3);
  CHECK(bad_calls == 1);

  // A worker that went away (nothing listens at its address) fails over to the other.
  PostWorkerPool fresh;
  ApiInfo gone = good.api();
  {
    FakeWorker soon_gone([](const PostTask&) { return WindowPartitionResult{Bytes{1}, {}}; }, {});
    gone = soon_gone.api();
  }
  fresh.add(gone, PostWorkerKind::kWindow);
  fresh.add(good.api(), PostWorkerKind::kWindow);
  // Whichever is asked first, by the second task the gone one has been tried once.
  for (int i = 0; i < 2; ++i)
    CHECK(fresh.window_prover(std::chrono::seconds(5))(window_task({1})).proof == Bytes{7});
  CHECK(good_calls == 5);

  // A worker connecting again at the same address replaces the entry and its failures.
  pool.add(bad.api(), PostWorkerKind::kWinning);
  CHECK(pool.has(PostWorkerKind::kWinning));
}
