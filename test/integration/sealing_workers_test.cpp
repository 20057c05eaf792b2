// Sealing across processes on 127.0.0.1 with lotus's worker protocol: a devnet, a miner whose
// built-in worker does no sealing ([Storage] Allow* = false) and two `lotus-worker run`
// processes. Pledged 2 KiB sectors reach Proving with their PreCommit and ProveCommit on the
// chain, each sector's sealed and cache files stay on the one worker that ran its PC1 until
// finalize moves them to the miner's storage path (lotus MoveStorage over /remote), and the
// bad-input paths (no worker able to seal, status of a missing sector, a Return for an unknown
// call, a worker with another cluster's token) fail clearly and change nothing. These runs use
// vanilla proofs (TESSERA_PROOFS=vanilla, the test tool); one run seals with Groth16 end to end
// on tessera's devnet parameters.
#include <signal.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <thread>

#include "chain/api/full_node_connect.hpp"
#include "common/api/common_api.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "common/jwt/jwt.hpp"
#include "miner/sectors_api.hpp"
#include "sealing/workers/worker_api.hpp"
#include "test/support/miner_cluster.hpp"
#include "test/support/ports.hpp"
#include "test/support/process.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace std::chrono_literals;

namespace {

using test::kBinary;
using test::read_text;
using Cluster = test::MinerCluster;

// Sector n was sealed, from PreCommit1 to Finalize, on one worker only, and finalize then moved
// its sealed file and cache to the miner's storage path (the only CanStore path: the workers'
// repos are sealing paths) through that worker's /remote and released its unsealed file; no
// worker keeps a copy of anything. Returns the worker.
std::set<std::size_t> check_sealed_on_one_worker_then_stored(const Cluster& cluster,
                                                             std::uint64_t n) {
  INFO("sector " << n);
  const auto sealers = cluster.workers_that_sealed(n);
  CHECK(sealers.size() == 1);
  const std::string name = "s-t0" + std::to_string(cluster.miner_id) + "-" + std::to_string(n);
  CHECK(std::filesystem::exists(cluster.miner_repo / "sealed" / name));
  CHECK(std::filesystem::exists(cluster.miner_repo / "cache" / name / "p_aux"));
  for (std::size_t w = 0; w < 2; ++w) {
    for (const auto* type : {"sealed", "cache", "unsealed"})  // the CC unsealed file released
      CHECK_FALSE(std::filesystem::exists(cluster.worker_repo(w) / type / name));
  }
  return sealers;
}

}  // namespace

TEST_CASE("sealing: two lotus-workers seal pledged sectors to Proving", "[integration][sealing]") {
  Cluster cluster;
  cluster.start_miner(false);
  auto miner = cluster.api();

  // No worker can seal yet: the built-in one only has C1/FIN/GET.
  CHECK_THROWS_WITH(api::call(*miner, miner::kPledgeSector), Catch::Contains("no worker can seal"));
  CHECK(api::call(*miner, miner::kSectorsList).empty());
  CHECK_THROWS_AS(api::call(*miner, miner::kSectorsStatus, std::uint64_t{42}, false), NotFound);
  // A Return for a call nobody waits for is refused.
  CHECK_THROWS_AS(api::call(*miner, workers::kReturnSealPreCommit1,
                            workers::CallId{{1000, 1}, "11111111-2222-4333-8444-555555555555"},
                            workers::Returned<Bytes>{Bytes{1, 2}}, workers::MaybeError{}),
                  NotFound);

  cluster.start_worker(0, cluster.miner_api.token);
  cluster.start_worker(1, cluster.miner_api.token);
  cluster.wait_workers(3);

  constexpr int kSectors = 8;
  std::vector<std::uint64_t> numbers;
  for (int i = 0; i < kSectors; ++i)
    numbers.push_back(api::call(*miner, miner::kPledgeSector).number);
  const auto deadline = std::chrono::steady_clock::now() + 240s;
  std::map<std::uint64_t, miner::ApiSectorInfo> done;
  while (done.size() < numbers.size() && std::chrono::steady_clock::now() < deadline) {
    for (const auto n : numbers) {
      if (done.count(n)) continue;
      const auto status = api::call(*miner, miner::kSectorsStatus, n, true);
      if (status.state == "Proving") done[n] = status;
    }
    std::this_thread::sleep_for(250ms);
  }
  INFO(read_text(cluster.dir / "miner-0.log"));
  REQUIRE(done.size() == numbers.size());
  std::set<std::size_t> used;
  for (const auto& [n, status] : done) {
    CHECK(status.activation > 0);  // on chain
    CHECK(status.pre_commit_msg);
    CHECK(status.commit_msg);
    const auto sealers = check_sealed_on_one_worker_then_stored(cluster, n);
    used.insert(sealers.begin(), sealers.end());
  }
  CHECK(used.size() == 2);  // both workers sealed

  // A worker presenting another cluster's token cannot connect.
  const auto stranger = jwt::sign_token(Bytes(32, 0x55), {"read", "write", "sign", "admin"});
  auto bad = jsonrpc::Client::connect(ApiInfo{stranger, cluster.miner_api.address},
                                      jsonrpc::Transport::kHttp);
  CHECK_THROWS_AS(
      api::call(*bad, workers::kWorkerConnect, std::string("http://127.0.0.1:1/rpc/v0")),
      PermissionDenied);
  CHECK(api::call(*miner, workers::kWorkerStats).size() == 3);
}

TEST_CASE("sealing: kill -9 of a worker in PC1 and of the miner in WaitSeed loses nothing",
          "[integration][sealing][kill]") {
  Cluster cluster("1s");  // 8 MiB PC2 takes seconds: 1 s epochs keep tickets valid long enough
  cluster.start_miner(false, "8MiB");
  cluster.start_worker(0, cluster.miner_api.token);
  cluster.start_worker(1, cluster.miner_api.token);
  cluster.wait_workers(3);
  auto miner = cluster.api();
  std::vector<std::uint64_t> numbers;
  for (int i = 0; i < 8; ++i) numbers.push_back(api::call(*miner, miner::kPledgeSector).number);

  // kill -9 worker 0 while it runs a PC1; every call running on it then is interrupted.
  std::set<std::uint64_t> interrupted;
  const auto pc1_deadline = std::chrono::steady_clock::now() + 120s;
  while (interrupted.empty() && std::chrono::steady_clock::now() < pc1_deadline) {
    const auto session = cluster.session_of(0);
    const auto jobs = api::call(*miner, workers::kWorkerJobs);
    const auto mine = jobs.find(session);
    if (mine != jobs.end()) {
      bool pc1 = false;
      for (const auto& job : mine->second)
        pc1 = pc1 || (job.task == workers::TaskType::kPreCommit1 && job.run_wait == 0);
      if (pc1) {
        cluster.workers[0]->signal(SIGKILL);
        cluster.workers[0]->wait(10s);
        for (const auto& job : mine->second) interrupted.insert(job.sector.number);
      }
    }
    if (interrupted.empty()) std::this_thread::sleep_for(20ms);
  }
  REQUIRE_FALSE(interrupted.empty());
  cluster.start_worker(0, cluster.miner_api.token);

  // kill -9 the miner once a sector waits for its seed, then start it again.
  const auto seed_deadline = std::chrono::steady_clock::now() + 240s;
  bool killed = false;
  while (!killed && std::chrono::steady_clock::now() < seed_deadline) {
    const auto summary = api::call(*miner, miner::kSectorsSummary);
    if (summary.count("WaitSeed")) {
      cluster.miner->signal(SIGKILL);
      cluster.miner->wait(10s);
      killed = true;
    } else {
      std::this_thread::sleep_for(50ms);
    }
  }
  INFO(read_text(cluster.dir / "miner-0.log"));
  REQUIRE(killed);
  cluster.run_miner();

  const auto done = cluster.wait_proving(numbers, 400s);
  INFO(read_text(cluster.dir / "miner-1.log"));
  REQUIRE(done.size() == numbers.size());
  // Each stage ran once per sector, but for the sectors whose calls the worker kill failed:
  // their Log shows the failure, as a failure event (SectorSealPreCommit1Failed, ...) or, for a
  // state retried in place such as Packing's AddPiece, an "error;<class>" entry. The miner's
  // restart re-attached to its calls in flight, so it re-ran nothing.
  std::set<std::uint64_t> failed;
  for (const auto& [n, status] : done)
    for (const auto& entry : status.log)
      if (entry.kind.find("Failed") != std::string::npos || entry.kind.rfind("error;", 0) == 0)
        failed.insert(n);
  INFO("interrupted by the kill: " << interrupted.size()
                                   << ", with a failure in their log: " << failed.size());
  CHECK_FALSE(failed.empty());
  const auto started = cluster.calls_started();
  for (const auto& [key, count] : started) {
    INFO(key.first << " of sector " << key.second << " started " << count << " times");
    if (failed.count(key.second))
      CHECK(count <= 2);
    else
      CHECK(count == 1);
  }
  for (const auto n : numbers)
    for (const auto* task :
         {"AddPiece", "PreCommit1", "PreCommit2", "Commit1", "Commit2", "Finalize"})
      CHECK(started.count({task, n}) == 1);
  for (const auto n : numbers) check_sealed_on_one_worker_then_stored(cluster, n);
}

TEST_CASE("sealing: a pledged sector is proved with Groth16 and the devnet verifies it",
          "[integration][sealing][snark]") {
  // tessera's devnet parameters for 2 KiB: PoRep for C2, Window and Winning for the miner's PoSt
  // (lotus-bench paramgen keeps existing files).
  const std::filesystem::path params_dir = TESSERA_TEST_PARAMS_DIR;
  const std::string bench = (std::filesystem::path(kBinary).parent_path() / "lotus-bench").string();
  const test::EnvOverrides snark{{"TESSERA_PROOFS", "snark"},
                                 {"FIL_PROOFS_PARAMETER_CACHE", params_dir.string()}};
  const auto paramgen =
      test::run_process(bench, {"paramgen", "--sector-size", "2KiB"}, snark, 1200s);
  INFO(paramgen.out << paramgen.err);
  REQUIRE(paramgen.exit_code == 0);

  Cluster cluster("1s", snark);  // a 2 KiB C2 takes ~100 s; tickets stay valid for 200 epochs
  cluster.start_miner(true);
  auto miner = cluster.api();
  const auto number = api::call(*miner, miner::kPledgeSector).number;
  const auto done = cluster.wait_proving({number}, 400s);
  INFO(read_text(cluster.dir / "miner-0.log"));
  REQUIRE(done.count(number) == 1);
  const auto& status = done.at(number);
  CHECK(status.activation > 0);       // ProveCommit landed: the devnet verified the Groth16 proof
  CHECK(status.proof.size() == 192);  // one partition at 2 KiB
  CHECK_THAT(read_text(cluster.dir / "miner-0.log"),
             Catch::Contains("used tessera's devnet parameters"));
}

TEST_CASE(
    "proving: the miner's WindowPoSt gives its sectors power, a lost sector is declared "
    "faulty and recovers, and its blocks are accepted",
    "[integration][proving]") {
  // Vanilla proofs; 48 deadlines of 4 epochs of 200 ms: a 38 s proving period.
  Cluster cluster("200ms", {{"TESSERA_PROOFS", "vanilla"}}, {"--challenge-window", "4"});
  cluster.start_miner(true);
  auto miner = cluster.api();
  const std::vector<std::uint64_t> numbers = {api::call(*miner, miner::kPledgeSector).number,
                                              api::call(*miner, miner::kPledgeSector).number};
  REQUIRE(cluster.wait_proving(numbers, 120s).size() == numbers.size());

  auto node = chain::connect_full_node(cluster.node);
  const auto actor = chain::Address::from_id(cluster.miner_id);
  const auto active = [&](std::uint64_t n) {
    return [&, n](const chain::TipSet& head) {
      return cluster.partition_of(n, head).active_sectors.contains(n);
    };
  };

  // Each sector's deadline comes round within a proving period; its WindowPoSt activates it.
  for (const auto n : numbers) {
    const bool proven = cluster.wait_for_chain(active(n), 120s);
    if (!proven)
      WARN("sector " << n << " not active; miner log:\n" << read_text(cluster.dir / "miner-0.log"));
    CHECK(proven);
  }
  CHECK_FALSE(
      node.state_miner_power(actor, node.chain_head().key()).miner_power.raw_byte_power.is_zero());
  CHECK(cluster.wait_for_chain(
      [&](const chain::TipSet& head) {
        for (const auto& block : head.blocks)
          if (block.miner == actor) return true;  // the devnet checked its WinningPoSt
        return false;
      },
      120s));

  // The first sector's sealed file goes away: it is declared faulty while the other still
  // proves; back in place, it is declared recovered and proven again.
  const auto name = "s-t0" + std::to_string(cluster.miner_id) + "-" + std::to_string(numbers[0]);
  const auto sealed = cluster.miner_repo / "sealed" / name;
  const auto aside = cluster.dir / name;
  std::filesystem::rename(sealed, aside);
  CHECK(cluster.wait_for_chain(
      [&](const chain::TipSet& head) {
        return cluster.partition_of(numbers[0], head).faulty_sectors.contains(numbers[0]);
      },
      120s));
  const bool neighbour = active(numbers[1])(node.chain_head());
  if (!neighbour)
    WARN("sector " << numbers[1] << " not active; miner log:\n"
                   << read_text(cluster.dir / "miner-0.log"));
  CHECK(neighbour);
  const auto faults = cluster.cli({"proving", "faults"});
  CHECK(faults.exit_code == 0);
  CHECK_THAT(faults.out, Catch::Contains(std::to_string(numbers[0])));
  std::filesystem::rename(aside, sealed);
  CHECK(cluster.wait_for_chain(active(numbers[0]), 150s));

  const auto log = read_text(cluster.dir / "miner-0.log");
  INFO(log);
  CHECK_THAT(log, Catch::Contains("Submitted window post"));
  CHECK_THAT(log, Catch::Contains("declared recoveries"));
  CHECK_THAT(log, Catch::Contains("mined new block"));
}
