// 8 MiB sealing throughput of the in-process pipeline (issue #12) against the bound measured in
// the same run: the sum of the stage times (AP, PC1, PC2, C1, C2, FIN) of one sector sealed
// stage by stage with nothing else running, which is the least time a sector can take.
//
//   build/bench/bench_sealing_pipeline [sectors, default 2] [time limit s, default 280]
//       [work dir, default /var/tmp] [lotus-devnet binary, default <this dir>/../lotus-devnet]
//       [epoch ms, default 500]
//
// The epoch bounds PC1 + PC2: the ticket must be at most 200 epochs old when the PreCommit is
// sent (the devnet's MaxPreCommitRandomnessLookback), or the sector redoes PC1. At 100 ms that
// is 20 s, less than two concurrent 8 MiB PC2s take on a loaded 2-core machine; 500 ms gives
// 100 s and makes the seed wait (10 epochs) 5 s.
//
// It starts the devnet as a child process (blocks every epoch, full-node API on 127.0.0.1),
// times each stage alone, then pledges `sectors` sectors to a pipeline with one LocalWorker and
// again with two (each on its own storage path, a fresh miner actor per run) and waits for them
// to reach Proving. Per run it prints sectors/hour, the wall time per sector over the sum of the
// stage times (the pipeline's overhead, goal <= 1.10), the time every sector spent waiting for
// the chain (PreCommit landing, the 10-epoch seed delay, ProveCommit landing) and the wall time
// during which only the chain was awaited; then the two-worker speedup and one JSON line.
// Everything lives in a temporary directory under the work dir, removed at the end.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench/bounds.hpp"
#include "chain/api/full_node_connect.hpp"
#include "chain/types/miner_params.hpp"
#include "common/api_info.hpp"
#include "common/cbor/cbor.hpp"
#include "common/log.hpp"
#include "sealing/pipeline/pipeline.hpp"
#include "sealing/pipeline/sector_states.hpp"
#include "sealing/porep/parent_cache.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/sdr_graph.hpp"
#include "sealing/workers/local_worker.hpp"
#include "sealing/workers/manager.hpp"
#include "sealing/workers/sector_tasks.hpp"
#include "storage/datastore/metadata_store.hpp"
#include "storage/index/sector_index.hpp"
#include "storage/paths/local_paths.hpp"
#include "storage/paths/local_storage_meta.hpp"
#include "storage/paths/storage_config.hpp"
#include "storage/repo/repo.hpp"
#include "storage/sectorid/number_assigner.hpp"

using namespace tessera;
using namespace std::chrono_literals;
using bench::Clock;
using bench::seconds_since;

namespace {

constexpr std::int64_t kSealProof = 6;  // StackedDrg8MiBV1_1
const std::uint64_t kSectorSize = porep::seal_proof_info(kSealProof).sector_size;

// The lotus-devnet child process; stopped (SIGTERM, then SIGKILL) when destroyed.
class DevnetProcess {
 public:
  DevnetProcess(const std::filesystem::path& binary, const std::filesystem::path& repo,
                int epoch_ms) {
    const auto log = repo.parent_path() / "devnet.log";
    const std::string repo_flag = "--repo=" + repo.string();
    const std::string epoch = std::to_string(epoch_ms) + "ms";
    pid_ = ::fork();
    if (pid_ < 0) throw IoError("fork failed");
    if (pid_ == 0) {
      if (!std::freopen(log.c_str(), "w", stdout) || !std::freopen(log.c_str(), "a", stderr))
        ::_exit(126);
      ::execl(binary.c_str(), "lotus-devnet", repo_flag.c_str(), "run", "--api", "0", "--epoch",
              epoch.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const auto deadline = Clock::now() + 30s;
    while (!std::filesystem::exists(repo / "api") || !std::filesystem::exists(repo / "token")) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        throw Error("lotus-devnet exited at start; see " + log.string());
      }
      if (Clock::now() > deadline) {
        stop();
        throw Error("lotus-devnet did not start in 30 s");
      }
      std::this_thread::sleep_for(20ms);
    }
    info_ = ApiInfo{repo::Repo::read_api_token(repo), repo::Repo::read_api_endpoint(repo)};
  }
  ~DevnetProcess() { stop(); }
  DevnetProcess(const DevnetProcess&) = delete;
  DevnetProcess& operator=(const DevnetProcess&) = delete;
  const ApiInfo& info() const { return info_; }

 private:
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(50ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  pid_t pid_ = -1;
  ApiInfo info_;
};

// Pushes a message from the devnet's default wallet and waits for it; its receipt's return.
Bytes run_message(chain::FullNodeClient& node, chain::Message message) {
  const auto pushed = node.mpool_push_message(message);
  const auto found = node.state_wait_msg(pushed.cid(), 1, -1, true);
  if (found.receipt.exit_code != 0)
    throw Error("message to " + message.to.to_string(chain::Network::kTestnet) +
                " failed: exit code " + std::to_string(found.receipt.exit_code));
  return found.receipt.return_value;
}

// A new 8 MiB miner actor owned by the default wallet, funded with 1 FIL; its ID.
std::uint64_t create_miner(chain::FullNodeClient& node) {
  const auto owner = node.wallet_default_address();
  chain::Message create;
  create.to = chain::Address::from_id(4);  // the storage power actor
  create.from = owner;
  create.method = chain::power_method::kCreateMiner;
  create.params = chain::encode(chain::CreateMinerParams{
      owner, owner, chain::window_post_proof_for_sector_size(kSectorSize), {}, {}});
  const auto ret = cbor::decode(run_message(node, create));
  const auto id = chain::Address::from_bytes(ret.as_array()[0].as_bytes()).id();
  chain::Message fund;
  fund.to = chain::Address::from_id(id);
  fund.from = owner;
  fund.value = chain::BigInt::parse("1000000000000000000");
  run_message(node, fund);
  return id;
}

// The stage times of one sector sealed stage by stage, in seconds, in order.
std::vector<std::pair<std::string, double>> time_stages_alone(const std::filesystem::path& dir,
                                                              const char* when) {
  const workers::SectorRef sector{{1000, 1}, kSealProof};
  const workers::SectorPaths files{dir / "unsealed" / "s-t01000-1", dir / "sealed" / "s-t01000-1",
                                   dir / "cache" / "s-t01000-1"};
  const Bytes ticket(32, 1), seed(32, 2);
  std::vector<std::pair<std::string, double>> times;
  auto timed = [&](const char* name, auto&& work) {
    const auto start = Clock::now();
    work();
    times.emplace_back(name, seconds_since(start));
    std::printf("stage alone (%s): %-3s %.2f s\n", when, name, times.back().second);
    std::fflush(stdout);
  };
  workers::PieceInfo piece;
  Bytes pc1_out, c1_out;
  workers::SectorCids cids;
  timed("AP", [&] { piece = workers::add_pledge_piece(sector, files.unsealed); });
  timed("PC1", [&] { pc1_out = workers::seal_pre_commit1(sector, ticket, {piece}, files); });
  timed("PC2", [&] { cids = workers::seal_pre_commit2(sector, pc1_out, files); });
  timed("C1", [&] { c1_out = workers::seal_commit1(sector, ticket, seed, cids, files); });
  timed("C2", [&] { workers::seal_commit2(sector, c1_out, params::proof_mode_from_env()); });
  timed("FIN", [&] { workers::finalize_sector_files(sector, files); });
  return times;
}

bool is_chain_wait(const std::string& state) {
  static const std::set<std::string_view> kChain = {pipeline::kGetTicket,
                                                    pipeline::kPreCommitting,
                                                    pipeline::kPreCommitWait,
                                                    pipeline::kSubmitPreCommitBatch,
                                                    pipeline::kPreCommitBatchWait,
                                                    pipeline::kWaitSeed,
                                                    pipeline::kSubmitCommit,
                                                    pipeline::kCommitWait,
                                                    pipeline::kSubmitCommitAggregate,
                                                    pipeline::kCommitAggregateWait};
  return kChain.count(state) > 0;
}

// One pipeline run's measurements.
struct RunResult {
  int workers = 0;
  int sectors = 0;
  bool complete = false;
  double wall = 0;                           // first pledge to the last sector in Proving
  double mean_latency = 0;                   // per sector, pledge to Proving
  double mean_chain_wait = 0;                // per sector, in chain-wait states
  double chain_only = 0;                     // wall time when every open sector awaited the chain
  std::map<std::string, double> mean_state;  // per sector, seconds in each state
  std::vector<std::string> failures;         // the Failed events in the sectors' logs
};

// The miner side of one run: metadata, index, one storage path per worker, the workers, the
// manager and the pipeline on a fresh miner actor; pledges `sectors` and polls their states.
RunResult run_pipeline(chain::FullNodeClient& node, const std::filesystem::path& dir, int workers,
                       int sectors, Clock::time_point deadline) {
  RunResult result{.workers = workers, .sectors = sectors};
  const auto miner_id = create_miner(node);
  auto store = datastore::MetadataStore::open(dir / "metadata");
  paths::SectorIndex index{store.get()};
  sectorid::SectorNumberAssigner numbers{*store};
  std::vector<std::unique_ptr<paths::LocalPaths>> locals;  // outlive the manager's workers
  workers::Manager manager(index);
  std::vector<std::shared_ptr<workers::LocalWorker>> handles;
  for (int w = 0; w < workers; ++w) {
    const auto path = dir / ("store" + std::to_string(w));
    std::filesystem::create_directories(path);
    char id[40];
    std::snprintf(id, sizeof id, "3b1c3f2e-1111-4a4a-9b9b-%012d", w + 1);
    paths::write_local_storage_meta(
        path / paths::kMetaFileName,
        paths::LocalStorageMeta{.id = id, .weight = 10, .can_seal = true, .can_store = true});
    const auto config = dir / ("storage" + std::to_string(w) + ".json");
    paths::write_storage_config(config, paths::StorageConfig{{path.string()}});
    locals.push_back(std::make_unique<paths::LocalPaths>(index, config));
    locals.back()->open_all("http://127.0.0.1:1/remote");
    locals.back()->start_heartbeat(std::chrono::seconds(1));  // else paths go stale after 50 s
    using workers::TaskType;
    handles.push_back(std::make_shared<workers::LocalWorker>(
        workers::LocalWorkerConfig{
            "bench-worker-" + std::to_string(w),
            {TaskType::kAddPiece, TaskType::kPreCommit1, TaskType::kPreCommit2, TaskType::kCommit1,
             TaskType::kCommit2, TaskType::kFinalize, TaskType::kFinalizeUnsealed},
            params::proof_mode_from_env()},
        *locals.back(), index, &manager));
    manager.add_worker(handles.back());
  }
  pipeline::SectorStore records(*store);
  pipeline::Pipeline sealing(pipeline::PipelineOptions{.miner_id = miner_id,
                                                       .seal_proof = kSealProof,
                                                       .ticket_lookback = 2,
                                                       .max_ticket_age = 200,
                                                       .precommit_challenge_delay = 10,
                                                       .seed_confidence = 1,
                                                       .max_prove_commit_duration = 300,
                                                       .sector_lifetime = 10000,
                                                       .max_retries = 2,
                                                       .retry_backoff = 100ms,
                                                       .chain_poll = 20ms},
                             records, manager, node, numbers);
  sealing.start();

  const auto start = Clock::now();
  std::vector<std::uint64_t> pledged;
  for (int s = 0; s < sectors; ++s) pledged.push_back(sealing.pledge().number);
  std::map<std::uint64_t, double> latency;
  std::map<std::string, double> state_total;
  double chain_total = 0;
  auto last = start;
  while (latency.size() < pledged.size()) {
    std::this_thread::sleep_for(10ms);
    const auto now = Clock::now();
    const double dt = std::chrono::duration<double>(now - last).count();
    last = now;
    bool all_chain = true;
    for (const auto number : pledged) {
      if (latency.count(number)) continue;
      const auto info = sealing.get(number);
      const std::string state = info ? info->state : "";
      state_total[state] += dt;
      if (is_chain_wait(state)) {
        chain_total += dt;
      } else {
        all_chain = false;
      }
      if (state == pipeline::kProving) latency[number] = seconds_since(start);
    }
    if (all_chain) result.chain_only += dt;
    if (now > deadline) break;
  }
  result.wall = seconds_since(start);
  result.complete = latency.size() == pledged.size();
  for (const auto number : pledged) {
    const auto info = sealing.get(number);
    if (!info) continue;
    for (const auto& entry : info->log)
      if (entry.kind.find("Failed") != std::string::npos)
        result.failures.push_back("sector " + std::to_string(number) + " " + entry.kind + ": " +
                                  entry.message);
  }
  sealing.stop();
  manager.stop();
  for (auto& handle : handles) handle->wait_quiet();
  for (const auto& [number, seconds] : latency) result.mean_latency += seconds / sectors;
  result.mean_chain_wait = chain_total / sectors;
  for (const auto& [state, seconds] : state_total)
    if (state != pipeline::kProving) result.mean_state[state] = seconds / sectors;
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  const int sectors = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2;
  const double limit_s = argc > 2 ? std::atof(argv[2]) : 280;
  const std::filesystem::path work = argc > 3 ? argv[3] : "/var/tmp";
  const std::filesystem::path devnet_binary =
      argc > 4 ? std::filesystem::path(argv[4])
               : std::filesystem::absolute(argv[0]).parent_path().parent_path() / "lotus-devnet";
  const int epoch_ms = argc > 5 ? std::max(50, std::atoi(argv[5])) : 500;
  const auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<long>(limit_s * 1000));
  log::set_all_levels("warn");
  chain::set_wire_network(chain::Network::kTestnet);  // the devnet speaks "t…" addresses

  std::string dir_template = (work / "tessera-bench-pipeline-XXXXXX").string();
  if (!::mkdtemp(dir_template.data())) {
    std::fprintf(stderr, "cannot create a directory under %s\n", work.c_str());
    return 1;
  }
  const std::filesystem::path tmp = dir_template;
  int rc = 0;
  try {
    // The SDR parent cache is built once per graph and reused by every sector: not a stage.
    auto start = Clock::now();
    const auto porep_id = porep::porep_id_for(kSealProof);
    porep::SdrGraph graph(kSectorSize / 32, porep_id, porep::sdr_api_for(porep_id));
    porep::ensure_parent_cache(graph, porep::parent_cache_dir());
    std::printf("parent cache ready in %.2f s (%s)\n", seconds_since(start),
                porep::parent_cache_dir().c_str());

    // The bound is measured before and after the pipeline runs; each stage's lower time is
    // kept, so a slow moment of the machine cannot flatter the pipeline's ratio.
    const auto before = time_stages_alone(tmp / "alone-before", "before");
    std::fflush(stdout);
    DevnetProcess devnet(devnet_binary, tmp / "devnet", epoch_ms);
    auto node = chain::connect_full_node(devnet.info(), jsonrpc::Transport::kHttp);
    std::vector<RunResult> runs;
    for (const int workers : {1, 2}) {
      runs.push_back(run_pipeline(node, tmp / ("miner-" + std::to_string(workers)), workers,
                                  sectors, deadline));
      std::printf("pipeline run with %d worker(s) done in %.1f s\n", workers, runs.back().wall);
      std::fflush(stdout);
      if (!runs.back().complete) break;
    }
    const auto after = time_stages_alone(tmp / "alone-after", "after");
    auto stages = before;
    double bound = 0;
    for (std::size_t i = 0; i < stages.size(); ++i) {
      stages[i].second = std::min(before[i].second, after[i].second);
      bound += stages[i].second;
    }
    const auto busiest =
        *std::max_element(stages.begin(), stages.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; });
    std::string stage_list;
    for (const auto& [name, seconds] : stages) {
      char item[48];
      std::snprintf(item, sizeof item, "%s%s %.2f", stage_list.empty() ? "" : " + ", name.c_str(),
                    seconds);
      stage_list += item;
    }
    std::printf(
        "stages alone (8 MiB, one sector, the lower of before/after): %s = %.2f s = bound %.1f "
        "sectors/hour on one worker; busiest stage %s %.2f s (%.0f%% of the sum)\n",
        stage_list.c_str(), bound, 3600 / bound, busiest.first.c_str(), busiest.second,
        100 * busiest.second / bound);
    for (const auto& r : runs) {
      const double per_sector = r.wall / sectors;
      std::string states;
      for (const auto& [state, seconds] : r.mean_state) {
        char item[96];
        std::snprintf(item, sizeof item, "%s%s %.2f", states.empty() ? "" : ", ",
                      state.empty() ? "(none)" : state.c_str(), seconds);
        states += item;
      }
      std::printf(
          "pipeline, %d worker%s, %d x 8 MiB, epoch %d ms: %s in %.1f s = %.1f sectors/hour; "
          "wall per sector %.2f s / sum of stages %.2f s = overhead ratio %.2f (goal <= 1.10); "
          "per sector: latency %.2f s of which %.2f s (%.0f%%) waiting for the chain; wall time "
          "with only the chain awaited %.2f s (%.0f%%); ratio without it %.2f; mean s per "
          "state: %s\n",
          r.workers, r.workers > 1 ? "s" : "", sectors, epoch_ms,
          r.complete ? "all Proving" : "INCOMPLETE (time limit)", r.wall, sectors * 3600 / r.wall,
          per_sector, bound, per_sector / bound, r.mean_latency, r.mean_chain_wait,
          r.mean_latency > 0 ? 100 * r.mean_chain_wait / r.mean_latency : 0, r.chain_only,
          100 * r.chain_only / r.wall, (r.wall - r.chain_only) / sectors / bound, states.c_str());
      for (const auto& failure : r.failures) std::printf("  retried after: %s\n", failure.c_str());
    }
    nlohmann::json summary = {{"bench", "sealing_pipeline"},
                              {"sector_size", kSectorSize},
                              {"sectors", sectors},
                              {"epoch_ms", epoch_ms},
                              {"stages_alone_s", nlohmann::json::object()},
                              {"stages_alone_before_s", nlohmann::json::object()},
                              {"stages_alone_after_s", nlohmann::json::object()},
                              {"bound_s", bound},
                              {"busiest_stage", busiest.first},
                              {"runs", nlohmann::json::array()}};
    for (std::size_t i = 0; i < stages.size(); ++i) {
      summary["stages_alone_s"][stages[i].first] = stages[i].second;
      summary["stages_alone_before_s"][before[i].first] = before[i].second;
      summary["stages_alone_after_s"][after[i].first] = after[i].second;
    }
    for (const auto& r : runs)
      summary["runs"].push_back({{"workers", r.workers},
                                 {"complete", r.complete},
                                 {"wall_s", r.wall},
                                 {"sectors_per_hour", sectors * 3600 / r.wall},
                                 {"overhead_ratio", r.wall / sectors / bound},
                                 {"mean_latency_s", r.mean_latency},
                                 {"mean_chain_wait_s", r.mean_chain_wait},
                                 {"chain_only_wall_s", r.chain_only},
                                 {"retries", r.failures.size()}});
    if (runs.size() == 2 && runs[0].complete && runs[1].complete) {
      const double speedup = runs[0].wall / runs[1].wall;
      std::printf("two workers against one: speedup %.2fx (sectors/hour %.1f -> %.1f)\n", speedup,
                  sectors * 3600 / runs[0].wall, sectors * 3600 / runs[1].wall);
      summary["speedup_2_workers"] = speedup;
    } else {
      rc = 2;
    }
    std::printf("%s\n", summary.dump().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_sealing_pipeline: %s\n", e.what());
    rc = 1;
  }
  std::error_code ec;
  std::filesystem::remove_all(tmp, ec);
  return rc;
}
