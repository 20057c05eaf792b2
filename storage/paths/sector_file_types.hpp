// Sector files in storage paths (lotus storiface/filetype.go, reference/lotus-compat.md §7):
// the file types and their bits, sector names "s-t0<miner>-<number>", the space each type takes,
// and the filesystem statistics (FsStat) storage paths report, with lotus's JSON forms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tessera::paths {

enum class FileType : std::uint32_t {
  kUnsealed = 1,
  kSealed = 2,
  kCache = 4,
  kUpdate = 8,
  kUpdateCache = 16,
};

// Every file type, in bit order.
const std::vector<FileType>& all_file_types();
// "unsealed", "sealed", "cache", "update", "update-cache" (the directory names).
std::string_view file_type_name(FileType type);
// The type of a directory name; nullopt for anything else.
std::optional<FileType> file_type_from_name(std::string_view name);
// The types whose bits are set in mask; InvalidInput for bits beyond update-cache.
std::vector<FileType> file_types_in(std::uint32_t mask);
// True for the types stored as directories (cache, update-cache).
bool is_directory_type(FileType type);
// Bytes a file type takes for a sector while sealing (sealing=true) or once finalized, as lotus
// estimates it (FSOverheadSeal / FsOverheadFinalized, in tenths of the sector size).
std::uint64_t space_use(FileType type, std::uint64_t sector_size, bool sealing);

struct SectorId {
  std::uint64_t miner = 0;
  std::uint64_t number = 0;
  auto operator<=>(const SectorId&) const = default;
};

// "s-t0<miner>-<number>" (the literal t0 on every network, as lotus writes it).
std::string sector_name(const SectorId& id);
// The sector a name denotes; nullopt for anything but exactly that form.
std::optional<SectorId> parse_sector_name(std::string_view name);

// {"Miner": n, "Number": n}
nlohmann::json to_json(const SectorId& id);
SectorId sector_id_from_json(const nlohmann::json& json);

// A storage path's filesystem statistics (lotus fsutil.FsStat), bytes.
struct FsStat {
  std::int64_t capacity = 0;
  std::int64_t available = 0;     // what sectors may still use (MaxStorage applied)
  std::int64_t fs_available = 0;  // free on the filesystem
  std::int64_t reserved = 0;      // promised to sectors in progress
  std::int64_t max = 0;           // MaxStorage, 0 = unlimited
  std::int64_t used = 0;          // by sector files, when MaxStorage is set
  bool operator==(const FsStat&) const = default;
};

nlohmann::json to_json(const FsStat& stat);
FsStat fs_stat_from_json(const nlohmann::json& json);

}  // namespace tessera::paths
