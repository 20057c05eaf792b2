#include "sealing/pipeline/sector_states.hpp"

#include <algorithm>

namespace tessera::pipeline {

const std::vector<std::string_view>& all_states() {
  static const std::vector<std::string_view> kAll = {
      kEmpty,
      kWaitDeals,
      kAddPiece,
      kPacking,
      kGetTicket,
      kPreCommit1,
      kPreCommit2,
      kPreCommitting,
      kPreCommitWait,
      kSubmitPreCommitBatch,
      kPreCommitBatchWait,
      kWaitSeed,
      kCommitting,
      kCommitFinalize,
      kCommitFinalizeFailed,
      kSubmitCommit,
      kCommitWait,
      kSubmitCommitAggregate,
      kCommitAggregateWait,
      kFinalizeSector,
      kProving,
      kAvailable,
      kSnapDealsWaitDeals,
      kSnapDealsAddPiece,
      kSnapDealsPacking,
      kUpdateReplica,
      kProveReplicaUpdate,
      kSubmitReplicaUpdate,
      kWaitMutable,
      kReplicaUpdateWait,
      kFinalizeReplicaUpdate,
      kUpdateActivating,
      kReleaseSectorKey,
      kReceiveSector,
      kFailedUnrecoverable,
      kAddPieceFailed,
      kSealPreCommit1Failed,
      kSealPreCommit2Failed,
      kPreCommitFailed,
      kComputeProofFailed,
      kRemoteCommitFailed,
      kCommitFailed,
      kPackingFailed,
      kFinalizeFailed,
      kDealsExpired,
      kRecoverDealIDs,
      kSnapDealsAddPieceFailed,
      kSnapDealsDealsExpired,
      kSnapDealsRecoverDealIDs,
      kAbortUpgrade,
      kReplicaUpdateFailed,
      kReleaseSectorKeyFailed,
      kFinalizeReplicaUpdateFailed,
      kFaulty,
      kFaultReported,
      kFaultedFinal,
      kTerminating,
      kTerminateWait,
      kTerminateFinality,
      kTerminateFailed,
      kRemoving,
      kRemoveFailed,
      kRemoved,
  };
  return kAll;
}

namespace {

bool one_of(std::string_view state, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), state) != names.end();
}

}  // namespace

bool is_known_state(std::string_view state) {
  const auto& all = all_states();
  return std::find(all.begin(), all.end(), state) != all.end();
}

StatBucket stat_bucket(std::string_view state, bool finalize_early) {
  if (one_of(state, {kUndefinedSectorState, kEmpty, kWaitDeals, kAddPiece, kAddPieceFailed,
                     kSnapDealsWaitDeals, kSnapDealsAddPiece})) {
    return StatBucket::kStaging;
  }
  if (one_of(state, {kPacking, kGetTicket, kPreCommit1, kPreCommit2, kPreCommitting, kPreCommitWait,
                     kSubmitPreCommitBatch, kPreCommitBatchWait, kWaitSeed, kCommitting,
                     kCommitFinalize, kFinalizeSector, kSnapDealsPacking, kUpdateReplica,
                     kProveReplicaUpdate, kFinalizeReplicaUpdate, kReceiveSector})) {
    return StatBucket::kSealing;
  }
  if (one_of(state, {kSubmitCommit, kCommitWait, kSubmitCommitAggregate, kCommitAggregateWait,
                     kWaitMutable, kSubmitReplicaUpdate, kReplicaUpdateWait})) {
    return finalize_early ? StatBucket::kProving : StatBucket::kSealing;
  }
  if (one_of(state,
             {kProving, kAvailable, kUpdateActivating, kReleaseSectorKey, kRemoved, kRemoving,
              kTerminating, kTerminateWait, kTerminateFinality, kTerminateFailed})) {
    return StatBucket::kProving;
  }
  return StatBucket::kFailed;
}

std::string_view stat_bucket_name(StatBucket bucket) {
  switch (bucket) {
    case StatBucket::kStaging:
      return "staging";
    case StatBucket::kSealing:
      return "sealing";
    case StatBucket::kProving:
      return "proving";
    case StatBucket::kFailed:
      return "failed";
  }
  return "failed";
}

bool is_upgrade_state(std::string_view state) {
  return one_of(
      state, {kSnapDealsWaitDeals, kSnapDealsAddPiece, kSnapDealsPacking, kUpdateReplica,
              kProveReplicaUpdate, kSubmitReplicaUpdate, kWaitMutable, kSnapDealsAddPieceFailed,
              kSnapDealsDealsExpired, kSnapDealsRecoverDealIDs, kAbortUpgrade, kReplicaUpdateFailed,
              kReleaseSectorKeyFailed, kFinalizeReplicaUpdateFailed});
}

const std::vector<std::string_view>& info_display_order() {
  // cmd/lotus-miner/info.go stateList (v1.23.3).
  static const std::vector<std::string_view> kOrder = {
      kTotalPseudoState,
      kProving,
      kAvailable,
      kUpdateActivating,
      kReceiveSector,
      kEmpty,
      kWaitDeals,
      kAddPiece,
      kSnapDealsWaitDeals,
      kSnapDealsAddPiece,
      kUndefinedSectorState,
      kPacking,
      kGetTicket,
      kPreCommit1,
      kPreCommit2,
      kPreCommitting,
      kPreCommitWait,
      kSubmitPreCommitBatch,
      kPreCommitBatchWait,
      kWaitSeed,
      kCommitting,
      kCommitFinalize,
      kSubmitCommit,
      kCommitWait,
      kSubmitCommitAggregate,
      kCommitAggregateWait,
      kFinalizeSector,
      kSnapDealsPacking,
      kUpdateReplica,
      kProveReplicaUpdate,
      kSubmitReplicaUpdate,
      kReplicaUpdateWait,
      kWaitMutable,
      kFinalizeReplicaUpdate,
      kReleaseSectorKey,
      kTerminating,
      kTerminateWait,
      kTerminateFinality,
      kTerminateFailed,
      kRemoving,
      kRemoved,
      kAbortUpgrade,
      kFailedUnrecoverable,
      kAddPieceFailed,
      kSealPreCommit1Failed,
      kSealPreCommit2Failed,
      kPreCommitFailed,
      kComputeProofFailed,
      kRemoteCommitFailed,
      kCommitFailed,
      kCommitFinalizeFailed,
      kPackingFailed,
      kFinalizeFailed,
      kFaulty,
      kFaultReported,
      kFaultedFinal,
      kRemoveFailed,
      kDealsExpired,
      kRecoverDealIDs,
      kSnapDealsAddPieceFailed,
      kSnapDealsDealsExpired,
      kReplicaUpdateFailed,
      kReleaseSectorKeyFailed,
      kFinalizeReplicaUpdateFailed,
  };
  return kOrder;
}

std::size_t info_display_rank(std::string_view state) {
  const auto& order = info_display_order();
  const auto it = std::find(order.begin(), order.end(), state);
  return static_cast<std::size_t>(it - order.begin());
}

}  // namespace tessera::pipeline
