// storage.json (lotus storiface.StorageConfig; written by node/config/storage.go).
#include "storage/paths/storage_config.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/file_util.hpp"

namespace tessera::paths {

std::string storage_config_to_json(const StorageConfig& config) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (config.storage_paths.empty()) {
    j["StoragePaths"] = nullptr;  // a nil Go slice
  } else {
    j["StoragePaths"] = nlohmann::ordered_json::array();
    for (const std::string& p : config.storage_paths) {
      nlohmann::ordered_json e = nlohmann::ordered_json::object();
      e["Path"] = p;
      j["StoragePaths"].push_back(std::move(e));
    }
  }
  return j.dump(2);
}

StorageConfig storage_config_from_json(std::string_view json, std::string_view origin) {
  auto fail = [&](const std::string& why) -> StorageConfig {
    throw InvalidInput("invalid storage config " + std::string(origin) + ": " + why);
  };
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded()) return fail("invalid JSON");
  if (!j.is_object()) return fail("expected a JSON object");
  StorageConfig out;
  for (const auto& [k, v] : j.items()) {
    if (k != "StoragePaths") continue;
    if (v.is_null()) continue;
    if (!v.is_array()) return fail("StoragePaths: expected an array");
    for (const auto& e : v) {
      if (e.is_null()) {
        out.storage_paths.emplace_back();
        continue;
      }
      if (!e.is_object()) return fail("StoragePaths: expected objects");
      std::string path;
      auto it = e.find("Path");
      if (it != e.end() && !it->is_null()) {
        if (!it->is_string()) return fail("StoragePaths: Path must be a string");
        path = it->get<std::string>();
      }
      out.storage_paths.push_back(std::move(path));
    }
  }
  return out;
}

StorageConfig read_storage_config(const std::filesystem::path& file) {
  std::optional<std::string> text = read_file_if_exists(file);
  if (!text) throw NotFound("storage config " + file.string() + " does not exist");
  return storage_config_from_json(*text, file.string());
}

void write_storage_config(const std::filesystem::path& file, const StorageConfig& config) {
  write_file_atomic(file, storage_config_to_json(config), 0644);
}

bool add_storage_path(const std::filesystem::path& file, const std::string& path) {
  StorageConfig cfg;
  try {
    cfg = read_storage_config(file);
  } catch (const NotFound&) {
    // lotus SetStorage starts from an empty config when the file is missing.
  }
  if (std::find(cfg.storage_paths.begin(), cfg.storage_paths.end(), path) !=
      cfg.storage_paths.end()) {
    return false;
  }
  cfg.storage_paths.push_back(path);
  write_storage_config(file, cfg);
  return true;
}

}  // namespace tessera::paths
