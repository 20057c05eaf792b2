// The manager's view of one worker (lotus's Worker interface, sealing part): LocalWorker runs
// the calls in this process; a remote lotus-worker is reached over JSON-RPC. Each sealing call
// returns a CallId at once; its outcome comes back later through a ReturnSink (lotus's Return*
// methods). A worker is identified by its session UUID; a new UUID means it restarted.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/encoding.hpp"
#include "sealing/workers/worker_info.hpp"
#include "sealing/workers/worker_types.hpp"

namespace tessera::workers {

// Where workers report the outcome of their calls (the manager).
class ReturnSink {
 public:
  virtual ~ReturnSink() = default;
  // A call began (before its work runs); task is LocalWorker's name for it ("PreCommit1").
  // Call trackers record it; the default does nothing.
  virtual void started(const CallId&, std::string_view /*task*/) {}
  // result is the Return* method's value as JSON (null on failure); error is set on failure.
  // NotFound when the call is not one the manager is waiting for (nothing changes then).
  virtual void deliver(const CallId& call, nlohmann::json result,
                       std::optional<CallError> error) = 0;
};

class WorkerHandle {
 public:
  virtual ~WorkerHandle() = default;
  // The worker's session UUID; IoError when it cannot be reached.
  virtual std::string session() = 0;
  virtual WorkerInfo info() = 0;
  virtual std::set<TaskType> task_types() = 0;
  // Its local storage paths (storage IDs the sector index knows).
  virtual std::vector<StoragePath> paths() = 0;

  virtual CallId add_piece(const SectorRef& sector, std::uint64_t unpadded_size) = 0;
  virtual CallId seal_pre_commit1(const SectorRef& sector, const Bytes& ticket,
                                  const std::vector<PieceInfo>& pieces) = 0;
  virtual CallId seal_pre_commit2(const SectorRef& sector, const Bytes& pc1_out) = 0;
  virtual CallId seal_commit1(const SectorRef& sector, const Bytes& ticket, const Bytes& seed,
                              const std::vector<PieceInfo>& pieces, const SectorCids& cids) = 0;
  virtual CallId seal_commit2(const SectorRef& sector, const Bytes& c1_out) = 0;
  // Drops what proofs no longer need and moves sealed and cache to a local storage path.
  virtual CallId finalize_sector(const SectorRef& sector) = 0;
  // lotus ReleaseUnsealed: removes the sector's unsealed file but the ranges in keep
  // (NotImplemented for a non-empty keep: tessera seals no deal sectors yet).
  virtual CallId release_unsealed(const SectorRef& sector, const std::vector<Range>& keep) = 0;
  // lotus MoveStorage: brings the sector's files of types (a file type mask) to a storage path
  // of this worker, from wherever they are, and removes the other copies.
  virtual CallId move_storage(const SectorRef& sector, std::uint32_t types) = 0;
  // Removes every file of the sector this worker holds (synchronous).
  virtual void remove(const paths::SectorId& sector) = 0;
};

}  // namespace tessera::workers
