// sectorstore.json at the root of each storage path (lotus storiface.LocalStorageMeta), written
// with Go JSON conventions: every key, Go field order, empty lists as null, 2-space indent.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::paths {

inline constexpr std::string_view kMetaFileName = "sectorstore.json";

struct LocalStorageMeta {
  std::string id;                         // "ID": UUID v4 string
  uint64_t weight = 0;                    // "Weight": 0 = read-only
  bool can_seal = false;                  // "CanSeal"
  bool can_store = false;                 // "CanStore"
  uint64_t max_storage = 0;               // "MaxStorage": bytes, 0 = unlimited
  std::vector<std::string> groups;        // "Groups"
  std::vector<std::string> allow_to;      // "AllowTo": empty = any group
  std::vector<std::string> allow_types;   // "AllowTypes": unsealed|sealed|cache|update|update-cache
  std::vector<std::string> deny_types;    // "DenyTypes"
  std::vector<std::string> allow_miners;  // "AllowMiners" (newer lotus)
  std::vector<std::string> deny_miners;   // "DenyMiners" (newer lotus)
  bool operator==(const LocalStorageMeta&) const = default;
};

// JSON as Go's json.MarshalIndent(meta, "", "  ") writes it.
std::string local_storage_meta_to_json(const LocalStorageMeta& meta);
// Parses the JSON (missing keys keep their zero value, null lists are empty, unknown keys are
// ignored, as Go does). Throws InvalidInput naming `origin` on bad JSON or wrong types.
LocalStorageMeta local_storage_meta_from_json(std::string_view json, std::string_view origin);

// Reads <file>. Throws NotFound when missing, InvalidInput naming the file when malformed.
LocalStorageMeta read_local_storage_meta(const std::filesystem::path& file);
// Writes <file> atomically, mode 0644.
void write_local_storage_meta(const std::filesystem::path& file, const LocalStorageMeta& meta);

}  // namespace tessera::paths
