// The /remote sector file server other lotus processes fetch sector files from (lotus
// storage/paths/http_handler.go, reference/lotus-compat.md §7), as an HTTP route of
// jsonrpc::Server. Admin permission required (401 otherwise, as lotus answers).
//   GET    /remote/stat/{storageID}      FsStat JSON; 404 when the ID is not local
//   GET    /remote/{type}/{sector}       the file (single Range supported) or, for a
//                                        directory, a ustar stream of its regular files
//   DELETE /remote/{type}/{sector}[?keep=id,id]
//   POST   /remote/vanilla/single      a PoSt vanilla proof from local sector files, JSON in and
//                                        out (RemoteStore::single_vanilla; 501 without one)
//   GET    /remote/{type}/{sector}/{spt}/allocated/{offset}/{size}: 501 for now
// A bad type or sector name (or a "." / ".." segment) is 400, a known path with another method
// 405, anything else 404. File and tar bodies are streamed from disk a chunk at a time, whatever
// the sector size.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/jsonrpc/server.hpp"
#include "storage/paths/sector_file_types.hpp"

namespace tessera::paths {

// The local file or directory of a sector file type, or nullopt.
using SectorFileFinder =
    std::function<std::optional<std::filesystem::path>(FileType, const SectorId&)>;

// Answers a /remote/vanilla/single request body from the files `find` finds (the PoSt layer's
// post::answer_single_vanilla).
using SingleVanillaAnswer =
    std::function<std::string(const std::string& body, const SectorFileFinder& find)>;

// What /remote serves: this process's local storage paths (LocalPaths provides each).
struct RemoteStore {
  SectorFileFinder find;
  // FsStat of a local storage path, or nullopt when the ID is not local.
  std::function<std::optional<FsStat>(const std::string& storage_id)> stat;
  // Removes a sector file type from the local paths but those whose IDs are in keep (files and
  // index declarations, as lotus Local.Remove); false when no local path held it.
  std::function<bool(FileType, const SectorId&, const std::vector<std::string>& keep)> remove;
  // Answers a /remote/vanilla/single request body with the proof's JSON text, from `find`'s
  // files. Throws InvalidInput for a bad request (400), NotFound when the sector's files are not
  // here (404), Error otherwise (500). Empty: 501.
  SingleVanillaAnswer single_vanilla = {};
};

class LocalPaths;

// What /remote serves of a process's own storage paths (local must outlive the route).
RemoteStore remote_store_of(LocalPaths& local, SingleVanillaAnswer single_vanilla);

// The /remote route (register with Server::add_http_route("/remote", ...)).
jsonrpc::HttpRoute make_remote_route(RemoteStore store);

}  // namespace tessera::paths
