// The sealing pipeline (lotus storage/pipeline): every sector's SectorInfo in lotus's CBOR under
// /sectors/<n>, written at each transition with its Log; one driver per sector that is not at
// rest runs its state's work — sealing calls through the Sealer, ticket, PreCommitSectorBatch2,
// seed and ProveCommitSector through the full node — and turns the outcome into lotus's event.
// start() resumes every sector where its record says it was, including records lotus wrote.
// Failures are classed as damocles does: temporary ones are retried after a backoff at most
// max_retries times, then (like sector-permanent ones) the sector pauses with LastErr saying
// why until `sectors update-state`; worker-permanent ones are retried at once; abort removes
// the sector. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "chain/api/full_node_client.hpp"
#include "chain/types/address.hpp"
#include "sealing/pipeline/collateral.hpp"
#include "sealing/pipeline/message_batcher.hpp"
#include "sealing/pipeline/sealer.hpp"
#include "sealing/pipeline/sector_fsm.hpp"
#include "sealing/pipeline/sector_store.hpp"
#include "storage/sectorid/number_source.hpp"

namespace tessera::pipeline {

// Chain parameters and [Sealing] settings the pipeline follows.
struct PipelineOptions {
  std::uint64_t miner_id = 0;
  std::int64_t seal_proof = 0;                   // the miner's RegisteredSealProof
  std::int64_t ticket_lookback = 900;            // SealRandomnessLookback
  std::int64_t max_ticket_age = 1950;            // MaxPreCommitRandomnessLookback
  std::int64_t precommit_challenge_delay = 150;  // PreCommitChallengeDelay
  std::int64_t seed_confidence = 6;              // InteractivePoRepConfidence
  std::int64_t max_prove_commit_duration = 30 * 2880;
  std::int64_t sector_lifetime = 1555200;  // [Sealing] CommittedCapacitySectorLifetime, epochs
  std::uint64_t max_sealing_sectors = 0;   // [Sealing] MaxSealingSectors; 0: no limit
  CollateralPolicy collateral;             // [Sealing] CollateralFromMinerBalance...
  int max_retries = 5;                     // damocles max_retries
  std::chrono::milliseconds retry_backoff{std::chrono::seconds(30)};  // recover_interval
  std::chrono::milliseconds chain_poll{std::chrono::seconds(1)};
  // [Sealing] BatchPreCommits, MaxPreCommitBatch, PreCommitBatchWait, PreCommitBatchSlack.
  bool batch_precommits = false;
  BatchOptions precommit_batch;
  // [Sealing] AggregateCommits, MaxCommitBatch, CommitBatchWait, CommitBatchSlack: batched
  // ProveCommitSectors3 with one proof per sector (aggregation needs SnarkPack).
  bool batch_commits = false;
  BatchOptions commit_batch{
      .max_batch = 819, .wait = std::chrono::hours(24), .slack = std::chrono::hours(1)};
  std::chrono::milliseconds block_delay{std::chrono::seconds(30)};  // to time ticket expiry
};

// What one sector adds to a PreCommitSectorBatch2, and to a ProveCommitSectors3.
struct PrecommitItem {
  chain::SectorPreCommitInfo precommit;
  chain::TokenAmount deposit;
};
struct CommitItem {
  std::uint64_t sector = 0;
  Bytes proof;
  chain::TokenAmount collateral;  // the pledge less the precommit deposit
  std::int64_t last_epoch = 0;    // the proof must land by then (not sent)
};

class Pipeline {
 public:
  // Every reference must outlive the pipeline.
  Pipeline(PipelineOptions options, SectorStore& store, Sealer& sealer,
           chain::FullNodeClient& chain, sectorid::SectorNumberSource& numbers);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Loads every record (InvalidInput naming the key for a corrupt one) and starts a driver for
  // each sector not at rest.
  void start();
  // Interrupts every wait and sealing call and joins the drivers; records stay as they are.
  void stop();

  // lotus PledgeSector: a new committed-capacity sector in Packing. InvalidInput when no worker
  // can seal or MaxSealingSectors sectors are already sealing; nothing is allocated then.
  paths::SectorId pledge();
  // Every sector number with a record, ascending (Removed ones included).
  std::vector<std::uint64_t> list() const;
  std::optional<datastore::SectorInfo> get(std::uint64_t number) const;
  // lotus SectorPreCommitFlush / SectorPreCommitPending, SectorCommitFlush /
  // SectorCommitPending: the batchers'.
  std::vector<BatchResult> precommit_flush() { return precommit_batcher_.flush(); }
  std::vector<std::uint64_t> precommit_pending() const { return precommit_batcher_.pending(); }
  std::vector<BatchResult> commit_flush() { return commit_batcher_.flush(); }
  std::vector<std::uint64_t> commit_pending() const { return commit_batcher_.pending(); }
  // lotus SectorForceState (`sectors update-state`): NotFound, InvalidInput for an unknown
  // state. A sealing call in flight for the sector finishes and its result is dropped.
  void force_state(std::uint64_t number, const std::string& state);
  // lotus SectorRemove: the sector goes to Removing, its files are removed, then Removed.
  void remove(std::uint64_t number);
  // How many sectors are in each state (lotus SectorsSummary).
  std::map<std::string, std::uint64_t> summary() const;
  // Blocks until the sector is at rest or paused, or timeout; returns its record then.
  datastore::SectorInfo wait_at_rest(std::uint64_t number, std::chrono::milliseconds timeout);

 private:
  struct Record {
    datastore::SectorInfo info;
    std::uint64_t version = 0;  // bumped by each transition, to spot operator changes
    int failures = 0;           // consecutive failures, for max_retries
    FailureClass last_failure = FailureClass::kTemporary;
    bool paused = false;
    bool driving = false;
  };
  // One step of a driver: the record after the state's work and the event it produced.
  struct Step {
    datastore::SectorInfo info;
    SectorEvent event;
  };

  void launch_locked(std::uint64_t number);
  void drive(std::uint64_t number, std::stop_token stop);
  std::optional<Step> plan(datastore::SectorInfo info, std::stop_token stop);
  std::optional<Step> plan_failed(datastore::SectorInfo info, int failures, FailureClass failure,
                                  std::stop_token stop);
  // Records a failure of the sector's current state; false when the sector pauses.
  bool fail(std::uint64_t number, std::uint64_t version, datastore::SectorInfo info,
            FailureClass failure, const std::string& error, std::stop_token stop);
  // Applies an event to the record when nobody changed it since `version`; persists it.
  bool commit(std::uint64_t number, std::uint64_t version, Step step);
  void persist_locked(const datastore::SectorInfo& info);

  // Waits for the chain poll interval; false when stopped.
  bool pause(std::stop_token stop, std::chrono::milliseconds duration);
  SectorRef ref(const datastore::SectorInfo& info) const;

  // Chain steps (pipeline_chain.cpp).
  Step get_ticket(datastore::SectorInfo info);
  std::optional<Step> precommitting(datastore::SectorInfo info);
  std::optional<Step> submit_precommit_batch(datastore::SectorInfo info, std::stop_token stop);
  // The sector's precommit as of head, or the step it takes instead: already precommitted
  // (landed) or its ticket expired.
  std::variant<chain::SectorPreCommitInfo, Step> precommit_for(datastore::SectorInfo& info,
                                                               const chain::TipSet& head);
  // Pushes one PreCommitSectorBatch2 with these precommits and their summed deposit (or what
  // the collateral options send of it); returns its CID.
  cid::Cid push_precommits(const std::vector<PrecommitItem>& items);
  // The record once its precommit went out in `message` with `deposit`, and `event`.
  Step precommit_sent(datastore::SectorInfo info, const cid::Cid& message,
                      const chain::TokenAmount& deposit, std::string_view event);
  std::optional<Step> submit_commit_batch(datastore::SectorInfo info, std::stop_token stop);
  // The sector's ProveCommit, or the step it takes instead (already proven, no proof, no
  // precommit on chain).
  std::variant<CommitItem, Step> commit_for(datastore::SectorInfo& info, const chain::TipSet& head);
  // Pushes one message proving these sectors: ProveCommitSector for one sector sent alone,
  // ProveCommitSectors3 with a proof per sector for a batch; the value is the summed collateral
  // (or what the collateral options send of it). Returns its CID.
  cid::Cid push_commits(const std::vector<CommitItem>& items, bool batch);
  std::optional<Step> precommit_wait(datastore::SectorInfo info, std::stop_token stop);
  std::optional<Step> wait_seed(datastore::SectorInfo info, std::stop_token stop);
  std::optional<Step> submit_commit(datastore::SectorInfo info);
  std::optional<Step> commit_wait(datastore::SectorInfo info, std::stop_token stop);
  std::optional<Step> recover_precommit(datastore::SectorInfo info);
  std::optional<Step> recover_commit(datastore::SectorInfo info);

  PipelineOptions options_;
  chain::Address miner_address_;
  SectorStore& store_;
  Sealer& sealer_;
  chain::FullNodeClient& chain_;
  sectorid::SectorNumberSource& numbers_;
  MessageBatcher<PrecommitItem> precommit_batcher_;
  MessageBatcher<CommitItem> commit_batcher_;

  mutable std::mutex mu_;
  std::condition_variable_any changed_;
  std::map<std::uint64_t, Record> records_;
  std::map<std::uint64_t, std::jthread> drivers_;
  std::stop_source stopping_;
  bool started_ = false;
};

}  // namespace tessera::pipeline
