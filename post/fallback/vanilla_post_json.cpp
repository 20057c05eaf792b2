#include "post/fallback/vanilla_post_json.hpp"

#include <nlohmann/json.hpp>

#include "common/json_fields.hpp"
#include "crypto/inclusion_proof_json.hpp"

namespace tessera::post {

nlohmann::json post_proofs_to_json(const std::vector<SectorPostProof>& proofs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : proofs) {
    nlohmann::json openings = nlohmann::json::array();
    for (const auto& o : p.inclusion_proofs) openings.push_back(crypto::inclusion_proof_to_json(o));
    out.push_back({{"sector_number", p.sector_number},
                   {"comm_c", json_fields::hex(p.comm_c)},
                   {"comm_r_last", json_fields::hex(p.comm_r_last)},
                   {"inclusion_proofs", std::move(openings)}});
  }
  return out;
}

std::vector<SectorPostProof> post_proofs_from_json(const nlohmann::json& json) {
  std::vector<SectorPostProof> out;
  const auto& list = json_fields::array(json, "post proofs");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = "post proofs[" + std::to_string(i) + "]";
    json_fields::exact_object(list[i], where,
                              {"sector_number", "comm_c", "comm_r_last", "inclusion_proofs"});
    SectorPostProof p;
    p.sector_number = json_fields::u64(list[i]["sector_number"], where + ".sector_number");
    p.comm_c = json_fields::digest(list[i]["comm_c"], where + ".comm_c");
    p.comm_r_last = json_fields::digest(list[i]["comm_r_last"], where + ".comm_r_last");
    const auto& openings =
        json_fields::array(list[i]["inclusion_proofs"], where + ".inclusion_proofs");
    for (std::size_t k = 0; k < openings.size(); ++k)
      p.inclusion_proofs.push_back(crypto::inclusion_proof_from_json(
          openings[k], where + ".inclusion_proofs[" + std::to_string(k) + "]"));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace tessera::post
