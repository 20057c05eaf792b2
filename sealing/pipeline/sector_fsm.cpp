#include "sealing/pipeline/sector_fsm.hpp"

#include <map>
#include <utility>

#include "common/error.hpp"
#include "sealing/pipeline/sector_states.hpp"

namespace tessera::pipeline {
namespace {

using Transitions = std::map<std::string_view, std::string_view>;

// lotus's fsmPlanners for committed-capacity sealing, the deal states around it, the failure
// states and removal (storage/pipeline/fsm.go, v1.23.3). Batching and aggregation states accept
// the non-batched events too, so a record written by lotus in them moves on.
const std::map<std::string_view, Transitions>& planners() {
  static const std::map<std::string_view, Transitions> table = {
      {kUndefinedSectorState, {{"SectorStart", kWaitDeals}, {"SectorStartCC", kPacking}}},
      {kEmpty, {{"SectorStart", kWaitDeals}, {"SectorStartCC", kPacking}}},
      {kWaitDeals, {{"SectorAddPiece", kAddPiece}, {"SectorStartPacking", kPacking}}},
      {kAddPiece, {{"SectorPieceAdded", kWaitDeals}, {"SectorAddPieceFailed", kAddPieceFailed}}},
      {kPacking, {{"SectorPacked", kGetTicket}}},
      {kGetTicket, {{"SectorTicket", kPreCommit1}, {"SectorCommitFailed", kCommitFailed}}},
      {kPreCommit1,
       {{"SectorPreCommit1", kPreCommit2},
        {"SectorSealPreCommit1Failed", kSealPreCommit1Failed},
        {"SectorOldTicket", kGetTicket}}},
      {kPreCommit2,
       {{"SectorPreCommit2", kPreCommitting},
        {"SectorSealPreCommit2Failed", kSealPreCommit2Failed},
        {"SectorSealPreCommit1Failed", kSealPreCommit1Failed}}},
      {kPreCommitting,
       {{"SectorPreCommitted", kPreCommitWait},
        {"SectorPreCommitBatch", kSubmitPreCommitBatch},
        {"SectorPreCommitLanded", kWaitSeed},
        {"SectorChainPreCommitFailed", kPreCommitFailed},
        {"SectorSealPreCommit1Failed", kSealPreCommit1Failed}}},
      {kSubmitPreCommitBatch,
       {{"SectorPreCommitBatchSent", kPreCommitBatchWait},
        {"SectorPreCommitted", kPreCommitWait},
        {"SectorChainPreCommitFailed", kPreCommitFailed}}},
      {kPreCommitBatchWait,
       {{"SectorPreCommitLanded", kWaitSeed},
        {"SectorChainPreCommitFailed", kPreCommitFailed},
        {"SectorRetryPreCommit", kPreCommitting}}},
      {kPreCommitWait,
       {{"SectorPreCommitLanded", kWaitSeed},
        {"SectorChainPreCommitFailed", kPreCommitFailed},
        {"SectorRetryPreCommit", kPreCommitting}}},
      {kWaitSeed,
       {{"SectorSeedReady", kCommitting}, {"SectorChainPreCommitFailed", kPreCommitFailed}}},
      {kCommitting,
       {{"SectorCommitted", kSubmitCommit},
        {"SectorSeedReady", kCommitting},
        {"SectorComputeProofFailed", kComputeProofFailed},
        {"SectorCommitFailed", kCommitFailed},
        {"SectorSealPreCommit1Failed", kSealPreCommit1Failed}}},
      {kSubmitCommit,
       {{"SectorCommitSubmitted", kCommitWait},
        {"SectorSubmitCommitAggregate", kSubmitCommitAggregate},
        {"SectorProving", kFinalizeSector},
        {"SectorCommitFailed", kCommitFailed}}},
      {kSubmitCommitAggregate,
       {{"SectorCommitSubmitted", kCommitWait},
        {"SectorCommitAggregateSent", kCommitAggregateWait},
        {"SectorProving", kFinalizeSector},
        {"SectorCommitFailed", kCommitFailed}}},
      {kCommitAggregateWait,
       {{"SectorProving", kFinalizeSector}, {"SectorCommitFailed", kCommitFailed}}},
      {kCommitWait,
       {{"SectorProving", kFinalizeSector},
        {"SectorCommitFailed", kCommitFailed},
        {"SectorRetrySubmitCommit", kSubmitCommit}}},
      {kFinalizeSector, {{"SectorFinalized", kProving}, {"SectorFinalizeFailed", kFinalizeFailed}}},
      {kSealPreCommit1Failed,
       {{"SectorRetrySealPreCommit1", kPreCommit1}, {"SectorOldTicket", kGetTicket}}},
      {kSealPreCommit2Failed,
       {{"SectorRetrySealPreCommit1", kPreCommit1}, {"SectorRetrySealPreCommit2", kPreCommit2}}},
      {kPreCommitFailed,
       {{"SectorRetryPreCommit", kPreCommitting},
        {"SectorRetryPreCommitWait", kPreCommitWait},
        {"SectorRetryWaitSeed", kWaitSeed},
        {"SectorRetrySealPreCommit1", kPreCommit1},
        {"SectorPreCommitLanded", kWaitSeed},
        {"SectorOldTicket", kGetTicket}}},
      {kComputeProofFailed,
       {{"SectorRetryComputeProof", kCommitting},
        {"SectorSealPreCommit1Failed", kSealPreCommit1Failed}}},
      {kCommitFailed,
       {{"SectorRetryPreCommit", kPreCommitting},
        {"SectorRetryPreCommitWait", kPreCommitWait},
        {"SectorRetryWaitSeed", kWaitSeed},
        {"SectorRetryComputeProof", kCommitting},
        {"SectorRetrySubmitCommit", kSubmitCommit},
        {"SectorRetryCommitWait", kCommitWait},
        {"SectorProving", kFinalizeSector},
        {"SectorSealPreCommit1Failed", kSealPreCommit1Failed},
        {"SectorTicketExpired", kRemoving}}},
      {kFinalizeFailed, {{"SectorRetryFinalize", kFinalizeSector}}},
      {kRemoving, {{"SectorRemoved", kRemoved}, {"SectorRemoveFailed", kRemoveFailed}}},
      {kRemoveFailed, {{"SectorRemove", kRemoving}}},
  };
  return table;
}

}  // namespace

std::optional<std::string> next_state(std::string_view state, std::string_view event) {
  if (event == "SectorRemove" && state != kRemoving && state != kRemoved)
    return std::string(kRemoving);
  const auto& table = planners();
  const auto planner = table.find(state);
  if (planner == table.end()) return std::nullopt;
  const auto to = planner->second.find(event);
  if (to == planner->second.end()) return std::nullopt;
  return std::string(to->second);
}

void record_event(datastore::SectorInfo& info, const SectorEvent& event, const std::string& to,
                  std::int64_t unix_now) {
  info.state = to;
  info.log.push_back(datastore::SectorLogEntry{.kind = "event;sealing." + event.type,
                                               .timestamp = static_cast<std::uint64_t>(unix_now),
                                               .trace = event.trace,
                                               .message = event.message.dump()});
  if (info.log.size() > kMaxLogEntries)
    info.log.erase(info.log.begin(), info.log.begin() + static_cast<std::ptrdiff_t>(
                                                            info.log.size() - kMaxLogEntries));
}

void apply_event(datastore::SectorInfo& info, const SectorEvent& event, std::int64_t unix_now) {
  if (event.type == "SectorForceState") {
    const auto target = event.message.find("State");
    if (target == event.message.end() || !target->is_string() ||
        !is_known_state(target->get<std::string>()))
      throw InvalidInput("SectorForceState: not a sector state: " + event.message.dump());
    record_event(info, event, target->get<std::string>(), unix_now);
    return;
  }
  const auto to = next_state(info.state, event.type);
  if (!to)
    throw InvalidInput("sector " + std::to_string(info.sector_number) + " in state " +
                       (info.state.empty() ? "\"\"" : info.state) + " does not accept event " +
                       event.type);
  record_event(info, event, *to, unix_now);
}

bool is_resting_state(std::string_view state) {
  return state == kProving || state == kAvailable || state == kRemoved ||
         state == kFailedUnrecoverable || state == kFaulty || state == kFaultReported ||
         state == kFaultedFinal || state == kTerminating || state == kTerminateWait ||
         state == kTerminateFinality || state == kTerminateFailed || state == kReceiveSector ||
         is_upgrade_state(state);
}

}  // namespace tessera::pipeline
