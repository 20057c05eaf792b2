// sectorstore.json (lotus storiface.LocalStorageMeta).
#include "storage/paths/local_storage_meta.hpp"


#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/file_util.hpp"

namespace tessera::paths {
namespace {

nlohmann::ordered_json string_list(const std::vector<std::string>& v) {
  if (v.empty()) return nullptr;  // nil Go slice
  return nlohmann::ordered_json(v);
}

}  // namespace

std::string local_storage_meta_to_json(const LocalStorageMeta& m) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["ID"] = m.id;
  j["Weight"] = m.weight;
  j["CanSeal"] = m.can_seal;
  j["CanStore"] = m.can_store;
  j["MaxStorage"] = m.max_storage;
  j["Groups"] = string_list(m.groups);
  j["AllowTo"] = string_list(m.allow_to);
  j["AllowTypes"] = string_list(m.allow_types);
  j["DenyTypes"] = string_list(m.deny_types);
  j["AllowMiners"] = string_list(m.allow_miners);
  j["DenyMiners"] = string_list(m.deny_miners);
  return j.dump(2);
}

LocalStorageMeta local_storage_meta_from_json(std::string_view json, std::string_view origin) {
  auto fail = [&](const std::string& why) -> LocalStorageMeta {
    throw InvalidInput("invalid storage path metadata " + std::string(origin) + ": " + why);
  };
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded()) return fail("invalid JSON");
  if (!j.is_object()) return fail("expected a JSON object");
  LocalStorageMeta m;
  auto get_u64 = [&](const nlohmann::json& v, const char* key, uint64_t& out) {
    if (v.is_null()) return;
    if (!v.is_number_unsigned()) fail(std::string(key) + ": expected an unsigned integer");
    out = v.get<uint64_t>();
  };
  auto get_bool = [&](const nlohmann::json& v, const char* key, bool& out) {
    if (v.is_null()) return;
    if (!v.is_boolean()) fail(std::string(key) + ": expected a bool");
    out = v.get<bool>();
  };
  auto get_list = [&](const nlohmann::json& v, const char* key, std::vector<std::string>& out) {
    out.clear();
    if (v.is_null()) return;
    if (!v.is_array()) fail(std::string(key) + ": expected an array of strings");
    for (const auto& e : v) {
      if (!e.is_string()) fail(std::string(key) + ": expected an array of strings");
      out.push_back(e.get<std::string>());
    }
  };
  for (const auto& [k, v] : j.items()) {
    if (k == "ID") {
      if (v.is_null()) continue;
      if (!v.is_string()) fail("ID: expected a string");
      m.id = v.get<std::string>();
    } else if (k == "Weight") {
      get_u64(v, "Weight", m.weight);
    } else if (k == "CanSeal") {
      get_bool(v, "CanSeal", m.can_seal);
    } else if (k == "CanStore") {
      get_bool(v, "CanStore", m.can_store);
    } else if (k == "MaxStorage") {
      get_u64(v, "MaxStorage", m.max_storage);
    } else if (k == "Groups") {
      get_list(v, "Groups", m.groups);
    } else if (k == "AllowTo") {
      get_list(v, "AllowTo", m.allow_to);
    } else if (k == "AllowTypes") {
      get_list(v, "AllowTypes", m.allow_types);
    } else if (k == "DenyTypes") {
      get_list(v, "DenyTypes", m.deny_types);
    } else if (k == "AllowMiners") {
      get_list(v, "AllowMiners", m.allow_miners);
    } else if (k == "DenyMiners") {
      get_list(v, "DenyMiners", m.deny_miners);
    }
  }
  return m;
}

LocalStorageMeta read_local_storage_meta(const std::filesystem::path& file) {
  std::optional<std::string> text = read_file_if_exists(file);
  if (!text) throw NotFound("storage path metadata " + file.string() + " does not exist");
  return local_storage_meta_from_json(*text, file.string());
}

void write_local_storage_meta(const std::filesystem::path& file, const LocalStorageMeta& meta) {
  write_file_atomic(file, local_storage_meta_to_json(meta), 0644);
}

}  // namespace tessera::paths
