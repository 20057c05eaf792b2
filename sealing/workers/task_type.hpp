// lotus's sealing task types (storage/sealer/sealtasks/task.go, v1.23.3): their names on the
// wire ("seal/v0/precommit/1") and short names ("PC1"), the scheduler's queue order, the kind of
// worker each belongs to, and the task set `lotus-worker run` derives from its flags.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::workers {

enum class TaskType {
  kDataCid,                // DC   seal/v0/datacid
  kAddPiece,               // AP   seal/v0/addpiece
  kPreCommit1,             // PC1  seal/v0/precommit/1
  kPreCommit2,             // PC2  seal/v0/precommit/2
  kCommit1,                // C1   seal/v0/commit/1
  kCommit2,                // C2   seal/v0/commit/2
  kFinalize,               // FIN  seal/v0/finalize
  kFinalizeUnsealed,       // FUS  seal/v0/finalizeunsealed
  kFetch,                  // GET  seal/v0/fetch
  kUnseal,                 // UNS  seal/v0/unseal
  kReplicaUpdate,          // RU   seal/v0/replicaupdate
  kProveReplicaUpdate1,    // PR1  seal/v0/provereplicaupdate/1
  kProveReplicaUpdate2,    // PR2  seal/v0/provereplicaupdate/2
  kRegenSectorKey,         // GSK  seal/v0/regensectorkey
  kFinalizeReplicaUpdate,  // FRU  seal/v0/finalize/replicaupdate
  kDownloadSector,         // DL   seal/v0/download/sector
  kWindowPost,             // WDP  post/v0/windowproof
  kWinningPost,            // WNP  post/v0/winningproof
};

// Every task type, in the enum's order.
const std::vector<TaskType>& all_task_types();
// The wire name, e.g. "seal/v0/precommit/1".
std::string_view task_name(TaskType type);
// The short name used by env variables and the CLI, e.g. "PC1".
std::string_view task_short_name(TaskType type);
// The task type with this wire name; nullopt for any other text.
std::optional<TaskType> task_type_from_name(std::string_view name);
// The task type named by either its wire name or its short name (case-sensitive, as lotus);
// InvalidInput otherwise.
TaskType parse_task_type(std::string_view text);

// lotus's task order value: lower runs first; negative values (fetch, finalize, PoSt) jump the
// queue regardless of priority. FRU has none in lotus and gets 0.
int task_order(TaskType type);
// Whether a runs before b when only the task types differ (lotus TaskType.Less).
bool task_runs_before(TaskType a, TaskType b);

// What the scheduler compares to order two waiting requests (lotus sealer.RequestQueue).
struct QueuedTask {
  TaskType task = TaskType::kAddPiece;
  int priority = 0;  // higher first; deal sectors use 1024 (lotus DealSectorPriority)
  std::uint64_t sector_number = 0;
};
// lotus RequestQueue.Less: a task with a negative order runs before one without; then higher
// priority; then lower task order; then the lower sector number.
bool request_runs_before(const QueuedTask& a, const QueuedTask& b);

// The three kinds of lotus worker; one worker serves task types of one kind only.
enum class WorkerKind { kSealing, kWinningPost, kWindowPost };
// lotus TaskType.WorkerType: WNP -> winning PoSt, WDP -> window PoSt, the rest sealing.
WorkerKind worker_kind(TaskType type);
// "Sealing", "WinPost" or "WdPoSt", as lotus names them.
std::string_view worker_kind_name(WorkerKind kind);
// False only for DataCid, whose resources do not depend on the sector size.
bool task_is_sector_sized(TaskType type);

// The task flags of `lotus-worker run`; nullopt = not given on the command line nor in its
// LOTUS_WORKER_* env variable (lotus's IsSet), so the flag's default applies.
struct WorkerRunFlags {
  std::optional<bool> addpiece;               // default true
  std::optional<bool> data_cid;               // default: inherits addpiece
  std::optional<bool> sector_download;        // default false
  std::optional<bool> precommit1;             // default true
  std::optional<bool> unseal;                 // default true
  std::optional<bool> precommit2;             // default true
  std::optional<bool> commit;                 // default true
  std::optional<bool> replica_update;         // default true
  std::optional<bool> prove_replica_update2;  // default true
  std::optional<bool> regen_sector_key;       // default true
  std::optional<bool> windowpost;             // default false
  std::optional<bool> winningpost;            // default false
  std::optional<bool> no_default;             // default false
};

struct WorkerTaskSet {
  WorkerKind kind = WorkerKind::kSealing;
  std::vector<TaskType> tasks;  // in the order lotus appends them
  bool needs_params = false;    // C2, PR2 or PoSt: the worker fetches proof parameters first
};

// The task types a `lotus-worker run` with these flags serves (cmd/lotus-worker/main.go): a
// sealing worker always has GET, C1, PR1, FIN, FUS and FRU, then the defaulted flags; with
// --no-default only flags given explicitly as true count (and --data-cid is ignored, as in
// lotus). InvalidInput "expected all task types to be for X worker, ..." when the flags mix
// worker kinds, or "no task types specified".
WorkerTaskSet worker_task_set(const WorkerRunFlags& flags);

}  // namespace tessera::workers
