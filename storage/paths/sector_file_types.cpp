#include "storage/paths/sector_file_types.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::paths {
namespace {

struct TypeInfo {
  FileType type;
  std::string_view name;
  std::uint64_t seal_tenths;       // FSOverheadSeal
  std::uint64_t finalized_tenths;  // FsOverheadFinalized
};

constexpr TypeInfo kTypes[] = {
    {FileType::kUnsealed, "unsealed", 10, 10},
    {FileType::kSealed, "sealed", 10, 10},
    {FileType::kCache, "cache", 141, 1},
    {FileType::kUpdate, "update", 10, 10},
    {FileType::kUpdateCache, "update-cache", 21, 1},
};

const TypeInfo& info(FileType type) {
  for (const auto& t : kTypes)
    if (t.type == type) return t;
  throw InvalidInput("unknown sector file type " +
                     std::to_string(static_cast<std::uint32_t>(type)));
}

bool parse_decimal(std::string_view text, std::uint64_t& out) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

const std::vector<FileType>& all_file_types() {
  static const std::vector<FileType> types = {FileType::kUnsealed, FileType::kSealed,
                                              FileType::kCache, FileType::kUpdate,
                                              FileType::kUpdateCache};
  return types;
}

std::string_view file_type_name(FileType type) {
  return info(type).name;
}

std::optional<FileType> file_type_from_name(std::string_view name) {
  for (const auto& t : kTypes)
    if (t.name == name) return t.type;
  return std::nullopt;
}

std::vector<FileType> file_types_in(std::uint32_t mask) {
  if (mask >> 5) throw InvalidInput("unknown sector file type bits in " + std::to_string(mask));
  std::vector<FileType> out;
  for (FileType t : all_file_types())
    if (mask & static_cast<std::uint32_t>(t)) out.push_back(t);
  return out;
}

bool is_directory_type(FileType type) {
  return type == FileType::kCache || type == FileType::kUpdateCache;
}

std::uint64_t space_use(FileType type, std::uint64_t sector_size, bool sealing) {
  const auto& t = info(type);
  return sector_size * (sealing ? t.seal_tenths : t.finalized_tenths) / 10;
}

std::string sector_name(const SectorId& id) {
  return "s-t0" + std::to_string(id.miner) + "-" + std::to_string(id.number);
}

std::optional<SectorId> parse_sector_name(std::string_view name) {
  if (!name.starts_with("s-t0")) return std::nullopt;
  name.remove_prefix(4);
  const auto dash = name.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  SectorId id;
  if (!parse_decimal(name.substr(0, dash), id.miner) ||
      !parse_decimal(name.substr(dash + 1), id.number))
    return std::nullopt;
  return id;
}

nlohmann::json to_json(const SectorId& id) {
  return nlohmann::json{{"Miner", id.miner}, {"Number", id.number}};
}

SectorId sector_id_from_json(const nlohmann::json& j) {
  return SectorId{
      json_fields::u64(json_fields::field(j, "sector id", "Miner"), "sector id.Miner"),
      json_fields::u64(json_fields::field(j, "sector id", "Number"), "sector id.Number")};
}

nlohmann::json to_json(const FsStat& s) {
  return nlohmann::json{{"Capacity", s.capacity},
                        {"Available", s.available},
                        {"FSAvailable", s.fs_available},
                        {"Reserved", s.reserved},
                        {"Max", s.max},
                        {"Used", s.used}};
}

FsStat fs_stat_from_json(const nlohmann::json& j) {
  const auto get = [&](const char* name) {
    return json_fields::i64(json_fields::field(j, "fs stat", name), std::string("fs stat.") + name);
  };
  return FsStat{get("Capacity"), get("Available"), get("FSAvailable"),
                get("Reserved"), get("Max"),       get("Used")};
}

}  // namespace tessera::paths
