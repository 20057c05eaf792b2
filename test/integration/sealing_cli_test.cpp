// `lotus-miner sealing ...` and `lotus-worker info|tasks|storage attach` against real processes
// on 127.0.0.1: a devnet, a miner and one `lotus-worker run`. The miner's commands reach it
// through its repo; the worker's reach the worker through the api and token files in its
// --worker-repo, as lotus does. Bad input (an unknown job ID, a task type that cannot be
// switched, a path with neither --seal nor --store, a repo with no running worker) fails with a
// clear message and changes nothing.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "chain/api/full_node_connect.hpp"
#include "common/api_info.hpp"
#include "common/error.hpp"
#include "common/jsonrpc/client.hpp"
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
// Every process of the cluster exchanges vanilla proofs (the test tool: no Groth16 parameters).
const test::EnvOverrides kVanillaProofs{{"TESSERA_PROOFS", "vanilla"}};

// A devnet, a miner and lotus-workers (the pattern of sealing_workers_test.cpp).
struct Cluster {
  test::TempDir dir;
  std::filesystem::path devnet_repo = dir / "devnet";
  std::filesystem::path miner_repo = dir / "miner";
  std::filesystem::path worker_program = dir / "lotus-worker";  // the binary answers to its name
  std::unique_ptr<test::BackgroundProcess> devnet;
  std::unique_ptr<test::BackgroundProcess> miner;
  std::vector<std::unique_ptr<test::BackgroundProcess>> workers;
  ApiInfo node;
  ApiInfo miner_api;

  Cluster() {
    std::filesystem::create_symlink(kBinary, worker_program);
    devnet = test::start_devnet(devnet_repo, "200ms", kVanillaProofs, {}, dir / "devnet.log", node);
  }
  ~Cluster() {
    for (auto& worker : workers) worker.reset();
    miner.reset();
    devnet.reset();
  }
  test::EnvOverrides miner_env() const {
    return {{"LOTUS_MINER_PATH", miner_repo.string()},
            {"MINER_API_INFO", ""},
            {"FULLNODE_API_INFO", node.token + ":" + node.address},
            *kVanillaProofs.begin()};
  }
  test::ProcessResult cli(const std::vector<std::string>& args) const {
    return test::run_process(kBinary, args, miner_env());
  }
  // `lotus-worker --worker-repo <repo of worker i> args...`.
  test::ProcessResult worker_cli(std::size_t i, std::vector<std::string> args) const {
    args.insert(args.begin(), {"--worker-repo", worker_repo(i).string()});
    return test::run_process(worker_program.string(), args,
                             {{"WORKER_API_INFO", ""}, {"LOTUS_WORKER_PATH", ""}});
  }
  void start_miner() {
    auto init = cli({"init", "--sector-size", "2KiB"});
    INFO(init.out << init.err);
    REQUIRE(init.exit_code == 0);
    miner = std::make_unique<test::BackgroundProcess>(
        kBinary, std::vector<std::string>{"run", "--miner-api", "0"}, miner_env(),
        dir / "miner.log");
    REQUIRE(cli({"wait-api", "--timeout", "30s"}).exit_code == 0);
    const auto info = cli({"auth", "api-info", "--perm", "admin"});
    REQUIRE(info.exit_code == 0);
    miner_api = parse_api_info(info.out.substr(
        info.out.find('=') + 1, info.out.find_last_not_of("\n") - info.out.find('=')));
  }
  std::filesystem::path worker_repo(std::size_t i) const {
    return dir / ("worker" + std::to_string(i));
  }
  void start_worker(std::size_t i, const std::string& name) {
    const auto port = test::free_port();
    workers.push_back(std::make_unique<test::BackgroundProcess>(
        worker_program.string(),
        std::vector<std::string>{"--worker-repo", worker_repo(i).string(), "run", "--listen",
                                 "127.0.0.1:" + std::to_string(port), "--name", name, "--heartbeat",
                                 "1s"},
        test::EnvOverrides{{"MINER_API_INFO", miner_api.token + ":" + miner_api.address},
                           *kVanillaProofs.begin()},
        dir / ("worker" + std::to_string(i) + ".log")));
  }
  std::unique_ptr<jsonrpc::Client> api() const {
    return jsonrpc::Client::connect(miner_api, jsonrpc::Transport::kHttp);
  }
  // The miner's WorkerStats once it lists `count` workers.
  std::map<std::string, workers::WorkerStats> wait_workers(std::size_t count) {
    for (int i = 0; i < 300; ++i) {
      auto stats = api::call(*api(), workers::kWorkerStats);
      if (stats.size() >= count) return stats;
      std::this_thread::sleep_for(100ms);
    }
    FAIL("workers did not connect: " << read_text(dir / "worker0.log"));
    return {};
  }
};

// The "Task types: ..." line of `lotus-worker info`.
std::string task_types_line(const std::string& info) {
  std::smatch m;
  if (!std::regex_search(info, m, std::regex("Task types: [^\n]*\n"))) return "";
  return m[0].str();
}

}  // namespace

TEST_CASE("sealing CLI: jobs, workers, abort and lotus-worker info/tasks/storage",
          "[integration][sealing][cli]") {
  Cluster cluster;
  cluster.start_miner();

  // Before any worker runs, the worker CLI says where it looked.
  const auto no_worker = cluster.worker_cli(0, {"info"});
  CHECK(no_worker.exit_code == 1);
  CHECK_THAT(no_worker.err, Catch::Contains("repo directory does not exist"));

  cluster.start_worker(0, "sealer-one");
  const auto stats = cluster.wait_workers(2);  // the miner's built-in worker and ours
  std::string worker_id;
  for (const auto& [id, stat] : stats)
    if (stat.info.hostname == "sealer-one") worker_id = id;
  REQUIRE(!worker_id.empty());

  {  // sealing workers lists every worker with its bars
    const auto out = cluster.cli({"sealing", "workers"});
    INFO(out.out << out.err);
    REQUIRE(out.exit_code == 0);
    CHECK_THAT(out.out,
               Catch::Contains("Worker " + worker_id + ", host sealer-one\n\tTASK: ") ||
                   Catch::Contains("Worker " + worker_id + ", host sealer-one\n\tCPU:  ["));
    CHECK(std::regex_search(out.out, std::regex("\tCPU:  \\[[| ]{64}\\] [0-9]+/[0-9]+ core\\(s\\) "
                                                "in use\n\tRAM:  \\[[| ]{64}\\] [0-9]+% ")));
    std::size_t blocks = 0, sealing_workers = 0;
    for (std::size_t at = 0; (at = out.out.find("\nWorker ", at)) != std::string::npos; ++at)
      ++blocks;
    if (out.out.rfind("Worker ", 0) == 0) ++blocks;
    for (const auto& [id, stat] : stats)
      if (stat.tasks.empty() ||
          workers::worker_kind(stat.tasks.front()) == workers::WorkerKind::kSealing)
        ++sealing_workers;
    CHECK(blocks == sealing_workers);
  }

  {  // sealing jobs with nothing running prints the header
    const auto out = cluster.cli({"sealing", "jobs", "--show-ret-done"});
    INFO(out.err);
    REQUIRE(out.exit_code == 0);
    CHECK(out.out == "ID  Sector  Worker  Hostname  Task  State  Time\n");
  }

  {  // sealing abort of an unknown job ID fails clearly
    const auto out = cluster.cli({"sealing", "abort", "deadbeef"});
    CHECK(out.exit_code == 1);
    CHECK_THAT(out.err, Catch::Contains("job with specified id prefix not found"));
    CHECK(cluster.cli({"sealing", "abort"}).exit_code == 1);  // the ID is required
  }

  {  // sealing sched-diag prints the scheduler's state in lotus's shape; abort --sched of a
     // request nobody waits on fails clearly
    const auto out = cluster.cli({"sealing", "sched-diag", "--force-sched"});
    INFO(out.err);
    REQUIRE(out.exit_code == 0);
    const auto diag = nlohmann::json::parse(out.out);
    CHECK(diag["SchedInfo"]["Requests"].is_array());
    CHECK(diag["SchedInfo"]["OpenWindows"].size() >= 1);
    CHECK(diag["CallToWork"].is_object());
    const auto removed =
        cluster.cli({"sealing", "abort", "--sched", "00000000-0000-4000-8000-000000000000"});
    CHECK(removed.exit_code == 1);
    CHECK_THAT(removed.err, Catch::Contains("Failed to removed the request with UUID") &&
                                Catch::Contains("no scheduler request"));
  }

  {  // lotus-worker info and tasks disable/enable
    const auto info = cluster.worker_cli(0, {"info"});
    INFO(info.out << info.err);
    REQUIRE(info.exit_code == 0);
    CHECK_THAT(info.out, Catch::StartsWith("Worker version:  1.7.0\nCLI version: lotus-worker "
                                           "version "));
    CHECK_THAT(info.out, Catch::Contains("\nSession: " + worker_id +
                                         "\nEnabled: true\n"
                                         "Hostname: sealer-one\nCPUs: "));
    CHECK_THAT(info.out, Catch::Contains("\tLocal: " + cluster.worker_repo(0).string() + "\n"));
    CHECK_THAT(task_types_line(info.out), Catch::Contains(" PC1 "));

    const auto disable = cluster.worker_cli(0, {"tasks", "disable", "PC1"});
    INFO(disable.err);
    REQUIRE(disable.exit_code == 0);
    const auto after = cluster.worker_cli(0, {"info"});
    REQUIRE(after.exit_code == 0);
    CHECK_THAT(task_types_line(after.out), !Catch::Contains(" PC1 "));
    CHECK_THAT(task_types_line(after.out), Catch::Contains(" PC2 "));
    // The worker's own TaskTypes, through the api and token files the CLI used.
    const auto trimmed = [](std::string text) {
      return text.erase(text.find_last_not_of(" \n") + 1);
    };
    const ApiInfo worker_api{trimmed(read_text(cluster.worker_repo(0) / "token")),
                             trimmed(read_text(cluster.worker_repo(0) / "api"))};
    auto worker = jsonrpc::Client::connect(worker_api, jsonrpc::Transport::kHttp);
    const auto tasks = api::call(*worker, workers::kTaskTypes);
    CHECK_FALSE(tasks.contains(workers::TaskType::kPreCommit1));
    CHECK(tasks.contains(workers::TaskType::kPreCommit2));

    REQUIRE(cluster.worker_cli(0, {"tasks", "enable", "PC1"}).exit_code == 0);
    CHECK(api::call(*worker, workers::kTaskTypes).contains(workers::TaskType::kPreCommit1));

    // --all disables every settable type; the always-on ones stay.
    REQUIRE(cluster.worker_cli(0, {"tasks", "disable", "--all"}).exit_code == 0);
    const auto none = api::call(*worker, workers::kTaskTypes);
    CHECK_FALSE(none.contains(workers::TaskType::kAddPiece));
    CHECK_FALSE(none.contains(workers::TaskType::kPreCommit2));
    CHECK(none.contains(workers::TaskType::kFetch));
    REQUIRE(cluster.worker_cli(0, {"tasks", "enable", "--all"}).exit_code == 0);

    // Bad input: a type that cannot be switched, both --all and a type, nothing at all.
    const auto fin = cluster.worker_cli(0, {"tasks", "disable", "FIN"});
    CHECK(fin.exit_code == 1);
    CHECK_THAT(fin.err, Catch::Contains("unknown task type 'FIN'"));
    CHECK(cluster.worker_cli(0, {"tasks", "disable", "--all", "PC1"}).exit_code == 1);
    CHECK(cluster.worker_cli(0, {"tasks", "enable"}).exit_code == 1);
    CHECK(api::call(*worker, workers::kTaskTypes).contains(workers::TaskType::kPreCommit1));
  }

  {  // lotus-worker storage attach
    const auto path = cluster.dir / "extra";
    const auto bad = cluster.worker_cli(0, {"storage", "attach", "--init", path.string()});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, Catch::Contains("must specify at least one of --store or --seal"));
    CHECK_FALSE(std::filesystem::exists(path));

    const auto attach =
        cluster.worker_cli(0, {"storage", "attach", "--init", "--seal", path.string()});
    CHECK(std::filesystem::exists(path / "sectorstore.json"));
    if (attach.exit_code == 0) {
      const auto info = cluster.worker_cli(0, {"info"});
      CHECK_THAT(info.out, Catch::Contains("\tLocal: " + path.string() + "\n"));
    } else {
      // The worker does not serve StorageAddLocal yet: the error names the method.
      CHECK_THAT(attach.err, Catch::Contains("StorageAddLocal"));
    }
    const auto again =
        cluster.worker_cli(0, {"storage", "attach", "--init", "--seal", path.string()});
    CHECK(again.exit_code == 1);
    CHECK_THAT(again.err, Catch::Contains("path is already initialized"));
  }
}
