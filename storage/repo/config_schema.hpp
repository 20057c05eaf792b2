// The table of every key of the lotus-miner (v1.23.3 StorageMiner) config.toml, plus the later
// [Subsystems] keys EnableSectorIndexDB/DisableWindowPoSt/DisableWinningPoSt, in lotus's order.
#pragma once

#include <span>
#include <string_view>

namespace tessera::repo {

// Value kinds of config keys. kInt is a signed Go int/int64, kUint a Go uint/uint64 (negative
// values refused), kFil a "<decimal> FIL" string, kMap a table of string values.
enum class ConfigType { kString, kBool, kInt, kUint, kDuration, kFil, kStringArray, kMap };

struct ConfigKeySpec {
  std::string_view section;  // dotted table path, e.g. "API", "Fees.MaxCommitBatchGasFee"
  std::string_view key;      // key name inside the table, e.g. "ListenAddress"
  ConfigType type;
  std::string_view default_toml;  // the default as TOML value text, e.g. "\"30s\"", "true", "[]"
  std::string_view go_type;       // the Go type lotus prints in its "# type:" line ("" = none)
  std::string_view comment;       // our one-line description written above the key
};

// Every key, in the order lotus writes them (sections in lotus's order, keys in Go field order).
std::span<const ConfigKeySpec> config_schema();

// Every table header, in lotus's order, including tables that hold only sub-tables ("Logging").
std::span<const std::string_view> config_sections();

// The spec of one key, or nullptr when the key is unknown.
const ConfigKeySpec* find_config_key(std::string_view section, std::string_view key);

// Name of a type as used in error messages ("string", "bool", "duration", ...).
std::string_view config_type_name(ConfigType type);

}  // namespace tessera::repo
