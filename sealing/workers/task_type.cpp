#include "sealing/workers/task_type.hpp"

#include <array>

#include "common/error.hpp"

namespace tessera::workers {
namespace {

struct TaskRow {
  TaskType type;
  std::string_view name;
  std::string_view short_name;
  int order;
};

// sealtasks/task.go (v1.23.3): names, shortNames and order.
constexpr std::array<TaskRow, 18> kRows = {{
    {TaskType::kDataCid, "seal/v0/datacid", "DC", 10},
    {TaskType::kAddPiece, "seal/v0/addpiece", "AP", 9},
    {TaskType::kPreCommit1, "seal/v0/precommit/1", "PC1", 5},
    {TaskType::kPreCommit2, "seal/v0/precommit/2", "PC2", 4},
    {TaskType::kCommit1, "seal/v0/commit/1", "C1", 2},
    {TaskType::kCommit2, "seal/v0/commit/2", "C2", 3},
    {TaskType::kFinalize, "seal/v0/finalize", "FIN", -3},
    {TaskType::kFinalizeUnsealed, "seal/v0/finalizeunsealed", "FUS", -4},
    {TaskType::kFetch, "seal/v0/fetch", "GET", -1},
    {TaskType::kUnseal, "seal/v0/unseal", "UNS", 1},
    {TaskType::kReplicaUpdate, "seal/v0/replicaupdate", "RU", 8},
    {TaskType::kProveReplicaUpdate1, "seal/v0/provereplicaupdate/1", "PR1", 6},
    {TaskType::kProveReplicaUpdate2, "seal/v0/provereplicaupdate/2", "PR2", 7},
    {TaskType::kRegenSectorKey, "seal/v0/regensectorkey", "GSK", 11},
    {TaskType::kFinalizeReplicaUpdate, "seal/v0/finalize/replicaupdate", "FRU", 0},
    {TaskType::kDownloadSector, "seal/v0/download/sector", "DL", -2},
    {TaskType::kWindowPost, "post/v0/windowproof", "WDP", -5},
    {TaskType::kWinningPost, "post/v0/winningproof", "WNP", -6},
}};

const TaskRow& row(TaskType type) {
  const auto index = static_cast<std::size_t>(type);
  if (index >= kRows.size()) throw InvalidInput("unknown task type " + std::to_string(index));
  return kRows[index];
}

bool flag(const std::optional<bool>& value, bool fallback) {
  return value.value_or(fallback);
}

}  // namespace

const std::vector<TaskType>& all_task_types() {
  static const std::vector<TaskType> all = [] {
    std::vector<TaskType> out;
    for (const auto& r : kRows) out.push_back(r.type);
    return out;
  }();
  return all;
}

std::string_view task_name(TaskType type) {
  return row(type).name;
}

std::string_view task_short_name(TaskType type) {
  return row(type).short_name;
}

std::optional<TaskType> task_type_from_name(std::string_view name) {
  for (const auto& r : kRows) {
    if (r.name == name) return r.type;
  }
  return std::nullopt;
}

TaskType parse_task_type(std::string_view text) {
  for (const auto& r : kRows) {
    if (r.name == text || r.short_name == text) return r.type;
  }
  throw InvalidInput("unknown task type \"" + std::string(text) +
                     "\" (expected a name like seal/v0/precommit/1 or a short name like PC1)");
}

int task_order(TaskType type) {
  return row(type).order;
}

bool task_runs_before(TaskType a, TaskType b) {
  return task_order(a) < task_order(b);
}

bool request_runs_before(const QueuedTask& a, const QueuedTask& b) {
  const int oa = task_order(a.task), ob = task_order(b.task);
  if ((oa < 0) != (ob < 0)) return oa < ob;
  if (a.priority != b.priority) return a.priority > b.priority;
  if (a.task != b.task) return oa < ob;
  return a.sector_number < b.sector_number;
}

WorkerKind worker_kind(TaskType type) {
  switch (type) {
    case TaskType::kWinningPost:
      return WorkerKind::kWinningPost;
    case TaskType::kWindowPost:
      return WorkerKind::kWindowPost;
    default:
      return WorkerKind::kSealing;
  }
}

std::string_view worker_kind_name(WorkerKind kind) {
  switch (kind) {
    case WorkerKind::kWinningPost:
      return "WinPost";
    case WorkerKind::kWindowPost:
      return "WdPoSt";
    case WorkerKind::kSealing:
      break;
  }
  return "Sealing";
}

bool task_is_sector_sized(TaskType type) {
  return type != TaskType::kDataCid;
}

WorkerTaskSet worker_task_set(const WorkerRunFlags& f) {
  WorkerTaskSet out;
  std::optional<WorkerKind> kind;
  if (flag(f.windowpost, false)) {
    out.needs_params = true;
    kind = WorkerKind::kWindowPost;
    out.tasks.push_back(TaskType::kWindowPost);
  }
  if (flag(f.winningpost, false)) {
    out.needs_params = true;
    kind = WorkerKind::kWinningPost;
    out.tasks.push_back(TaskType::kWinningPost);
  }
  if (!kind) {
    for (auto t :
         {TaskType::kFetch, TaskType::kCommit1, TaskType::kProveReplicaUpdate1, TaskType::kFinalize,
          TaskType::kFinalizeUnsealed, TaskType::kFinalizeReplicaUpdate}) {
      out.tasks.push_back(t);
    }
    if (!flag(f.no_default, false)) kind = WorkerKind::kSealing;
  }
  const bool sealing = kind == WorkerKind::kSealing;
  // A task flag counts when the worker is a defaulted sealing worker, or when it was given.
  auto wanted = [&](const std::optional<bool>& value, bool fallback) {
    return (sealing || value.has_value()) && flag(value, fallback);
  };

  bool data_cid_default = false;
  if (wanted(f.addpiece, true)) {
    out.tasks.push_back(TaskType::kAddPiece);
    data_cid_default = true;
  }
  if (sealing) {
    if (f.data_cid ? *f.data_cid : data_cid_default) out.tasks.push_back(TaskType::kDataCid);
  }
  if (wanted(f.sector_download, false)) out.tasks.push_back(TaskType::kDownloadSector);
  if (wanted(f.precommit1, true)) out.tasks.push_back(TaskType::kPreCommit1);
  if (wanted(f.unseal, true)) out.tasks.push_back(TaskType::kUnseal);
  if (wanted(f.precommit2, true)) out.tasks.push_back(TaskType::kPreCommit2);
  if (wanted(f.commit, true)) {
    out.needs_params = true;
    out.tasks.push_back(TaskType::kCommit2);
  }
  if (wanted(f.replica_update, true)) out.tasks.push_back(TaskType::kReplicaUpdate);
  if (wanted(f.prove_replica_update2, true)) {
    out.needs_params = true;
    out.tasks.push_back(TaskType::kProveReplicaUpdate2);
  }
  if (wanted(f.regen_sector_key, true)) out.tasks.push_back(TaskType::kRegenSectorKey);

  if (flag(f.no_default, false) && !kind) kind = WorkerKind::kSealing;
  if (out.tasks.empty()) throw InvalidInput("no task types specified");
  for (auto t : out.tasks) {
    if (worker_kind(t) != *kind) {
      throw InvalidInput("expected all task types to be for " +
                         std::string(worker_kind_name(*kind)) + " worker, but task " +
                         std::string(task_name(t)) + " is for " +
                         std::string(worker_kind_name(worker_kind(t))) + " worker");
    }
  }
  out.kind = *kind;
  return out;
}

}  // namespace tessera::workers
