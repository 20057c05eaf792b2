#include "storage/index/index_api.hpp"

#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::paths {

using nlohmann::json;

json to_json(const HealthReport& report) {
  return json{{"Stat", to_json(report.stat)}, {"Err", report.error}};
}

HealthReport health_report_from_json(const json& j) {
  const auto err = j.is_object() ? j.find("Err") : j.end();
  return HealthReport{
      fs_stat_from_json(json_fields::field(j, "health", "Stat")),
      err == j.end() || err->is_null() ? std::string() : json_fields::text(*err, "health.Err")};
}

json to_json(PathType type) {
  return type == PathType::kSealing ? "sealing" : "storage";
}

PathType path_type_from_json(const json& j) {
  const std::string t = json_fields::text(j, "path type");
  if (t != "sealing" && t != "storage")
    throw InvalidInput("path type must be \"sealing\" or \"storage\", got \"" + t + "\"");
  return t == "sealing" ? PathType::kSealing : PathType::kStorage;
}

SectorStorageInfo sector_storage_info_from_json(const json& j) {
  const std::string where = "sector storage info";
  const auto strings = [&](const char* name) {
    return api::Codec<std::vector<std::string>>::decode(json_fields::field(j, where, name));
  };
  const auto flag = [&](const char* name) {
    return api::Codec<bool>::decode(json_fields::field(j, where, name));
  };
  return SectorStorageInfo{
      json_fields::text(json_fields::field(j, where, "ID"), where + ".ID"),
      strings("URLs"),
      strings("BaseURLs"),
      json_fields::u64(json_fields::field(j, where, "Weight"), where + ".Weight"),
      flag("CanSeal"),
      flag("CanStore"),
      flag("Primary"),
      strings("AllowTypes"),
      strings("DenyTypes")};
}

}  // namespace tessera::paths
