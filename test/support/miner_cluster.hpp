// A cluster of real processes on 127.0.0.1 for the integration tests: `lotus-devnet run`, one
// `lotus-miner run` on a fresh repo (its actor created through the chain) and `lotus-worker run`
// processes joining it, each with its own log file in the cluster's temporary directory. Every
// process gets the cluster's proof mode (vanilla proofs, the test tool, unless a test asks for
// Groth16). Only for the integration test binary (TESSERA_BINARY).
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "chain/api/full_node_connect.hpp"
#include "common/api/common_api.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
#include "miner/sectors_api.hpp"
#include "sealing/workers/worker_api.hpp"
#include "storage/paths/local_storage_meta.hpp"
#include "storage/paths/storage_config.hpp"
#include "test/support/ports.hpp"
#include "test/support/process.hpp"
#include "test/support/temp_dir.hpp"

namespace tessera::test {

using namespace std::chrono_literals;

inline const std::string kBinary = TESSERA_BINARY;

inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Starts `lotus-devnet run` on repo (block time `epoch`, more flags, env; output to log_file),
// waits until its API answers and sets node to it.
inline std::unique_ptr<BackgroundProcess> start_devnet(
    const std::filesystem::path& repo, const std::string& epoch, const EnvOverrides& env,
    const std::vector<std::string>& flags, const std::filesystem::path& log_file, ApiInfo& node) {
  std::vector<std::string> args{"devnet", "--repo", repo.string(), "run",
                                "--api",  "0",      "--epoch",     epoch};
  args.insert(args.end(), flags.begin(), flags.end());
  auto devnet = std::make_unique<BackgroundProcess>(kBinary, args, env, log_file);
  for (int i = 0; i < 200 && !std::filesystem::exists(repo / "token"); ++i)
    std::this_thread::sleep_for(50ms);
  for (int i = 0; i < 200; ++i) {
    node = ApiInfo{read_text(repo / "token"), read_text(repo / "api")};
    try {
      chain::connect_full_node(node).chain_head();
      break;
    } catch (const Error&) {
      std::this_thread::sleep_for(50ms);
    }
  }
  return devnet;
}

struct MinerCluster {
  test::TempDir dir;
  std::filesystem::path devnet_repo = dir / "devnet";
  std::filesystem::path miner_repo = dir / "miner";
  std::unique_ptr<test::BackgroundProcess> devnet;
  std::unique_ptr<test::BackgroundProcess> miner;
  std::map<std::size_t, std::unique_ptr<test::BackgroundProcess>> workers;
  ApiInfo node;
  ApiInfo miner_api;
  std::uint64_t miner_id = 0;
  // What every process of the cluster is given: the proof mode and, for Groth16, the parameter
  // cache. Vanilla proofs (the test tool) unless a test asks for the real ones.
  test::EnvOverrides proof_env;

  // epoch: the devnet's block time; tickets stay valid for 200 epochs.
  // devnet_flags: more `lotus-devnet run` flags.
  explicit MinerCluster(const std::string& epoch = "200ms",
                        test::EnvOverrides proofs = {{"TESSERA_PROOFS", "vanilla"}},
                        const std::vector<std::string>& devnet_flags = {})
      : proof_env(std::move(proofs)) {
    devnet = start_devnet(devnet_repo, epoch, proof_env, devnet_flags, dir / "devnet.log", node);
  }
  ~MinerCluster() {
    for (auto& [i, worker] : workers) worker.reset();
    miner.reset();
    devnet.reset();
  }
  test::EnvOverrides miner_env() const {
    auto env = proof_env;
    env.insert({{"LOTUS_MINER_PATH", miner_repo.string()},
                {"MINER_API_INFO", ""},
                {"FULLNODE_API_INFO", node.token + ":" + node.address}});
    return env;
  }
  test::ProcessResult cli(const std::vector<std::string>& args) const {
    return test::run_process(kBinary, args, miner_env());
  }
  // init (the actor starts without funds: the pipeline sends deposits and pledges), turn local
  // sealing off, run, wait for the API.
  std::uint16_t miner_port = test::free_port();
  void start_miner(bool local_sealing, const std::string& sector_size = "2KiB") {
    auto init = cli({"init", "--sector-size", sector_size});
    INFO(init.out << init.err);
    REQUIRE(init.exit_code == 0);
    std::smatch m;
    REQUIRE(std::regex_search(init.err, m, std::regex("New miners address is: t0([0-9]+)")));
    miner_id = std::stoull(m[1].str());
    if (!local_sealing) {
      auto config = read_text(miner_repo / "config.toml");
      for (const auto* key : {"AllowAddPiece", "AllowPreCommit1", "AllowPreCommit2", "AllowCommit"})
        config = std::regex_replace(config, std::regex(std::string("#") + key + " = true"),
                                    std::string(key) + " = false");
      std::ofstream(miner_repo / "config.toml") << config;
    }
    run_miner();
    const auto info = cli({"auth", "api-info", "--perm", "admin"});
    REQUIRE(info.exit_code == 0);
    miner_api = parse_api_info(info.out.substr(
        info.out.find('=') + 1, info.out.find_last_not_of("\n") - info.out.find('=')));
  }
  // More `lotus-miner run` flags (role flags, say).
  std::vector<std::string> miner_flags;
  // Starts (or restarts) `lotus-miner run` on its fixed port and waits for its API.
  void run_miner() {
    const auto log = dir / ("miner-" + std::to_string(miner_runs++) + ".log");
    std::vector<std::string> args{"run", "--miner-api", std::to_string(miner_port)};
    args.insert(args.end(), miner_flags.begin(), miner_flags.end());
    miner = std::make_unique<test::BackgroundProcess>(kBinary, args, miner_env(), log);
    REQUIRE(cli({"wait-api", "--timeout", "30s"}).exit_code == 0);
  }
  int miner_runs = 0;
  std::filesystem::path worker_repo(std::size_t i) const {
    return dir / ("worker" + std::to_string(i));
  }
  // Makes worker i's repo a sealing and storage path before its first start (what
  // `lotus-worker storage attach --init --seal --store` makes), so finalize keeps its sectors
  // on it instead of moving them to the miner.
  void give_worker_storage(std::size_t i, const std::string& path_id) const {
    std::filesystem::create_directories(worker_repo(i));
    paths::write_local_storage_meta(
        worker_repo(i) / paths::kMetaFileName,
        paths::LocalStorageMeta{.id = path_id, .weight = 10, .can_seal = true, .can_store = true});
    paths::write_storage_config(worker_repo(i) / paths::kStorageConfigFileName,
                                paths::StorageConfig{{worker_repo(i).string()}});
  }
  // Starts worker i (again, after a kill: same repo, a new log file).
  void start_worker(std::size_t i, const std::string& token) {
    const auto port = test::free_port();
    const auto log =
        dir / ("worker" + std::to_string(i) + "-" + std::to_string(worker_runs[i]++) + ".log");
    const auto program = dir / "lotus-worker";  // the binary answers to its name
    if (!std::filesystem::exists(program)) std::filesystem::create_symlink(kBinary, program);
    workers[i].reset();
    workers[i] = (std::make_unique<test::BackgroundProcess>(
        program.string(),
        std::vector<std::string>{"--worker-repo", worker_repo(i).string(), "run", "--listen",
                                 "127.0.0.1:" + std::to_string(port), "--name",
                                 "worker" + std::to_string(i), "--heartbeat", "1s",
                                 "--return-retry", "500ms"},
        with_proofs({{"MINER_API_INFO", token + ":" + miner_api.address}}), log));
  }
  std::map<std::size_t, int> worker_runs;
  test::EnvOverrides with_proofs(test::EnvOverrides env) const {
    env.insert(proof_env.begin(), proof_env.end());
    return env;
  }
  // Every worker log line "<task> for sector <n> started", counted per (task, sector).
  std::map<std::pair<std::string, std::uint64_t>, int> calls_started() const {
    std::map<std::pair<std::string, std::uint64_t>, int> out;
    const std::regex line(
        "(AddPiece|PreCommit1|PreCommit2|Commit1|Commit2|Finalize) for sector ([0-9]+) started");
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      const auto name = entry.path().filename().string();
      if (name.rfind("worker", 0) != 0 || entry.path().extension() != ".log") continue;
      const auto text = read_text(entry.path());
      for (auto it = std::sregex_iterator(text.begin(), text.end(), line);
           it != std::sregex_iterator(); ++it)
        ++out[{(*it)[1].str(), std::stoull((*it)[2].str())}];
    }
    return out;
  }
  // The workers (by index) whose logs show a call of sector n from PreCommit1 to Finalize.
  std::set<std::size_t> workers_that_sealed(std::uint64_t n) const {
    std::set<std::size_t> out;
    const std::regex line("(PreCommit1|PreCommit2|Commit1|Finalize) for sector " +
                          std::to_string(n) + " started");
    const std::regex log_name("worker([0-9]+)-[0-9]+\\.log");
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      const auto name = entry.path().filename().string();
      std::smatch m;
      if (!std::regex_match(name, m, log_name)) continue;
      const auto text = read_text(entry.path());
      if (std::regex_search(text, line)) out.insert(std::stoul(m[1].str()));
    }
    return out;
  }
  std::unique_ptr<jsonrpc::Client> api() const {
    return jsonrpc::Client::connect(miner_api, jsonrpc::Transport::kHttp);
  }
  // The session of the worker started as worker i (by the name it reports), or "".
  std::string session_of(std::size_t i) const {
    for (const auto& [session, stats] : api::call(*api(), workers::kWorkerStats))
      if (stats.info.hostname == "worker" + std::to_string(i)) return session;
    return "";
  }
  // Polls every sector until all are Proving or the time is up; returns those that are.
  std::map<std::uint64_t, miner::ApiSectorInfo> wait_proving(
      const std::vector<std::uint64_t>& numbers, std::chrono::seconds limit) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::map<std::uint64_t, miner::ApiSectorInfo> done;
    while (done.size() < numbers.size() && std::chrono::steady_clock::now() < deadline) {
      try {
        auto client = api();
        for (const auto n : numbers) {
          if (done.count(n)) continue;
          const auto status = api::call(*client, miner::kSectorsStatus, n, true);
          if (status.state == "Proving") done[n] = status;
        }
      } catch (const IoError&) {  // the miner is restarting
      }
      std::this_thread::sleep_for(250ms);
    }
    return done;
  }
  // Polls the chain's head until done(head) holds (true) or the time is up (false).
  bool wait_for_chain(const std::function<bool(const chain::TipSet&)>& done,
                      std::chrono::seconds limit) const {
    auto client = chain::connect_full_node(node);
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      if (done(client.chain_head())) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }
  // The state at head of the miner's partition holding sector n (empty when none holds it).
  chain::PartitionState partition_of(std::uint64_t n, const chain::TipSet& head) const {
    auto client = chain::connect_full_node(node);
    const auto actor = chain::Address::from_id(miner_id);
    const auto deadlines = client.state_miner_deadlines(actor, head.key()).size();
    for (std::uint64_t d = 0; d < deadlines; ++d)
      for (const auto& p : client.state_miner_partitions(actor, d, head.key()))
        if (p.all_sectors.contains(n)) return p;
    return chain::PartitionState{};
  }
  // Waits until the miner's WorkerStats lists `count` workers.
  void wait_workers(std::size_t count) {
    for (int i = 0; i < 300; ++i) {
      if (api::call(*api(), workers::kWorkerStats).size() >= count) return;
      std::this_thread::sleep_for(100ms);
    }
    FAIL("workers did not connect: " << read_text(dir / "worker0-0.log"));
  }
};

}  // namespace tessera::test
