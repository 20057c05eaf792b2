// Where finalized sectors go (lotus MoveStorage): from the sealing path to a storage path
// (CanStore) of this machine, moved locally when the files are here, pulled from the machine
// holding them through its /remote otherwise. Sealed and cache files thus leave the worker that
// sealed them only for long-term storage, never for another worker's sealing path.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "sealing/workers/worker_types.hpp"
#include "storage/index/sector_index.hpp"
#include "storage/paths/local_paths.hpp"

namespace tessera::workers {

struct StorageMoveContext {
  paths::LocalPaths& local;
  paths::IndexApi& index;
  std::string hostname;      // for messages
  std::string remote_token;  // the cluster's admin token, for other machines' /remote
  std::chrono::milliseconds idle{std::chrono::seconds(60)};  // per wait for the next bytes
};

// Moves the sector's files of types (a lotus file type mask) that lie on a local path without
// CanStore to the local storage path the index ranks best (rename, or copy across
// filesystems), declaring them there and dropping them from where they were. Files already on a
// storage path stay. Without a local storage path with room nothing moves (logged).
void move_local_to_storage(const StorageMoveContext& ctx, const SectorRef& sector,
                           std::uint32_t types);

// lotus Worker.MoveStorage: move_local_to_storage, then each type of types not held here is
// fetched from a machine the index says holds it into the best local storage path (NoSpace when
// none has room), declared, and deleted from every other machine (keeping this one's paths).
// After a crash it can simply run again: a type already on a local storage path is not fetched
// again, and the remote copies still listed are deleted. NotFound when no machine holds a type;
// the fetch's errors otherwise (the remote copies then stay).
void move_to_storage(const StorageMoveContext& ctx, const SectorRef& sector, std::uint32_t types);

// lotus Remote.Remove (how ReleaseUnsealed drops a CC sector's unsealed file): deletes the
// sector's file of `type` from this machine's paths, then asks every other machine the index
// lists as holding one to delete its copy, so no copy outlives the call: such as the one a
// worker killed after writing it, before AddPiece returned, declares when it restarts, while the
// call ran again on another worker. A machine that cannot be reached keeps its copy and stays
// listed (logged).
void remove_everywhere(const StorageMoveContext& ctx, const SectorRef& sector,
                       paths::FileType type);

}  // namespace tessera::workers
