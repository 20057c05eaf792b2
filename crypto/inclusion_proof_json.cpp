#include "crypto/inclusion_proof_json.hpp"

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::crypto {
namespace {

using nlohmann::json;
namespace fields = json_fields;

[[noreturn]] void fail(const std::string& where, const std::string& why) {
  throw InvalidInput(where + ": " + why);
}

}  // namespace

json digests_to_json(const std::vector<Digest32>& digests) {
  json out = json::array();
  for (const auto& d : digests) out.push_back(fields::hex(d));
  return out;
}

std::vector<Digest32> digests_from_json(const json& j, const std::string& where) {
  std::vector<Digest32> out;
  for (std::size_t i = 0; i < fields::array(j, where).size(); ++i) {
    out.push_back(fields::digest(j[i], where + "[" + std::to_string(i) + "]"));
  }
  return out;
}

json inclusion_proof_to_json(const InclusionProof& p) {
  json path = json::array();
  for (const auto& level : p.path)
    path.push_back({{"siblings", digests_to_json(level.siblings)}, {"index", level.index}});
  return {{"hash", p.hash == TreeHash::kSha256 ? "sha256" : "poseidon"},
          {"leaf", fields::hex(p.leaf)},
          {"leaf_index", p.leaf_index},
          {"path", std::move(path)}};
}

InclusionProof inclusion_proof_from_json(const json& j, const std::string& where) {
  fields::exact_object(j, where, {"hash", "leaf", "leaf_index", "path"});
  InclusionProof p;
  const auto& hash = j["hash"];
  if (hash == "sha256") {
    p.hash = TreeHash::kSha256;
  } else if (hash == "poseidon") {
    p.hash = TreeHash::kPoseidon;
  } else {
    fail(where + ".hash", "expected \"sha256\" or \"poseidon\"");
  }
  p.leaf = fields::digest(j["leaf"], where + ".leaf");
  p.leaf_index = fields::u64(j["leaf_index"], where + ".leaf_index");
  const auto& path = fields::array(j["path"], where + ".path");
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string at = where + ".path[" + std::to_string(i) + "]";
    fields::exact_object(path[i], at, {"siblings", "index"});
    ProofLevel level;
    level.siblings = digests_from_json(path[i]["siblings"], at + ".siblings");
    if (level.siblings.empty()) fail(at + ".siblings", "a level needs at least one sibling");
    const auto index = fields::u64(path[i]["index"], at + ".index");
    if (index > level.siblings.size()) fail(at + ".index", "position outside the level");
    level.index = static_cast<std::size_t>(index);
    p.path.push_back(std::move(level));
  }
  return p;
}

}  // namespace tessera::crypto
