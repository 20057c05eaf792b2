#include "chain/types/tipset_key.hpp"

#include <nlohmann/json.hpp>

#include "common/error.hpp"

namespace tessera::chain {

Bytes TipSetKey::to_bytes() const {
  Bytes out;
  for (const auto& c : cids) {
    auto b = c.to_bytes();
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

TipSetKey TipSetKey::from_bytes(const Bytes& bytes) {
  TipSetKey key;
  for (std::size_t at = 0; at < bytes.size();)
    key.cids.push_back(cid::Cid::from_bytes_prefix(bytes, at));
  return key;
}

nlohmann::json TipSetKey::to_json() const {
  auto out = nlohmann::json::array();
  for (const auto& c : cids) out.push_back({{"/", c.to_string()}});
  return out;
}

TipSetKey TipSetKey::from_json(const nlohmann::json& json) {
  if (!json.is_array()) throw InvalidInput("tipset key: expected an array of CIDs");
  TipSetKey key;
  for (const auto& entry : json) {
    if (!entry.is_object() || entry.size() != 1 || !entry.contains("/") ||
        !entry["/"].is_string()) {
      throw InvalidInput("tipset key: expected {\"/\": cid}, got " + entry.dump());
    }
    key.cids.push_back(cid::Cid::parse(entry["/"].get<std::string>()));
  }
  return key;
}

std::string TipSetKey::to_string() const {
  std::string out = "{";
  for (std::size_t i = 0; i < cids.size(); ++i) out += (i ? "," : "") + cids[i].to_string();
  return out + "}";
}

}  // namespace tessera::chain
