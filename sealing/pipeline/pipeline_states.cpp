// The pipeline's per-state work (lotus storage/pipeline/states_sealing.go, states_failed.go):
// which call or chain step each state makes and the event its outcome is.
#include <ctime>
#include <nlohmann/json.hpp>

#include "chain/types/chain_json.hpp"
#include "common/encoding.hpp"
#include "common/log.hpp"
#include "sealing/pipeline/pipeline.hpp"
#include "sealing/pipeline/sector_states.hpp"

namespace tessera::pipeline {
namespace {

using nlohmann::json;

json pieces_json(const std::vector<datastore::SectorPiece>& pieces) {
  json out = json::array();
  for (const auto& piece : pieces)
    out.push_back(json{{"Size", piece.size}, {"PieceCID", chain::cid_to_json(piece.piece_cid)}});
  return out;
}

// The event a failure of `state`'s work is, or "" for states lotus retries in place.
std::string_view failure_event(std::string_view state) {
  if (state == kPreCommit1) return "SectorSealPreCommit1Failed";
  if (state == kPreCommit2) return "SectorSealPreCommit2Failed";
  if (state == kPreCommitting || state == kSubmitPreCommitBatch || state == kPreCommitWait ||
      state == kPreCommitBatchWait || state == kWaitSeed)
    return "SectorChainPreCommitFailed";
  if (state == kCommitting) return "SectorComputeProofFailed";
  if (state == kSubmitCommit || state == kSubmitCommitAggregate || state == kCommitWait ||
      state == kCommitAggregateWait)
    return "SectorCommitFailed";
  if (state == kFinalizeSector) return "SectorFinalizeFailed";
  if (state == kRemoving) return "SectorRemoveFailed";
  return "";
}

// lotus retries PreCommit2 this many times before sealing again from PreCommit1.
constexpr std::uint64_t kMaxPreCommit2Fails = 3;

}  // namespace

std::optional<Pipeline::Step> Pipeline::plan(datastore::SectorInfo info, std::stop_token stop) {
  const std::string& state = info.state;
  if (state == kPacking) {
    info.pieces = sealer_.pledge(ref(info), stop);
    json message{{"FillerPieces", pieces_json(info.pieces)}};
    return Step{std::move(info), {"SectorPacked", std::move(message)}};
  }
  if (state == kGetTicket) return get_ticket(std::move(info));
  if (state == kPreCommit1) {
    const auto head = chain_.chain_head();
    if (head.height() - info.ticket_epoch > options_.max_ticket_age) {
      json message{{"TicketEpoch", info.ticket_epoch}, {"Height", head.height()}};
      return Step{std::move(info), {"SectorOldTicket", std::move(message)}};
    }
    info.pre_commit1_out = sealer_.precommit1(ref(info), info.ticket_value, info.pieces, stop);
    json message{{"PreCommit1Out", base64_encode(info.pre_commit1_out)}};
    return Step{std::move(info), {"SectorPreCommit1", std::move(message)}};
  }
  if (state == kPreCommit2) {
    const auto cids = sealer_.precommit2(ref(info), info.pre_commit1_out, stop);
    info.comm_d = cids.unsealed;
    info.comm_r = cids.sealed;
    json message{{"Sealed", chain::cid_to_json(cids.sealed)},
                 {"Unsealed", chain::cid_to_json(cids.unsealed)}};
    return Step{std::move(info), {"SectorPreCommit2", std::move(message)}};
  }
  if (state == kPreCommitting) return precommitting(info);
  if (state == kSubmitPreCommitBatch) return submit_precommit_batch(info, stop);
  if (state == kPreCommitWait || state == kPreCommitBatchWait) return precommit_wait(info, stop);
  if (state == kWaitSeed) return wait_seed(std::move(info), stop);
  if (state == kCommitting) {
    if (!info.comm_d || !info.comm_r)
      throw SealingFailure(FailureClass::kSectorPermanent, "no CommD/CommR to prove");
    const auto c1 = sealer_.commit1(ref(info), info.ticket_value, info.seed_value, info.pieces,
                                    SealedCids{*info.comm_d, *info.comm_r}, stop);
    info.proof = sealer_.commit2(ref(info), c1, stop);
    json message{{"Proof", base64_encode(info.proof)}};
    return Step{std::move(info), {"SectorCommitted", std::move(message)}};
  }
  if (state == kSubmitCommit) return submit_commit(info);
  if (state == kSubmitCommitAggregate) return submit_commit_batch(info, stop);
  if (state == kCommitWait || state == kCommitAggregateWait) return commit_wait(info, stop);
  if (state == kFinalizeSector) {
    // lotus keeps the unsealed ranges of deal pieces (AlwaysKeepUnsealedCopy); a CC sector's
    // unsealed file goes.
    const bool deals = std::any_of(info.pieces.begin(), info.pieces.end(),
                                   [](const auto& piece) { return !piece.deal_info.is_null(); });
    sealer_.finalize(ref(info), deals, stop);
    return Step{std::move(info), {"SectorFinalized", json::object()}};
  }
  if (state == kRemoving) {
    sealer_.remove(ref(info), stop);
    return Step{std::move(info), {"SectorRemoved", json::object()}};
  }
  throw SealingFailure(FailureClass::kSectorPermanent,
                       "tessera does not drive sectors in state " +
                           (state.empty() ? std::string("\"\"") : state) +
                           " yet (deal sectors come with the market work)");
}

bool Pipeline::fail(std::uint64_t number, std::uint64_t version, datastore::SectorInfo info,
                    FailureClass failure, const std::string& error, std::stop_token stop) {
  info.last_err = std::string(failure_class_name(failure)) + ": " + error;
  if (failure == FailureClass::kAbort) {
    commit(number, version, Step{std::move(info), {"SectorRemove", json::object(), error}});
    return true;
  }
  const std::string_view event = failure_event(info.state);
  int failures = 0;
  {
    std::lock_guard lock(mu_);
    auto& record = records_.at(number);
    if (record.version != version) return true;  // moved by the operator: drive the new state
    failures = ++record.failures;
    record.last_failure = failure;
    if (event.empty()) {  // stays in its state: LastErr and the Log say why
      info.log.push_back(
          datastore::SectorLogEntry{.kind = "error;" + std::string(failure_class_name(failure)),
                                    .timestamp = static_cast<std::uint64_t>(std::time(nullptr)),
                                    .trace = error,
                                    .message = info.state + " failed: " + error});
      persist_locked(info);
      record.info = info;
    }
  }
  if (!event.empty()) {
    commit(number, version, Step{std::move(info), {std::string(event), json::object(), error}});
    return true;
  }
  if (failure == FailureClass::kSectorPermanent || failures > options_.max_retries) return false;
  return pause(stop, failure == FailureClass::kWorkerPermanent ? std::chrono::milliseconds(0)
                                                               : options_.retry_backoff);
}

std::optional<Pipeline::Step> Pipeline::plan_failed(datastore::SectorInfo info, int failures,
                                                    FailureClass failure, std::stop_token stop) {
  if (failure == FailureClass::kSectorPermanent || failures > options_.max_retries) {
    TLOG_WARN(log::get("sectors"),
              "sector {} stays in {} after {} failures; fix the cause, then `lotus-miner sectors "
              "update-state`",
              info.sector_number, info.state, failures);
    return std::nullopt;
  }
  if (failure != FailureClass::kWorkerPermanent && !pause(stop, options_.retry_backoff))
    throw Cancelled("pipeline stopping");
  const std::string& state = info.state;
  if (state == kSealPreCommit1Failed)
    return Step{std::move(info), {"SectorRetrySealPreCommit1", json::object()}};
  if (state == kSealPreCommit2Failed) {
    ++info.pre_commit2_fails;
    if (info.pre_commit2_fails > kMaxPreCommit2Fails) {
      info.pre_commit2_fails = 0;
      return Step{std::move(info), {"SectorRetrySealPreCommit1", json::object()}};
    }
    return Step{std::move(info), {"SectorRetrySealPreCommit2", json::object()}};
  }
  if (state == kPreCommitFailed) return recover_precommit(std::move(info));
  if (state == kComputeProofFailed)
    return Step{std::move(info), {"SectorRetryComputeProof", json::object()}};
  if (state == kCommitFailed) return recover_commit(std::move(info));
  if (state == kFinalizeFailed)
    return Step{std::move(info), {"SectorRetryFinalize", json::object()}};
  if (state == kRemoveFailed) return Step{std::move(info), {"SectorRemove", json::object()}};
  TLOG_WARN(log::get("sectors"), "sector {} is in {}, which tessera does not recover from yet",
            info.sector_number, info.state);
  return std::nullopt;
}

}  // namespace tessera::pipeline
