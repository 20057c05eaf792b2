// `storage attach` as the miner and a worker both offer it (lotus cli/storage.go and
// cmd/lotus-worker/storage.go): lotus's flags, and the action that initializes the path's
// sectorstore.json with --init and asks the process to open it (StorageAddLocal).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "cli/command.hpp"
#include "common/jsonrpc/client.hpp"

namespace tessera::cli {

// --init, --weight, --seal, --store, --max-storage, --groups, --allow-to.
std::vector<Flag> storage_attach_flags();

// Checks the flags (UsageError before anything is created), writes sectorstore.json with
// --init (Conflict when the path already has one), then calls StorageAddLocal on the process
// `connect` reaches.
int storage_attach(Context& ctx,
                   const std::function<std::unique_ptr<jsonrpc::Client>(const Context&)>& connect);

}  // namespace tessera::cli
