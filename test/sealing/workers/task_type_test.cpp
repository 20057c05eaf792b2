// Task types against lotus v1.23.3 storage/sealer/sealtasks/task.go (names, short names, order)
// and cmd/lotus-worker/main.go (the task set of `lotus-worker run`).
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "sealing/workers/task_type.hpp"

using namespace tessera;
using namespace tessera::workers;

namespace {

// sealtasks/task.go: wire name, short name, order (copied by hand from lotus v1.23.3).
struct Expected {
  const char* name;
  const char* short_name;
  int order;
};
const std::vector<Expected> kLotusTasks = {
    {"seal/v0/datacid", "DC", 10},
    {"seal/v0/addpiece", "AP", 9},
    {"seal/v0/precommit/1", "PC1", 5},
    {"seal/v0/precommit/2", "PC2", 4},
    {"seal/v0/commit/1", "C1", 2},
    {"seal/v0/commit/2", "C2", 3},
    {"seal/v0/finalize", "FIN", -3},
    {"seal/v0/finalizeunsealed", "FUS", -4},
    {"seal/v0/fetch", "GET", -1},
    {"seal/v0/unseal", "UNS", 1},
    {"seal/v0/replicaupdate", "RU", 8},
    {"seal/v0/provereplicaupdate/1", "PR1", 6},
    {"seal/v0/provereplicaupdate/2", "PR2", 7},
    {"seal/v0/regensectorkey", "GSK", 11},
    {"seal/v0/finalize/replicaupdate", "FRU", 0},  // absent from lotus's order map
    {"seal/v0/download/sector", "DL", -2},
    {"post/v0/windowproof", "WDP", -5},
    {"post/v0/winningproof", "WNP", -6},
};

std::set<TaskType> as_set(const std::vector<TaskType>& v) {
  return {v.begin(), v.end()};
}

}  // namespace

TEST_CASE("task types have lotus's names, short names and order", "[workers]") {
  REQUIRE(all_task_types().size() == kLotusTasks.size());
  for (const auto& e : kLotusTasks) {
    INFO(e.name);
    const TaskType t = parse_task_type(e.name);
    CHECK(task_name(t) == e.name);
    CHECK(task_short_name(t) == e.short_name);
    CHECK(task_order(t) == e.order);
    CHECK(parse_task_type(e.short_name) == t);
    CHECK(task_type_from_name(e.name) == t);
    CHECK_FALSE(task_type_from_name(e.short_name).has_value());
  }
  for (auto t : all_task_types()) CHECK(parse_task_type(task_name(t)) == t);
}

TEST_CASE("unknown task names are InvalidInput", "[workers]") {
  CHECK_THROWS_AS(parse_task_type(""), InvalidInput);
  CHECK_THROWS_AS(parse_task_type("pc1"), InvalidInput);  // lotus's names are case-sensitive
  CHECK_THROWS_AS(parse_task_type("seal/v0/precommit/3"), InvalidInput);
  CHECK_THROWS_AS(parse_task_type("UNK"), InvalidInput);
  CHECK_FALSE(task_type_from_name("seal/v0/precommit").has_value());
}

TEST_CASE("the queue runs PoSt, finalize and fetch first, then by priority", "[workers]") {
  // Order: WNP, WDP, FUS, FIN, DL, GET jump every queue; then UNS < C1 < C2 < PC2 < PC1 ...
  CHECK(task_runs_before(TaskType::kWinningPost, TaskType::kWindowPost));
  CHECK(task_runs_before(TaskType::kCommit1, TaskType::kCommit2));
  CHECK(task_runs_before(TaskType::kPreCommit2, TaskType::kPreCommit1));
  CHECK(task_runs_before(TaskType::kPreCommit1, TaskType::kAddPiece));
  CHECK_FALSE(task_runs_before(TaskType::kAddPiece, TaskType::kAddPiece));

  const QueuedTask fetch{TaskType::kFetch, 0, 50};
  const QueuedTask deal_pc1{TaskType::kPreCommit1, 1024, 9};
  const QueuedTask pc1{TaskType::kPreCommit1, 0, 3};
  const QueuedTask pc2{TaskType::kPreCommit2, 0, 7};
  const QueuedTask pc1_low{TaskType::kPreCommit1, 0, 2};
  // A negative-order task beats any priority.
  CHECK(request_runs_before(fetch, deal_pc1));
  CHECK_FALSE(request_runs_before(deal_pc1, fetch));
  // Priority beats task order.
  CHECK(request_runs_before(deal_pc1, pc2));
  // Same priority: task order, then the lower sector number.
  CHECK(request_runs_before(pc2, pc1));
  CHECK(request_runs_before(pc1_low, pc1));
  CHECK_FALSE(request_runs_before(pc1, pc1));
  // FRU (order 0) is not "negative": priority decides against AP.
  CHECK(request_runs_before({TaskType::kAddPiece, 5, 1}, {TaskType::kFinalizeReplicaUpdate, 0, 1}));
  // Two negative tasks: priority first, as lotus.
  CHECK(request_runs_before({TaskType::kFetch, 1, 1}, {TaskType::kWinningPost, 0, 1}));

  std::vector<QueuedTask> queue = {pc1, fetch, pc2, deal_pc1, pc1_low};
  std::sort(queue.begin(), queue.end(), request_runs_before);
  CHECK(queue[0].task == TaskType::kFetch);
  CHECK(queue[1].priority == 1024);
  CHECK(queue[2].task == TaskType::kPreCommit2);
  CHECK(queue[3].sector_number == 2);
  CHECK(queue[4].sector_number == 3);
}

TEST_CASE("worker kinds", "[workers]") {
  CHECK(worker_kind(TaskType::kWinningPost) == WorkerKind::kWinningPost);
  CHECK(worker_kind(TaskType::kWindowPost) == WorkerKind::kWindowPost);
  CHECK(worker_kind(TaskType::kCommit2) == WorkerKind::kSealing);
  CHECK(worker_kind_name(WorkerKind::kWindowPost) == "WdPoSt");
  CHECK(worker_kind_name(WorkerKind::kWinningPost) == "WinPost");
  CHECK(worker_kind_name(WorkerKind::kSealing) == "Sealing");
  CHECK_FALSE(task_is_sector_sized(TaskType::kDataCid));
  CHECK(task_is_sector_sized(TaskType::kAddPiece));
}

TEST_CASE("lotus-worker run's task set from its flags", "[workers]") {
  using T = TaskType;
  SECTION("defaults: every sealing task but DL, in lotus's order") {
    const auto set = worker_task_set({});
    CHECK(set.kind == WorkerKind::kSealing);
    CHECK(set.needs_params);
    CHECK(set.tasks == std::vector<T>{T::kFetch, T::kCommit1, T::kProveReplicaUpdate1, T::kFinalize,
                                      T::kFinalizeUnsealed, T::kFinalizeReplicaUpdate, T::kAddPiece,
                                      T::kDataCid, T::kPreCommit1, T::kUnseal, T::kPreCommit2,
                                      T::kCommit2, T::kReplicaUpdate, T::kProveReplicaUpdate2,
                                      T::kRegenSectorKey});
  }
  SECTION("--addpiece=false also drops DataCid unless --data-cid is given") {
    WorkerRunFlags f;
    f.addpiece = false;
    auto tasks = as_set(worker_task_set(f).tasks);
    CHECK_FALSE(tasks.count(T::kAddPiece));
    CHECK_FALSE(tasks.count(T::kDataCid));
    f.data_cid = true;
    tasks = as_set(worker_task_set(f).tasks);
    CHECK(tasks.count(T::kDataCid));
  }
  SECTION("--commit=false --prove-replica-update2=false: no parameters needed") {
    WorkerRunFlags f;
    f.commit = false;
    f.prove_replica_update2 = false;
    const auto set = worker_task_set(f);
    CHECK_FALSE(set.needs_params);
    CHECK_FALSE(as_set(set.tasks).count(T::kCommit2));
  }
  SECTION("--no-default: only the always-on tasks and flags given as true") {
    WorkerRunFlags f;
    f.no_default = true;
    f.precommit2 = true;
    f.commit = false;
    f.data_cid = true;  // ignored without a defaulted sealing worker, as in lotus
    const auto set = worker_task_set(f);
    CHECK(set.kind == WorkerKind::kSealing);
    CHECK_FALSE(set.needs_params);
    CHECK(set.tasks == std::vector<T>{T::kFetch, T::kCommit1, T::kProveReplicaUpdate1, T::kFinalize,
                                      T::kFinalizeUnsealed, T::kFinalizeReplicaUpdate,
                                      T::kPreCommit2});
  }
  SECTION("--sector-download adds DL") {
    WorkerRunFlags f;
    f.sector_download = true;
    CHECK(as_set(worker_task_set(f).tasks).count(T::kDownloadSector));
  }
  SECTION("--windowpost: a WindowPoSt worker with one task") {
    WorkerRunFlags f;
    f.windowpost = true;
    const auto set = worker_task_set(f);
    CHECK(set.kind == WorkerKind::kWindowPost);
    CHECK(set.tasks == std::vector<T>{T::kWindowPost});
    CHECK(set.needs_params);
  }
  SECTION("--winningpost --windowpost together is refused") {
    WorkerRunFlags f;
    f.windowpost = true;
    f.winningpost = true;
    CHECK_THROWS_WITH(worker_task_set(f),
                      "expected all task types to be for WinPost worker, but task "
                      "post/v0/windowproof is for WdPoSt worker");
  }
  SECTION("a PoSt worker with an explicit sealing flag is refused") {
    WorkerRunFlags f;
    f.winningpost = true;
    f.addpiece = true;
    CHECK_THROWS_AS(worker_task_set(f), InvalidInput);
  }
  SECTION("a PoSt worker ignores sealing flags left at their defaults") {
    WorkerRunFlags f;
    f.winningpost = true;
    f.commit = false;
    CHECK(worker_task_set(f).tasks == std::vector<T>{T::kWinningPost});
  }
}
