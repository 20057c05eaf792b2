// The sector methods of the StorageMiner API (lotus api/api_storage.go v1.23.3;
// reference/lotus-compat.md §5.2): PledgeSector, SectorsList, SectorsSummary,
// SectorsListInStates, SectorsStatus, SectorsUpdate and SectorRemove, their declarations with
// lotus's names and permissions, lotus's api.SectorInfo with its exact JSON, and the interface
// (SectorsBackend) the sealing pipeline implements so that the miner serves them.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "chain/types/actor_state.hpp"
#include "chain/types/big_int.hpp"
#include "chain/types/chain_json.hpp"
#include "common/api/method.hpp"
#include "common/cid/cid.hpp"
#include "common/encoding.hpp"
#include "sealing/pipeline/message_batcher.hpp"
#include "storage/datastore/sector_info.hpp"
#include "storage/index/index_api.hpp"
#include "storage/paths/sector_file_types.hpp"

namespace tessera::miner {

// api.SealTicket / api.SealSeed: {"Value": base64 or null, "Epoch": n}.
struct ApiSealRandomness {
  Bytes value;
  std::int64_t epoch = 0;
  bool operator==(const ApiSealRandomness&) const = default;
};

// api.SectorPiece: {"Piece": {"Size", "PieceCID"}, "DealInfo": PieceDealInfo or null}.
struct ApiSectorPiece {
  std::uint64_t size = 0;  // padded
  cid::Cid piece_cid;
  // null for filler (CC) pieces; otherwise lotus's PieceDealInfo JSON object ({"PublishCid",
  // "DealID", "DealProposal", "DealSchedule", "KeepUnsealed"}), kept as JSON.
  nlohmann::json deal_info;
  bool operator==(const ApiSectorPiece&) const = default;
};

// api.SectorLog: {"Kind", "Timestamp" (unix s), "Trace", "Message"}.
struct ApiSectorLog {
  std::string kind;
  std::uint64_t timestamp = 0;
  std::string trace;
  std::string message;
  bool operator==(const ApiSectorLog&) const = default;
};

// lotus's api.SectorInfo, the result of SectorsStatus.
struct ApiSectorInfo {
  std::uint64_t sector_id = 0;
  std::string state;
  std::optional<cid::Cid> comm_d;
  std::optional<cid::Cid> comm_r;
  Bytes proof;                       // null in JSON when empty
  std::vector<std::uint64_t> deals;  // one per piece, 0 for filler pieces
  std::vector<ApiSectorPiece> pieces;
  ApiSealRandomness ticket;
  ApiSealRandomness seed;
  std::optional<cid::Cid> pre_commit_msg;
  std::optional<cid::Cid> commit_msg;
  std::uint64_t retries = 0;
  bool to_upgrade = false;
  std::optional<cid::Cid> replica_update_message;
  std::string last_err;
  std::vector<ApiSectorLog> log;
  // On-chain info (zero unless asked for and the sector is on chain; SealProof is the local
  // record's sector type otherwise).
  std::int64_t seal_proof = 0;
  std::int64_t activation = 0;
  std::int64_t expiration = 0;
  chain::BigInt deal_weight;
  chain::BigInt verified_deal_weight;
  chain::TokenAmount initial_pledge;
  std::int64_t on_time = 0;  // StateSectorExpiration OnTime
  std::int64_t early = 0;    // non-zero when faulty: epoch of permanent removal
  bool operator==(const ApiSectorInfo&) const = default;
};

// lotus's JSON of api.SectorInfo (CIDs {"/": …} or null, bytes base64 or null when empty, big
// integers as decimal text).
nlohmann::json to_json(const ApiSectorInfo& info);
// Reads that JSON (unknown keys ignored, null slices empty); InvalidInput naming the field.
ApiSectorInfo api_sector_info_from_json(const nlohmann::json& json);

// What SectorsStatus(n, true) adds from the chain: lotus copies these from the full node's
// StateSectorGetInfo and StateSectorExpiration (node/impl/storminer.go).
struct OnChainSectorInfo {
  std::int64_t seal_proof = 0;
  std::int64_t activation = 0;
  std::int64_t expiration = 0;
  chain::BigInt deal_weight;
  chain::BigInt verified_deal_weight;
  chain::TokenAmount initial_pledge;
  std::int64_t on_time = 0;  // 0 when the expiration could not be looked up, as in lotus
  std::int64_t early = 0;
  bool operator==(const OnChainSectorInfo&) const = default;
};

// The fields of a StateSectorGetInfo answer that SectorsStatus shows; on_time and early stay 0
// (they come from StateSectorExpiration).
OnChainSectorInfo on_chain_info_from(const chain::SectorOnChainInfo& info);

// lotus's Sealing.SectorsStatus: the API view of a stored record (Deals holds each piece's deal
// ID, 0 for filler pieces; Retries = InvalidProofs; SealProof = SectorType), with the on-chain
// fields from on_chain when given. InvalidInput when a piece's deal info is not lotus's
// PieceDealInfo shape (or has a non-string label, which lotus cannot put in JSON either).
ApiSectorInfo to_api_sector_info(const datastore::SectorInfo& info,
                                 const std::optional<OnChainSectorInfo>& on_chain);

// lotus's PieceDealInfo (cbor-gen map, DealProposal a tuple) as its JSON; null stays null.
// InvalidInput naming the field when the CBOR has another shape.
nlohmann::json piece_deal_info_json(const cbor::Value& deal_info);

// One stored sector record as the list methods need it.
struct SectorListEntry {
  std::uint64_t number = 0;
  std::string state;  // SectorInfo.State; "" while a new record has no state yet
  bool operator==(const SectorListEntry&) const = default;
};

// What the sealing pipeline provides for the sector methods. Calls may come from several API
// threads at once; implementations synchronise themselves.
class SectorsBackend {
 public:
  virtual ~SectorsBackend() = default;
  // Starts a new CC sector (lotus SectorStartCC) and returns its ID once its record has a
  // state. Throws (e.g. InvalidInput "no worker can seal") when it cannot.
  virtual paths::SectorId pledge() = 0;
  // Every stored record, Removed ones included, in any order.
  virtual std::vector<SectorListEntry> list() = 0;
  // The stored record of sector number, nullopt when there is none.
  virtual std::optional<datastore::SectorInfo> get(std::uint64_t number) = 0;
  // SectorForceState: moves the sector to state (a known name). NotFound for a missing sector.
  virtual void force_state(std::uint64_t number, const std::string& state) = 0;
  // SectorRemove: removes the sector's data locally (-> Removing -> Removed); no terminate
  // message. NotFound for a missing sector.
  virtual void remove(std::uint64_t number) = 0;
  // The sector's on-chain info, nullopt when it is not on chain; throws when the chain cannot
  // be asked.
  virtual std::optional<OnChainSectorInfo> on_chain(std::uint64_t number) = 0;
  // SectorPreCommitFlush: sends the precommits waiting in the batcher now.
  virtual std::vector<pipeline::BatchResult> precommit_flush() = 0;
  // SectorPreCommitPending: the sectors waiting in the batcher, by number.
  virtual std::vector<paths::SectorId> precommit_pending() = 0;
  // SectorCommitFlush, SectorCommitPending: the same for the ProveCommit batcher.
  virtual std::vector<pipeline::BatchResult> commit_flush() = 0;
  virtual std::vector<paths::SectorId> commit_pending() = 0;
};

// lotus sealiface.PreCommitBatchRes: {"Sectors": [numbers], "Msg": CID or null, "Error": text}.
// The same for a commit batch (CommitBatchRes) adds "FailedSectors": {} (a failed send fails
// the whole batch; a sector the chain refuses is found by its own wait).
nlohmann::json to_json(const pipeline::BatchResult& result);
struct CommitBatchResult {
  pipeline::BatchResult batch;
};
nlohmann::json to_json(const CommitBatchResult& result);
CommitBatchResult commit_batch_result_from_json(const nlohmann::json& json);
pipeline::BatchResult batch_result_from_json(const nlohmann::json& json);

}  // namespace tessera::miner

TESSERA_API_CODEC(tessera::miner::ApiSectorInfo, tessera::miner::to_json,
                  tessera::miner::api_sector_info_from_json);
TESSERA_API_CODEC(tessera::pipeline::BatchResult, tessera::miner::to_json,
                  tessera::miner::batch_result_from_json);
TESSERA_API_CODEC(tessera::miner::CommitBatchResult, tessera::miner::to_json,
                  tessera::miner::commit_batch_result_from_json);

namespace tessera::miner {

// PledgeSector() -> {"Miner", "Number"}: a new CC sector.
inline constexpr api::Method<paths::SectorId()> kPledgeSector{"Filecoin.PledgeSector",
                                                              api::Perm::kWrite};
// SectorsList() -> numbers of every record that has a state (Removed included), increasing.
inline constexpr api::Method<std::vector<std::uint64_t>()> kSectorsList{"Filecoin.SectorsList",
                                                                        api::Perm::kRead};
// SectorsSummary() -> {state: count} over every record.
inline constexpr api::Method<std::map<std::string, std::uint64_t>()> kSectorsSummary{
    "Filecoin.SectorsSummary", api::Perm::kRead};
// SectorsListInStates(states) -> numbers of the records in any of the states, increasing;
// unknown state names are ignored.
inline constexpr api::Method<std::vector<std::uint64_t>(std::vector<std::string>)>
    kSectorsListInStates{"Filecoin.SectorsListInStates", api::Perm::kRead};
// SectorsStatus(number, showOnChainInfo) -> api.SectorInfo.
inline constexpr api::Method<ApiSectorInfo(std::uint64_t, bool)> kSectorsStatus{
    "Filecoin.SectorsStatus", api::Perm::kRead};
// SectorsUpdate(number, state): force the sector's state (sectors update-state).
inline constexpr api::Method<void(std::uint64_t, std::string)> kSectorsUpdate{
    "Filecoin.SectorsUpdate", api::Perm::kAdmin};
// SectorRemove(number): local removal, no on-chain terminate.
inline constexpr api::Method<void(std::uint64_t)> kSectorRemove{"Filecoin.SectorRemove",
                                                                api::Perm::kAdmin};

// SectorPreCommitFlush() -> [PreCommitBatchRes]: sends the waiting precommits now.
inline constexpr api::Method<std::vector<pipeline::BatchResult>()> kSectorPreCommitFlush{
    "Filecoin.SectorPreCommitFlush", api::Perm::kAdmin};
// SectorPreCommitPending() -> [{"Miner", "Number"}]: the sectors waiting in the batcher.
inline constexpr api::Method<std::vector<paths::SectorId>()> kSectorPreCommitPending{
    "Filecoin.SectorPreCommitPending", api::Perm::kAdmin};

// SectorCommitFlush() -> [CommitBatchRes]; SectorCommitPending() -> [{"Miner", "Number"}].
inline constexpr api::Method<std::vector<CommitBatchResult>()> kSectorCommitFlush{
    "Filecoin.SectorCommitFlush", api::Perm::kAdmin};
inline constexpr api::Method<std::vector<paths::SectorId>()> kSectorCommitPending{
    "Filecoin.SectorCommitPending", api::Perm::kAdmin};

// Registers the eleven methods above on registry, answered from backend (which must outlive the
// registry's use). SectorsStatus/SectorsUpdate/SectorRemove of a missing sector: NotFound;
// SectorsUpdate to a state lotus does not know: InvalidInput, the backend untouched.
void serve_sectors_api(jsonrpc::Registry& registry, SectorsBackend& backend);

}  // namespace tessera::miner
