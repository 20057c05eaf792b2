// The names of lotus's sealing states (storage/pipeline/sector_state.go, v1.23.3), the stat
// buckets lotus's toStatState sorts them into, and the fixed order in which `lotus-miner info`
// prints its Sectors block (cmd/lotus-miner/info.go stateList). reference/lotus-compat.md §8.
// State names are stored verbatim in SectorInfo.State, so these strings are a wire format.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace tessera::pipeline {

// UndefinedSectorState: a record with no state yet.
inline constexpr std::string_view kUndefinedSectorState = "";

// Happy path.
inline constexpr std::string_view kEmpty = "Empty";  // deprecated
inline constexpr std::string_view kWaitDeals = "WaitDeals";
inline constexpr std::string_view kAddPiece = "AddPiece";
inline constexpr std::string_view kPacking = "Packing";
inline constexpr std::string_view kGetTicket = "GetTicket";
inline constexpr std::string_view kPreCommit1 = "PreCommit1";
inline constexpr std::string_view kPreCommit2 = "PreCommit2";
inline constexpr std::string_view kPreCommitting = "PreCommitting";
inline constexpr std::string_view kPreCommitWait = "PreCommitWait";
inline constexpr std::string_view kSubmitPreCommitBatch = "SubmitPreCommitBatch";
inline constexpr std::string_view kPreCommitBatchWait = "PreCommitBatchWait";
inline constexpr std::string_view kWaitSeed = "WaitSeed";
inline constexpr std::string_view kCommitting = "Committing";
inline constexpr std::string_view kCommitFinalize = "CommitFinalize";
inline constexpr std::string_view kCommitFinalizeFailed = "CommitFinalizeFailed";
inline constexpr std::string_view kSubmitCommit = "SubmitCommit";
inline constexpr std::string_view kCommitWait = "CommitWait";
inline constexpr std::string_view kSubmitCommitAggregate = "SubmitCommitAggregate";
inline constexpr std::string_view kCommitAggregateWait = "CommitAggregateWait";
inline constexpr std::string_view kFinalizeSector = "FinalizeSector";
inline constexpr std::string_view kProving = "Proving";
inline constexpr std::string_view kAvailable = "Available";

// Snap deals / CC update.
inline constexpr std::string_view kSnapDealsWaitDeals = "SnapDealsWaitDeals";
inline constexpr std::string_view kSnapDealsAddPiece = "SnapDealsAddPiece";
inline constexpr std::string_view kSnapDealsPacking = "SnapDealsPacking";
inline constexpr std::string_view kUpdateReplica = "UpdateReplica";
inline constexpr std::string_view kProveReplicaUpdate = "ProveReplicaUpdate";
inline constexpr std::string_view kSubmitReplicaUpdate = "SubmitReplicaUpdate";
inline constexpr std::string_view kWaitMutable = "WaitMutable";
inline constexpr std::string_view kReplicaUpdateWait = "ReplicaUpdateWait";
inline constexpr std::string_view kFinalizeReplicaUpdate = "FinalizeReplicaUpdate";
inline constexpr std::string_view kUpdateActivating = "UpdateActivating";
inline constexpr std::string_view kReleaseSectorKey = "ReleaseSectorKey";

// External import.
inline constexpr std::string_view kReceiveSector = "ReceiveSector";

// Error modes.
inline constexpr std::string_view kFailedUnrecoverable = "FailedUnrecoverable";
inline constexpr std::string_view kAddPieceFailed = "AddPieceFailed";
inline constexpr std::string_view kSealPreCommit1Failed = "SealPreCommit1Failed";
inline constexpr std::string_view kSealPreCommit2Failed = "SealPreCommit2Failed";
inline constexpr std::string_view kPreCommitFailed = "PreCommitFailed";
inline constexpr std::string_view kComputeProofFailed = "ComputeProofFailed";
inline constexpr std::string_view kRemoteCommitFailed = "RemoteCommitFailed";
inline constexpr std::string_view kCommitFailed = "CommitFailed";
inline constexpr std::string_view kPackingFailed = "PackingFailed";  // deprecated
inline constexpr std::string_view kFinalizeFailed = "FinalizeFailed";
inline constexpr std::string_view kDealsExpired = "DealsExpired";
inline constexpr std::string_view kRecoverDealIDs = "RecoverDealIDs";

// Snap deals error modes.
inline constexpr std::string_view kSnapDealsAddPieceFailed = "SnapDealsAddPieceFailed";
inline constexpr std::string_view kSnapDealsDealsExpired = "SnapDealsDealsExpired";
inline constexpr std::string_view kSnapDealsRecoverDealIDs = "SnapDealsRecoverDealIDs";
inline constexpr std::string_view kAbortUpgrade = "AbortUpgrade";
inline constexpr std::string_view kReplicaUpdateFailed = "ReplicaUpdateFailed";
inline constexpr std::string_view kReleaseSectorKeyFailed = "ReleaseSectorKeyFailed";
inline constexpr std::string_view kFinalizeReplicaUpdateFailed = "FinalizeReplicaUpdateFailed";

// Faults.
inline constexpr std::string_view kFaulty = "Faulty";
inline constexpr std::string_view kFaultReported = "FaultReported";
inline constexpr std::string_view kFaultedFinal = "FaultedFinal";

// Termination.
inline constexpr std::string_view kTerminating = "Terminating";
inline constexpr std::string_view kTerminateWait = "TerminateWait";
inline constexpr std::string_view kTerminateFinality = "TerminateFinality";
inline constexpr std::string_view kTerminateFailed = "TerminateFailed";

// Removal.
inline constexpr std::string_view kRemoving = "Removing";
inline constexpr std::string_view kRemoveFailed = "RemoveFailed";
inline constexpr std::string_view kRemoved = "Removed";

// Every state lotus accepts as a target of `sectors update-state` (ExistSectorStateList: all
// names above except the undefined ""), in declaration order.
const std::vector<std::string_view>& all_states();

// True when `state` is one of all_states() (case-sensitive; "" is not known).
bool is_known_state(std::string_view state);

// lotus's statSectorState: the buckets that drive MaxSealingSectors throttling.
enum class StatBucket { kStaging, kSealing, kProving, kFailed };

// lotus's toStatState: "" and unknown names fall into kStaging and kFailed respectively, as in
// lotus. With `finalize_early`, states after CommitFinalize (SubmitCommit … ReplicaUpdateWait)
// count as kProving instead of kSealing.
StatBucket stat_bucket(std::string_view state, bool finalize_early = false);

// "staging", "sealing", "proving" or "failed".
std::string_view stat_bucket_name(StatBucket bucket);

// True for the snap-deals (CC update) states, lotus's IsUpgradeState.
bool is_upgrade_state(std::string_view state);

// The pseudo-state "Total" that heads `info`'s Sectors block.
inline constexpr std::string_view kTotalPseudoState = "Total";

// The order of `lotus-miner info`'s Sectors block: "Total", then the states (including "") in
// lotus's stateList order, failures last.
const std::vector<std::string_view>& info_display_order();

// Position of `state` in info_display_order(); names not in it rank after every listed one
// (lotus leaves their order unspecified).
std::size_t info_display_rank(std::string_view state);

}  // namespace tessera::pipeline
