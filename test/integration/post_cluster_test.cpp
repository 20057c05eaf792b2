// A distributed miner proving on the devnet (vanilla proofs, 48 deadlines of 8 epochs of 200 ms):
// the root is a Seal-miner (--sctype=alloce, no PoSt) whose two lotus-workers seal sectors on
// their own disks and keep them there (their paths can store); a PoSt-miner (--sctype=get,
// WindowPoSt and WinningPoSt) and a standby WinningPoSt miner use the root's sector index and
// mining lease. The PoSt-miner proves every sector through the workers' /remote/vanilla/single, so
// power appears and blocks are won; a frozen worker (SIGSTOP: its /remote accepts and never
// answers) makes only its own sectors faulty, and they recover when it thaws; the standby never
// mines while the other holds the lease and takes over after the holder is kill -9ed; a PoSt-miner
// kill -9ed at any point of its deadlines and restarted (while the thawed sectors recover, so both
// share one proving period of waiting) keeps every sector proven. The PoSt-miner's
// partitions are first proven on its PoSt worker (lotus-worker --windowpost), then, once that is
// kill -9ed, on the PoSt-miner itself.
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
#include "miner/sectors_api.hpp"
#include "test/support/miner_cluster.hpp"
#include "test/support/ports.hpp"
#include "test/support/process.hpp"

using namespace tessera;
using namespace std::chrono_literals;

namespace {

using test::kBinary;
using test::read_text;

// A further `lotus-miner run` for the cluster's actor: a repo made with `init --actor`, the
// root's keystore and token (the cluster's JWT secret), the root's sector index, and the
// sector number service (and mining lease) at `service`.
struct ActorMiner {
  std::filesystem::path repo;
  std::filesystem::path log;
  test::EnvOverrides env;
  std::uint16_t service;
  std::uint16_t api_port = 0;
  std::unique_ptr<test::BackgroundProcess> process;

  ActorMiner(const test::MinerCluster& cluster, const std::string& name, std::uint16_t service,
             const std::vector<std::string>& flags)
      : repo(cluster.dir / name),
        log(cluster.dir / (name + ".log")),
        env(cluster.miner_env()),
        service(service) {
    env["LOTUS_MINER_PATH"] = repo.string();
    const auto init = cli({"init", "--actor", "f0" + std::to_string(cluster.miner_id)});
    INFO(init.out << init.err);
    REQUIRE(init.exit_code == 0);
    for (const auto& entry : std::filesystem::directory_iterator(cluster.miner_repo / "keystore"))
      if (entry.path().filename().string() != "NRUWE4BSOAWWQ33TOQ")  // not the libp2p host key
        std::filesystem::copy_file(entry.path(), repo / "keystore" / entry.path().filename(),
                                   std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(cluster.miner_repo / "token", repo / "token",
                               std::filesystem::copy_options::overwrite_existing);
    auto config = read_text(repo / "config.toml");
    config = std::regex_replace(config, std::regex("#SectorIndexApiInfo = \"\""),
                                "SectorIndexApiInfo = \"" + cluster.miner_api.token + ":" +
                                    cluster.miner_api.address + "\"");
    // A storage path that does not answer costs its sectors within the devnet's short deadlines,
    // not lotus's 10 min.
    config = std::regex_replace(config, std::regex("#SingleCheckTimeout = \"10m0s\""),
                                "SingleCheckTimeout = \"700ms\"");
    std::ofstream(repo / "config.toml") << config;
    run(flags);
  }
  // Starts (again) `lotus-miner run` with the role flags and waits for its API; one log file.
  void run(const std::vector<std::string>& flags) {
    api_port = test::free_port();
    std::vector<std::string> args{"run", "--miner-api", std::to_string(api_port), "--sctype=get",
                                  "--sclisten=127.0.0.1:" + std::to_string(service)};
    args.insert(args.end(), flags.begin(), flags.end());
    process.reset();
    process = std::make_unique<test::BackgroundProcess>(kBinary, args, env, log);
    const auto waited = cli({"wait-api", "--timeout", "30s"});
    INFO(read_text(log));
    REQUIRE(waited.exit_code == 0);
  }
  test::ProcessResult cli(const std::vector<std::string>& args) const {
    return test::run_process(kBinary, args, env);
  }
  std::string text() const { return read_text(log); }
  // Waits up to `timeout` for `line` to appear in the log; true when it did.
  bool wait_for_line(const std::string& line, std::chrono::seconds timeout) const {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (text().find(line) == std::string::npos) {
      if (std::chrono::steady_clock::now() >= until) return false;
      std::this_thread::sleep_for(200ms);
    }
    return true;
  }
};

// A `lotus-worker run --windowpost --no-local-storage` of `miner` (lotus's PoSt worker): it holds
// no sectors and reads every challenge through the sector index.
std::unique_ptr<test::BackgroundProcess> start_post_worker(const test::MinerCluster& cluster,
                                                           const ActorMiner& miner) {
  const auto program = cluster.dir / "lotus-worker";  // the binary answers to its name
  if (!std::filesystem::exists(program)) std::filesystem::create_symlink(kBinary, program);
  return std::make_unique<test::BackgroundProcess>(
      program.string(),
      std::vector<std::string>{"--worker-repo", (cluster.dir / "post-worker").string(), "run",
                               "--listen", "127.0.0.1:" + std::to_string(test::free_port()),
                               "--windowpost", "--no-local-storage", "--name", "post-worker",
                               "--heartbeat", "1s"},
      cluster.with_proofs({{"MINER_API_INFO", cluster.miner_api.token + ":" +
                                                  multiaddr_for("127.0.0.1", miner.api_port)}}),
      cluster.dir / "post-worker.log");
}

}  // namespace

TEST_CASE(
    "post cluster: a PoSt-miner proves what the Seal-miner's workers sealed, a frozen "
    "worker costs only its sectors, and one WinningPoSt process per actor mines",
    "[integration][proving][cluster]") {
  // 8-epoch deadlines (1.6 s): room for a 700 ms check timeout before the message must land.
  test::MinerCluster cluster("200ms", {{"TESSERA_PROOFS", "vanilla"}}, {"--challenge-window", "8"});
  const auto service = test::free_port();
  cluster.miner_flags = {"--sctype=alloce", "--sclisten=127.0.0.1:" + std::to_string(service),
                         "--window-post=false", "--winning-post=false"};
  cluster.start_miner(false);  // the root seals nothing itself: its workers do
  // The workers keep what they seal (their repos are storage paths too): the PoSt-miner reads
  // each sector where it was sealed.
  for (std::size_t w = 0; w < 2; ++w) {
    cluster.give_worker_storage(w, "5e41e000-0000-4000-8000-00000000000" + std::to_string(w));
    cluster.start_worker(w, cluster.miner_api.token);
  }
  cluster.wait_workers(3);

  ActorMiner post_miner(cluster, "post-miner", service, {});
  ActorMiner standby(cluster, "standby", service, {"--window-post=false"});
  auto post_worker = start_post_worker(cluster, post_miner);

  auto root = cluster.api();
  std::vector<std::uint64_t> numbers;
  for (int i = 0; i < 4; ++i) numbers.push_back(api::call(*root, miner::kPledgeSector).number);
  INFO(read_text(cluster.dir / "miner-0.log"));
  REQUIRE(cluster.wait_proving(numbers, 240s).size() == numbers.size());

  // Which worker holds each sector's files (sealed whole there; nothing moves them yet).
  std::map<int, std::vector<std::uint64_t>> on_worker;
  for (const auto n : numbers) {
    const auto name = "s-t0" + std::to_string(cluster.miner_id) + "-" + std::to_string(n);
    for (int w = 0; w < 2; ++w)
      if (std::filesystem::exists(cluster.worker_repo(w) / "sealed" / name))
        on_worker[w].push_back(n);
  }
  REQUIRE(on_worker[0].size() + on_worker[1].size() == numbers.size());
  REQUIRE_FALSE(on_worker[0].empty());
  REQUIRE_FALSE(on_worker[1].empty());

  auto node = chain::connect_full_node(cluster.node);
  const auto actor = chain::Address::from_id(cluster.miner_id);
  const auto active = [&](std::uint64_t n, const chain::TipSet& head) {
    return cluster.partition_of(n, head).active_sectors.contains(n);
  };
  const auto faulty = [&](std::uint64_t n, const chain::TipSet& head) {
    return cluster.partition_of(n, head).faulty_sectors.contains(n);
  };

  // The PoSt-miner proves every sector in its deadline: all active, power on the chain.
  for (const auto n : numbers) {
    const bool proven =
        cluster.wait_for_chain([&](const chain::TipSet& h) { return active(n, h); }, 120s);
    if (!proven) WARN("sector " << n << " not active; PoSt-miner log:\n" << post_miner.text());
    CHECK(proven);
  }
  CHECK_FALSE(
      node.state_miner_power(actor, node.chain_head().key()).miner_power.raw_byte_power.is_zero());
  CHECK_THAT(post_miner.text(), Catch::Contains("Submitted window post"));
  CHECK_THAT(read_text(cluster.dir / "miner-0.log"), !Catch::Contains("Submitted window post"));
  // The PoSt-miner's partitions were proven on its PoSt worker (GenerateWindowPoSt).
  CHECK_THAT(post_miner.text(), Catch::Contains("WindowPoSt worker at"));
  CHECK_THAT(read_text(cluster.dir / "post-worker.log"),
             Catch::Contains("computed WindowPoSt partition 0 of miner " +
                             std::to_string(cluster.miner_id)));
  {  // lotus-miner proving workers lists it; sealing workers does not
    const auto listed = post_miner.cli({"proving", "workers"});
    INFO(listed.err);
    CHECK(listed.exit_code == 0);
    CHECK_THAT(listed.out, Catch::Contains(", host post-worker\n"));
    CHECK_THAT(post_miner.cli({"sealing", "workers"}).out, !Catch::Contains("post-worker"));
  }
  // Without it the PoSt-miner proves on its own cores (lotus's builtin prover).
  post_worker->signal(SIGKILL);
  REQUIRE(post_worker->wait(10s) != -1);

  // Blocks are won by one of the two WinningPoSt processes, never by the one standing by.
  CHECK(cluster.wait_for_chain(
      [&](const chain::TipSet& head) {
        for (const auto& block : head.blocks)
          if (block.miner == actor) return true;
        return false;
      },
      120s));
  ActorMiner* holder = &post_miner;
  ActorMiner* waiting = &standby;
  if (standby.text().find("acquired mining lease") != std::string::npos) std::swap(holder, waiting);
  CHECK_THAT(holder->text(), Catch::Contains("acquired mining lease"));
  CHECK_THAT(holder->text(), Catch::Contains("mined new block"));
  CHECK_THAT(waiting->text(), Catch::Contains("standing by: mining lease held by"));
  CHECK_THAT(waiting->text(), !Catch::Contains("mined new block"));

  // Worker 0 freezes: its /remote accepts connections and never answers. Its sectors are
  // declared faulty (or skipped) at their deadlines; worker 1's keep proving.
  cluster.workers[0]->signal(SIGSTOP);
  for (const auto n : on_worker[0]) {
    const bool lost =
        cluster.wait_for_chain([&](const chain::TipSet& h) { return faulty(n, h); }, 120s);
    if (!lost) WARN("sector " << n << " not faulty; PoSt-miner log:\n" << post_miner.text());
    CHECK(lost);
  }
  for (const auto n : on_worker[1]) {
    INFO("sector " << n << " on the working worker; PoSt-miner log:\n" << post_miner.text());
    const auto head = node.chain_head();
    CHECK(active(n, head));
    CHECK_FALSE(faulty(n, head));
  }
  // Its PoSt worker gone, the PoSt-miner proves its partitions on its own cores (lotus's builtin
  // prover) when their deadlines come: within a few deadlines of the faults, as the sectors were
  // assigned to consecutive deadlines.
  {
    const bool fell_back = post_miner.wait_for_line("on this machine:", 60s);
    INFO(post_miner.text());
    CHECK(fell_back);
  }
  // Thawed, its sectors are declared recovered and proven again. Meanwhile the lease holder
  // dies and the other takes the lease over once it lapses (10 block delays of 1 s) and mines,
  // and the PoSt-miner is kill -9ed wherever it is in its deadlines and comes back for WindowPoSt
  // only: the recovery is the restarted PoSt-miner's, and a whole proving period after the
  // restart no sector is faulty.
  cluster.workers[0]->signal(SIGCONT);
  holder->process->signal(SIGKILL);
  REQUIRE(holder->process->wait(10s) != -1);
  if (holder == &post_miner) post_miner.run({"--winning-post=false"});
  {
    const bool took_over = waiting->wait_for_line("acquired mining lease", 30s);
    const bool mined = took_over && waiting->wait_for_line("mined new block", 90s);
    INFO(waiting->text());
    CHECK(took_over);
    CHECK(mined);
  }
  if (post_miner.process->running()) {
    post_miner.process->signal(SIGKILL);
    REQUIRE(post_miner.process->wait(10s) != -1);
    post_miner.run({"--winning-post=false"});
  }
  const auto submissions = [&] {
    const auto text = post_miner.text();
    std::size_t count = 0;
    for (auto at = text.find("Submitted window post"); at != std::string::npos;
         at = text.find("Submitted window post", at + 1))
      ++count;
    return count;
  };
  const auto before = submissions();
  const auto restarted_at = node.chain_head().height();
  for (const auto n : on_worker[0])
    CHECK(cluster.wait_for_chain([&](const chain::TipSet& h) { return active(n, h); }, 150s));
  constexpr chain::ChainEpoch kPeriod = 48 * 8;
  REQUIRE(cluster.wait_for_chain(
      [&](const chain::TipSet& h) { return h.height() >= restarted_at + kPeriod + 16; }, 150s));
  CHECK(submissions() > before);
  const auto head = node.chain_head();
  for (const auto n : numbers) {
    INFO("sector " << n << " after the PoSt-miner's restart; its log:\n" << post_miner.text());
    CHECK(active(n, head));
    CHECK_FALSE(faulty(n, head));
  }
}
