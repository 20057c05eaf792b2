#include "common/api/common_api.hpp"

#include "common/json_fields.hpp"

namespace tessera::api {

nlohmann::json to_json(const VersionInfo& info) {
  return {{"Version", info.version},
          {"APIVersion", info.api_version},
          {"BlockDelay", info.block_delay}};
}

VersionInfo version_info_from_json(const nlohmann::json& j) {
  const std::string where = "version";
  const auto api_version =
      json_fields::u64(json_fields::field(j, where, "APIVersion"), where + ".APIVersion");
  if (api_version > UINT32_MAX) throw InvalidInput("version.APIVersion exceeds 32 bits");
  return VersionInfo{
      json_fields::text(json_fields::field(j, where, "Version"), where + ".Version"),
      static_cast<std::uint32_t>(api_version),
      json_fields::u64(json_fields::field(j, where, "BlockDelay"), where + ".BlockDelay")};
}

}  // namespace tessera::api
