// lotus's worker protocol as typed API declarations (reference/gpu-and-workers.md §B1,
// lotus-compat.md §5.3/§5.5; lotus v1.23.3 api/api_worker.go and api/api_storage.go), both
// directions:
//  - worker side: served by a worker at /rpc/v0 (tessera's or lotus-worker), called by the
//    miner's manager; all perm admin. Asynchronous sealing calls answer a CallId at once and
//    report their result later through the matching Return* on the miner.
//  - miner side: served by the miner, called by workers (Return*, WorkerConnect) and the CLI
//    (WorkerStats, WorkerJobs, SealingSchedDiag, SealingAbort, SealingRemoveRequest); all admin
//    as in lotus (the Return* calls and WorkerConnect are also tagged retry:true there).
// Parameter lists are lotus v1.23.3's, so a real lotus-worker v1.23 interoperates; where the
// older v1.15 schema (test/fixtures/lotus-worker-api.txt) differs, the declaration says so.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/api/common_api.hpp"
#include "common/api/method.hpp"
#include "sealing/workers/worker_info.hpp"
#include "sealing/workers/worker_types.hpp"
#include "storage/index/index_api.hpp"

namespace tessera::workers {

using api::Method;
using api::Perm;
using paths::FileTypeMask;

// lotus WorkerAPIVersion0 = 1.7.0: what a worker's Version returns (a bare number, 67328).
inline constexpr std::uint32_t kWorkerApiVersion = 0x010700;
// lotus MinerAPIVersion0 = 1.5.0: the miner APIVersion a lotus-worker insists on.
inline constexpr std::uint32_t kMinerApiVersion = 0x010500;

// A Return* call's error parameter: null on success.
using MaybeError = std::optional<CallError>;

// ---- Worker side (served by the worker) ----------------------------------------------------

// The worker's API version as a bare uint32 (lotus api.Version), not the Common API's object.
inline constexpr Method<std::uint32_t()> kWorkerVersion{"Filecoin.Version", Perm::kAdmin};
// The task types the worker accepts now (TaskDisable/TaskEnable change them).
inline constexpr Method<std::set<TaskType>()> kTaskTypes{"Filecoin.TaskTypes", Perm::kAdmin};
inline constexpr Method<std::vector<StoragePath>()> kPaths{"Filecoin.Paths", Perm::kAdmin};
inline constexpr Method<WorkerInfo()> kInfo{"Filecoin.Info", Perm::kAdmin};
// DataCid(unpadded piece size, data). Newer than the v1.15 schema (lotus v1.17+).
inline constexpr Method<CallId(std::uint64_t, PieceData)> kDataCid{"Filecoin.DataCid",
                                                                   Perm::kAdmin};
// AddPiece(sector, unpadded sizes of the pieces already in it, unpadded new size, data).
inline constexpr Method<CallId(SectorRef, std::vector<std::uint64_t>, std::uint64_t, PieceData)>
    kAddPiece{"Filecoin.AddPiece", Perm::kAdmin};
// SealPreCommit1(sector, ticket, pieces).
inline constexpr Method<CallId(SectorRef, Bytes, std::vector<PieceInfo>)> kSealPreCommit1{
    "Filecoin.SealPreCommit1", Perm::kAdmin};
// SealPreCommit2(sector, PreCommit1Out).
inline constexpr Method<CallId(SectorRef, Bytes)> kSealPreCommit2{"Filecoin.SealPreCommit2",
                                                                  Perm::kAdmin};
// SealCommit1(sector, ticket, seed, pieces, cids).
inline constexpr Method<CallId(SectorRef, Bytes, Bytes, std::vector<PieceInfo>, SectorCids)>
    kSealCommit1{"Filecoin.SealCommit1", Perm::kAdmin};
// SealCommit2(sector, Commit1Out).
inline constexpr Method<CallId(SectorRef, Bytes)> kSealCommit2{"Filecoin.SealCommit2",
                                                               Perm::kAdmin};
// FinalizeSector(sector): lotus v1.23's single parameter. The v1.15 schema has a second one,
// keepUnsealed []Range, which v1.23 moved to ReleaseUnsealed; a v1.23 worker refuses two.
inline constexpr Method<CallId(SectorRef)> kFinalizeSector{"Filecoin.FinalizeSector", Perm::kAdmin};
// ReleaseUnsealed(sector, ranges of the unsealed file to keep).
inline constexpr Method<CallId(SectorRef, std::vector<Range>)> kReleaseUnsealed{
    "Filecoin.ReleaseUnsealed", Perm::kAdmin};
// MoveStorage(sector, file types): moves them to long-term storage.
inline constexpr Method<CallId(SectorRef, FileTypeMask)> kMoveStorage{"Filecoin.MoveStorage",
                                                                      Perm::kAdmin};
// Fetch(sector, file types, "sealing"|"storage", "move"|"copy").
inline constexpr Method<CallId(SectorRef, FileTypeMask, paths::PathType, AcquireMode)> kFetch{
    "Filecoin.Fetch", Perm::kAdmin};
// Remove(sector): drops the sector's files from the worker's paths.
inline constexpr Method<void(paths::SectorId)> kRemove{"Filecoin.Remove", Perm::kAdmin};
inline constexpr Method<void(TaskType)> kTaskDisable{"Filecoin.TaskDisable", Perm::kAdmin};
inline constexpr Method<void(TaskType)> kTaskEnable{"Filecoin.TaskEnable", Perm::kAdmin};
// StorageLocal() and StorageAddLocal(path): the same declarations as the miner's.
using paths::kStorageAddLocal;
using paths::kStorageLocal;
// SetEnabled(enabled): a disabled worker fails Session, so the scheduler stops using it.
inline constexpr Method<void(bool)> kSetEnabled{"Filecoin.SetEnabled", Perm::kAdmin};
inline constexpr Method<bool()> kEnabled{"Filecoin.Enabled", Perm::kAdmin};
// Blocks until no task runs on the worker.
inline constexpr Method<void()> kWaitQuiet{"Filecoin.WaitQuiet", Perm::kAdmin};
// A random UUID made at process start.
inline constexpr Method<std::string()> kProcessSession{"Filecoin.ProcessSession", Perm::kAdmin};
// ProcessSession's UUID, but an error while the worker is disabled and the nil UUID once it is
// closing. Admin on a worker (the Common API's Session is read).
inline constexpr Method<std::string()> kWorkerSession{"Filecoin.Session", Perm::kAdmin};
// Shutdown(): the Common API's declaration (admin in both). Newer than the v1.15 schema.
using api::kShutdown;

// ---- Miner side (served by the miner) ------------------------------------------------------

// WorkerConnect(url of the worker's /rpc/v0): the miner connects back and adds the worker.
inline constexpr Method<void(std::string)> kWorkerConnect{"Filecoin.WorkerConnect", Perm::kAdmin};
// Worker session UUID -> its stats.
inline constexpr Method<std::map<std::string, WorkerStats>()> kWorkerStats{"Filecoin.WorkerStats",
                                                                           Perm::kAdmin};
// Worker session UUID -> its jobs (running, prepared, assigned, waiting to return).
inline constexpr Method<std::map<std::string, std::vector<WorkerJob>>()> kWorkerJobs{
    "Filecoin.WorkerJobs", Perm::kAdmin};
// SealingSchedDiag(run the scheduler first): a free-form dump of the scheduler's state.
inline constexpr Method<nlohmann::json(bool)> kSealingSchedDiag{"Filecoin.SealingSchedDiag",
                                                                Perm::kAdmin};
// SealingAbort(call): fails a job the manager is waiting for.
inline constexpr Method<void(CallId)> kSealingAbort{"Filecoin.SealingAbort", Perm::kAdmin};
// SealingRemoveRequest(scheduler request UUID). Newer than the v1.15 schema.
inline constexpr Method<void(std::string)> kSealingRemoveRequest{"Filecoin.SealingRemoveRequest",
                                                                 Perm::kAdmin};

// Return<Task>(call, result, error): the outcome of an asynchronous worker call.
// ReturnDataCid is newer than the v1.15 schema.
inline constexpr Method<void(CallId, Returned<PieceInfo>, MaybeError)> kReturnDataCid{
    "Filecoin.ReturnDataCid", Perm::kAdmin};
inline constexpr Method<void(CallId, Returned<PieceInfo>, MaybeError)> kReturnAddPiece{
    "Filecoin.ReturnAddPiece", Perm::kAdmin};
// PreCommit1Out (base64 bytes).
inline constexpr Method<void(CallId, Returned<Bytes>, MaybeError)> kReturnSealPreCommit1{
    "Filecoin.ReturnSealPreCommit1", Perm::kAdmin};
inline constexpr Method<void(CallId, Returned<SectorCids>, MaybeError)> kReturnSealPreCommit2{
    "Filecoin.ReturnSealPreCommit2", Perm::kAdmin};
// Commit1Out (base64 bytes).
inline constexpr Method<void(CallId, Returned<Bytes>, MaybeError)> kReturnSealCommit1{
    "Filecoin.ReturnSealCommit1", Perm::kAdmin};
// The proof (base64 bytes).
inline constexpr Method<void(CallId, Returned<Bytes>, MaybeError)> kReturnSealCommit2{
    "Filecoin.ReturnSealCommit2", Perm::kAdmin};
inline constexpr Method<void(CallId, MaybeError)> kReturnFinalizeSector{
    "Filecoin.ReturnFinalizeSector", Perm::kAdmin};
inline constexpr Method<void(CallId, MaybeError)> kReturnReleaseUnsealed{
    "Filecoin.ReturnReleaseUnsealed", Perm::kAdmin};
inline constexpr Method<void(CallId, MaybeError)> kReturnMoveStorage{"Filecoin.ReturnMoveStorage",
                                                                     Perm::kAdmin};
inline constexpr Method<void(CallId, MaybeError)> kReturnFetch{"Filecoin.ReturnFetch",
                                                               Perm::kAdmin};
inline constexpr Method<void(CallId, MaybeError)> kReturnUnsealPiece{"Filecoin.ReturnUnsealPiece",
                                                                     Perm::kAdmin};
// ReturnReadPiece(call, whether the piece could be read, error).
inline constexpr Method<void(CallId, bool, MaybeError)> kReturnReadPiece{"Filecoin.ReturnReadPiece",
                                                                         Perm::kAdmin};

}  // namespace tessera::workers
