// Sector files pulled from another machine's /remote (lotus paths.Remote fetch and
// deleteFromRemote): how finalize moves a sector from the worker that sealed it to long-term
// storage on another machine. Only the machine receiving the files acts; the sender serves GET
// and DELETE as it always does.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "storage/paths/sector_file_types.hpp"

namespace tessera::paths {

// GETs url (a SectorStorageInfo URL, "http://host:port/remote/cache/s-t01000-1") with the
// cluster's admin token into dest: a file written as it arrives, or a directory (cache,
// update-cache) unpacked from its tar. It is written under temp first and renamed onto dest
// once complete, so dest is either whole or absent (a previous dest is replaced). idle bounds
// each wait for the next bytes. NotFound when the machine does not hold it (404),
// PermissionDenied for a refused token (401), InvalidInput for an answer of the wrong kind or a
// bad tar, IoError otherwise (the connection, any other status, writing locally).
void fetch_sector_file(const std::string& url, std::string_view token, FileType type,
                       const std::filesystem::path& dest, const std::filesystem::path& temp,
                       std::chrono::milliseconds idle);

// Asks the machine at url to delete its copy from every path but those whose IDs are in keep
// (DELETE url?keep=a,b). A 404 (already gone) is success; errors as fetch_sector_file.
void delete_remote_sector_file(const std::string& url, std::string_view token,
                               const std::vector<std::string>& keep,
                               std::chrono::milliseconds timeout);

}  // namespace tessera::paths
