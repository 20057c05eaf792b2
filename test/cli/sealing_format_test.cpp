// The text of `lotus-miner sealing jobs|workers|abort` and `lotus-worker info|tasks`
// (cli/sealing_format.hpp). Expected output is written out by hand from lotus v1.23.3
// cmd/lotus-miner/sealing.go and cmd/lotus-worker/info.go, tasks.go: Go's text/tabwriter
// (minwidth 2, padding 2, the last cell unpadded), cli.BarString (64 columns, math.Round),
// types.SizeStr ("%.4g" + " KiB"...), time.Duration.String() truncated to 100 ms and
// sealtasks' order and short names.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "cli/command.hpp"
#include "cli/sealing_format.hpp"
#include "common/error.hpp"

using namespace tessera;
using namespace tessera::cli;
using namespace std::chrono_literals;
using workers::TaskType;

namespace {

constexpr std::uint64_t kGiB = 1024ull * 1024 * 1024;
const std::string kWorkerA = "c4d65451-07f8-4230-98ad-4f33dea2a8cc";
const std::string kWorkerB = "ffffeeee-07f8-4230-98ad-4f33dea2a8cc";  // not in WorkerStats

workers::WorkerJob job(const std::string& uuid, std::uint64_t sector, TaskType task,
                       std::int64_t run_wait, std::optional<workers::TimePoint> start,
                       std::string hostname = "") {
  workers::WorkerJob j;
  j.id = workers::CallId{{1000, sector}, uuid};
  j.sector = {1000, sector};
  j.task = task;
  j.run_wait = run_wait;
  j.start = start;
  j.hostname = std::move(hostname);
  return j;
}

const workers::TimePoint kNow{std::chrono::seconds(1700000000)};

std::map<std::string, std::vector<workers::WorkerJob>> example_jobs() {
  return {
      {kWorkerA,
       {job("00000000-0000-0000-0000-000000000000", 7, TaskType::kAddPiece, 3, std::nullopt),
        job("2f9b4c01-aaaa-4bbb-8ccc-000000000001", 5, TaskType::kPreCommit1, 0, kNow - 12345ms,
            "h1"),
        job("e0000000-aaaa-4bbb-8ccc-000000000002", 8, TaskType::kAddPiece, 1, kNow - 250ms),
        job("d0000000-aaaa-4bbb-8ccc-000000000003", 9, TaskType::kFinalize, -3, kNow - 1050ms),
        // same RunWait and start as 2f9b4c01: the lower call UUID first
        job("1fffffff-aaaa-4bbb-8ccc-000000000004", 10, TaskType::kPreCommit2, 0, kNow - 12345ms)}},
      {kWorkerB,
       {job("9a000000-aaaa-4bbb-8ccc-000000000005", 6, TaskType::kCommit2, -1, kNow - 65s,
            "gone-host")}}};
}

}  // namespace

TEST_CASE("go_tabwriter: column blocks as Go's text/tabwriter", "[cli][sealing]") {
  CHECK(go_tabwriter({{"a", "b", "x"}, {"ccc", "y"}, {"z"}}, 2, 2) ==
        "a    b  x\n"
        "ccc  y\n"
        "z\n");
  // minwidth wins over narrow cells; the last cell is never padded
  CHECK(go_tabwriter({{"", "1"}, {"", "22"}}, 4, 2) == "    1\n    22\n");
  CHECK(go_tabwriter({}, 2, 2).empty());
}

TEST_CASE("bar_string: lotus cli.BarString", "[cli][sealing]") {
  CHECK(bar_string(128, 0, 16) == std::string(8, '|') + std::string(56, ' '));
  CHECK(bar_string(64, 8, 8) == std::string(16, '|') + std::string(48, ' '));
  CHECK(bar_string(3, 1, 0) == std::string(21, '|') + std::string(43, ' '));  // round(21.33)
  CHECK(bar_string(0, 0, 5) == std::string(64, ' '));
  CHECK(bar_string(1, 1, 1) == std::string(128, '|'));  // over 100%: no truncation, as lotus
}

TEST_CASE("sealing jobs: table, order and states", "[cli][sealing]") {
  const std::map<std::string, std::string> hostnames{{kWorkerA, "myhost"}};
  CHECK(format_sealing_jobs(example_jobs(), hostnames, kNow, false) ==
        "ID        Sector  Worker    Hostname   Task  State        Time\n"
        "9a000000  6       ffffeeee  gone-host  C2    ret-wait     1m5s\n"
        "1fffffff  10      c4d65451  myhost     PC2   running      12.3s\n"
        "2f9b4c01  5       c4d65451  myhost     PC1   running      12.3s\n"
        "e0000000  8       c4d65451  myhost     AP    prepared     200ms\n"
        "00000000  7       c4d65451  myhost     AP    assigned(2)  n/a\n");
  CHECK(format_sealing_jobs(example_jobs(), hostnames, kNow, true) ==
        "ID        Sector  Worker    Hostname   Task  State        Time\n"
        "d0000000  9       c4d65451  myhost     FIN   ret-done     1s\n"
        "9a000000  6       ffffeeee  gone-host  C2    ret-wait     1m5s\n"
        "1fffffff  10      c4d65451  myhost     PC2   running      12.3s\n"
        "2f9b4c01  5       c4d65451  myhost     PC1   running      12.3s\n"
        "e0000000  8       c4d65451  myhost     AP    prepared     200ms\n"
        "00000000  7       c4d65451  myhost     AP    assigned(2)  n/a\n");
  CHECK(format_sealing_jobs({}, {}, kNow, false) ==
        "ID  Sector  Worker  Hostname  Task  State  Time\n");
  // a returned job of a worker listed without a hostname
  CHECK(format_sealing_jobs(
            {{kWorkerA,
              {job("abcdef01-aaaa-4bbb-8ccc-000000000001", 1, TaskType::kFetch, -2, kNow - 99ms)}}},
            {{kWorkerA, ""}}, kNow, false) ==
        "ID        Sector  Worker    Hostname  Task  State     Time\n"
        "abcdef01  1       c4d65451            GET   returned  0s\n");
}

TEST_CASE("sealing workers: per-worker block with bars", "[cli][sealing]") {
  workers::WorkerStats sealer;
  sealer.info.hostname = "myhostname";
  sealer.info.resources.cpus = 128;
  sealer.info.resources.mem_physical = 64 * kGiB;
  sealer.info.resources.mem_used = 16 * kGiB;
  sealer.info.resources.mem_swap = 64 * kGiB;
  sealer.info.resources.gpus = {"NVIDIA GeForce RTX 3090"};
  workers::Resources pc1_limit;
  pc1_limit.max_concurrent = 4;
  sealer.info.resources.resources =
      workers::ResourceTable{{TaskType::kPreCommit1, {{8, pc1_limit}}}};
  sealer.tasks = {TaskType::kPreCommit1, TaskType::kAddPiece};
  sealer.enabled = false;
  sealer.mem_used_min = 8 * kGiB;
  sealer.mem_used_max = 32 * kGiB;
  sealer.gpu_used = 0.5;
  sealer.cpu_use = 16;
  sealer.task_counts = {{"8:seal/v0/precommit/1", 1},
                        {"8:seal/v0/addpiece", 15},
                        {"8:seal/v0/fetch", 3},
                        {"8:seal/v0/commit/2", 0}};

  workers::WorkerStats idle;  // no tasks, no memory reported
  idle.info.hostname = "idle";
  idle.enabled = true;

  workers::WorkerStats poster;
  poster.info.hostname = "post";
  poster.enabled = true;
  poster.tasks = {TaskType::kWindowPost};
  poster.info.resources.cpus = 4;
  poster.info.resources.mem_physical = 4 * kGiB;
  poster.info.resources.mem_used = 1 * kGiB;

  const std::map<std::string, workers::WorkerStats> stats{
      {kWorkerA, sealer}, {"0000aaaa-07f8-4230-98ad-4f33dea2a8cc", idle}, {kWorkerB, poster}};
  const std::string bar16 = std::string(16, '|') + std::string(48, ' ');
  const std::string empty = std::string(64, ' ');
  CHECK(format_sealing_workers(stats, true) ==
        "Worker 0000aaaa-07f8-4230-98ad-4f33dea2a8cc, host idle\n"
        "\tCPU:  [" +
            empty +
            "] 0/0 core(s) in use\n"
            "\tRAM:  [" +
            empty +
            "] 0% 0 B/0 B\n"
            "\tVMEM: [" +
            empty +
            "] 0% 0 B/0 B\n"
            "Worker c4d65451-07f8-4230-98ad-4f33dea2a8cc, host myhostname (disabled)\n"
            "\tTASK: GET(3) PC1(1/4) AP(15) \n"
            "\tCPU:  [" +
            std::string(8, '|') + std::string(56, ' ') +
            "] 16/128 core(s) in use\n"
            // lotus prints tasks+used (24 GiB) as the RAM figure
            "\tRAM:  [" +
            bar16 +
            "] 25% 24 GiB/64 GiB\n"
            "\tVMEM: [" +
            bar16 +
            "] 25% 32 GiB/128 GiB\n"
            "\tGPU:  [" +
            std::string(32, '|') + std::string(32, ' ') +
            "] 50% 0.50/1 gpu(s) in use\n"
            "\tGPU: NVIDIA GeForce RTX 3090, used\n");
  // PoSt workers, and again the one with no task types (lotus filters on Tasks[0] only).
  // RAM: reserved = 1 GiB of 4 -> 16 bars, 25%; VMEM the same without swap
  CHECK(format_sealing_workers(stats, false) ==
        "Worker 0000aaaa-07f8-4230-98ad-4f33dea2a8cc, host idle\n"
        "\tCPU:  [" +
            empty +
            "] 0/0 core(s) in use\n"
            "\tRAM:  [" +
            empty +
            "] 0% 0 B/0 B\n"
            "\tVMEM: [" +
            empty +
            "] 0% 0 B/0 B\n"
            "Worker ffffeeee-07f8-4230-98ad-4f33dea2a8cc, host post\n"
            "\tCPU:  [" +
            empty +
            "] 0/4 core(s) in use\n"
            "\tRAM:  [" +
            bar16 +
            "] 25% 1 GiB/4 GiB\n"
            "\tVMEM: [" +
            bar16 + "] 25% 1 GiB/4 GiB\n");

  auto bad = sealer;
  bad.task_counts = {{"seal/v0/precommit/1", 1}};
  CHECK_THROWS_AS(format_sealing_workers({{kWorkerA, bad}}, true), InvalidInput);
  bad.task_counts = {{"x:seal/v0/precommit/1", 1}};
  CHECK_THROWS_AS(format_sealing_workers({{kWorkerA, bad}}, true), InvalidInput);
  bad.task_counts = {{"8:seal/v9/unknown", 2}};  // a task this build does not know
  CHECK_THAT(format_sealing_workers({{kWorkerA, bad}}, true), Catch::Contains("\tTASK: UNK(2) \n"));
}

TEST_CASE("sealing abort: job by call UUID prefix", "[cli][sealing]") {
  const auto jobs = example_jobs();
  const auto found = find_job_by_prefix(jobs, "2f9b");
  REQUIRE(found);
  CHECK(format_abort_line(*found) ==
        "aborting job 1000-5-2f9b4c01-aaaa-4bbb-8ccc-000000000001, task PC1, sector 5, running "
        "on host h1\n");
  CHECK(find_job_by_prefix(jobs, "9a000000-aaaa")->sector.number == 6);
  CHECK_FALSE(find_job_by_prefix(jobs, "zz"));
  CHECK_FALSE(find_job_by_prefix(jobs, "2F9B"));      // case-sensitive, as lotus
  CHECK_FALSE(find_job_by_prefix(jobs, "00000000"));  // jobs not started have no call to abort
}

TEST_CASE("lotus-worker info: lotus's lines", "[cli][sealing]") {
  WorkerInfoReport r;
  r.version = 0x010700;
  r.cli_version = "lotus-worker version 1.23.3+tessera-0.1.0";
  r.session = "5a6b7c8d-0000-4000-8000-000000000001";
  r.enabled = true;
  r.info.hostname = "worker-1";
  r.info.resources.cpus = 16;
  r.info.resources.gpus = {"A", "B"};
  r.info.resources.mem_used = 3 * kGiB;
  r.info.resources.mem_physical = 8 * kGiB;
  r.info.resources.mem_swap = 2 * kGiB;
  r.tasks = {TaskType::kAddPiece, TaskType::kPreCommit1, TaskType::kPreCommit2,
             TaskType::kCommit1,  TaskType::kFetch,      TaskType::kFinalize};
  r.paths = {{"p1", 10, "/w/repo", true, false},
             {"p2", 5, "/w/store", true, true},
             {"p3", 1, "/ro", false, false}};
  CHECK(format_worker_info(r) ==
        "Worker version:  1.7.0\n"
        "CLI version: lotus-worker version 1.23.3+tessera-0.1.0\n"
        "\n"
        "Session: 5a6b7c8d-0000-4000-8000-000000000001\n"
        "Enabled: true\n"
        "Hostname: worker-1\n"
        "CPUs: 16; GPUs: [A B]\n"
        "RAM: 3 GiB/8 GiB; Swap: 0 B/2 GiB\n"
        "Task types: FIN GET C1 PC2 PC1 AP \n"
        "\n"
        "p1:\n"
        "\tWeight: 10; Use: Seal \n"
        "\tLocal: /w/repo\n"
        "p2:\n"
        "\tWeight: 5; Use: Seal Store\n"
        "\tLocal: /w/store\n"
        "p3:\n"
        "\tWeight: 1; Use: Use: ReadOnly\tLocal: /ro\n");
  r.enabled = false;
  r.info.resources.gpus.clear();
  r.tasks.clear();
  r.paths.clear();
  CHECK_THAT(format_worker_info(r), Catch::EndsWith("Enabled: false\nHostname: worker-1\n"
                                                    "CPUs: 16; GPUs: []\n"
                                                    "RAM: 3 GiB/8 GiB; Swap: 0 B/2 GiB\n"
                                                    "Task types: \n\n"));
}

TEST_CASE("lotus-worker tasks: the settable task types", "[cli][sealing]") {
  CHECK(settable_task_names() == "UNS|C2|PC2|PC1|PR2|RU|AP|DC|GSK");
  CHECK(parse_settable_task("PC1") == TaskType::kPreCommit1);
  CHECK(parse_settable_task("DC") == TaskType::kDataCid);
  CHECK_THROWS_AS(parse_settable_task("FIN"), UsageError);  // always on, not settable
  CHECK_THROWS_WITH(parse_settable_task("pc1"), "unknown task type 'pc1'");
  CHECK_THROWS_AS(parse_settable_task("seal/v0/precommit/1"), UsageError);
}
