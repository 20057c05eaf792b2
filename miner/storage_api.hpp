// lotus's Storage* API methods (reference/lotus-compat.md §5.1) on the miner that holds the
// sector index: the index itself (attach, health, declare, find, allocate, list, stat) and this
// process's local paths (add, detach, redeclare, local), and the sector locks, all admin as in
// lotus.
#pragma once

#include "common/jsonrpc/registry.hpp"
#include "storage/index/remote_index.hpp"
#include "storage/index/sector_index.hpp"
#include "storage/paths/local_paths.hpp"
#include "storage/paths/sector_locks.hpp"

namespace tessera::miner {

// The index methods (attach, detach, info, health, stat, declare, drop, find, allocate, list)
// over index, which must outlive the registry's use.
void register_index_api(jsonrpc::Registry& registry, paths::IndexApi& index);

// This process's local paths (StorageLocal, StorageAddLocal, StorageDetachLocal,
// StorageRedeclareLocal); local must outlive the registry's use.
void register_local_paths_api(jsonrpc::Registry& registry, paths::LocalPaths& local);

// StorageLock, StorageTryLock and StorageGetLocks over this process's sector locks.
void register_lock_api(jsonrpc::Registry& registry, paths::SectorLocks& locks);

// On the miner holding the index: Filecoin.StorageIndexSubscribe (admin, a tessera channel
// method) sends {"Change": "<what>"} after every change to the index, so that other processes
// keep their mirror of it current (storage/index/remote_index.hpp).
void register_index_updates(jsonrpc::Registry& registry, paths::SectorIndex& index);
// On a miner using the root's index (SectorIndexApiInfo): the same method relaying the root's
// changes to this miner's own workers (a PoSt worker of a PoSt-miner finds sectors through it);
// when this miner reloads its mirror it closes the channels, so that they reload theirs.
void register_index_relay(jsonrpc::Registry& registry, paths::RemoteIndex& index);

}  // namespace tessera::miner
