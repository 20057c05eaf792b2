// storage.json in the miner repo: the list of storage paths (lotus storiface.StorageConfig),
// {"StoragePaths":[{"Path":"..."}]} written with 2-space indent, mode 0644.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::paths {

inline constexpr std::string_view kStorageConfigFileName = "storage.json";

struct StorageConfig {
  std::vector<std::string> storage_paths;  // the "Path" of each entry, in file order
  bool operator==(const StorageConfig&) const = default;
};

// Reads storage.json. Throws NotFound when the file is missing, InvalidInput (naming the file)
// on bad JSON or wrong types.
StorageConfig read_storage_config(const std::filesystem::path& file);
// Writes storage.json atomically (2-space indent like Go's json.MarshalIndent, mode 0644).
void write_storage_config(const std::filesystem::path& file, const StorageConfig& config);
// JSON text of the config as Go's json.MarshalIndent(cfg, "", "  ") writes it.
std::string storage_config_to_json(const StorageConfig& config);
// Parses storage.json text; throws InvalidInput naming `origin`.
StorageConfig storage_config_from_json(std::string_view json, std::string_view origin);

// Adds a path to the file (creating it when missing). Returns false, changing nothing, when
// the path is already listed.
bool add_storage_path(const std::filesystem::path& file, const std::string& path);

}  // namespace tessera::paths
