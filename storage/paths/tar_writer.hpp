// Directories as tar streams, the way lotus sends cache directories over /remote
// (storage/sealer/tarutil.TarDirectory): one POSIX ustar entry per regular file.
#pragma once

#include <filesystem>
#include <string>

namespace tessera::paths {

// A ustar archive of dir's regular files (sorted by name, named relative to dir; symlinks,
// subdirectories and other entries are left out), ending with two zero blocks. Held in memory:
// fine for the cache directories of the small sector sizes this serves. NotFound when dir is
// not a directory; InvalidInput for a name longer than the 100 bytes ustar holds; IoError when
// a file cannot be read.
std::string tar_directory(const std::filesystem::path& dir);

}  // namespace tessera::paths
