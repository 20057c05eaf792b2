#include "sealing/porep/vanilla_proof_json.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "common/error.hpp"
#include "common/json_fields.hpp"
#include "crypto/inclusion_proof_json.hpp"
#include "sealing/porep/proof_types.hpp"

namespace tessera::porep {
namespace {

using crypto::Digest32;
using nlohmann::json;

namespace fields = json_fields;

[[noreturn]] void fail(const std::string& where, const std::string& why) {
  throw InvalidInput(where + ": " + why);
}

std::int64_t registered_proof_at(const json& j, const std::string& where) {
  const auto id = fields::i64(j, where);
  try {
    seal_proof_info(id);
  } catch (const InvalidInput& e) {
    fail(where, e.what());
  }
  return id;
}

json column_to_json(const ColumnProof& c) {
  return {{"labels", crypto::digests_to_json(c.labels)}, {"tree_c", crypto::inclusion_proof_to_json(c.tree_c)}};
}

ColumnProof column_at(const json& j, const std::string& where) {
  fields::exact_object(j, where, {"labels", "tree_c"});
  return ColumnProof{crypto::digests_from_json(j["labels"], where + ".labels"),
                     crypto::inclusion_proof_from_json(j["tree_c"], where + ".tree_c")};
}

json columns_to_json(const std::vector<ColumnProof>& columns) {
  json out = json::array();
  for (const auto& c : columns) out.push_back(column_to_json(c));
  return out;
}

std::vector<ColumnProof> columns_at(const json& j, const std::string& where) {
  std::vector<ColumnProof> out;
  for (std::size_t i = 0; i < fields::array(j, where).size(); ++i) {
    out.push_back(column_at(j[i], where + "[" + std::to_string(i) + "]"));
  }
  return out;
}

json challenge_to_json(const ChallengeProof& c) {
  return {{"challenge", c.challenge},
          {"comm_d_proof", crypto::inclusion_proof_to_json(c.comm_d_proof)},
          {"comm_r_last_proof", crypto::inclusion_proof_to_json(c.comm_r_last_proof)},
          {"column", column_to_json(c.column)},
          {"drg_parents", columns_to_json(c.drg_parents)},
          {"exp_parents", columns_to_json(c.exp_parents)}};
}

ChallengeProof challenge_at(const json& j, const std::string& where) {
  fields::exact_object(
      j, where,
      {"challenge", "comm_d_proof", "comm_r_last_proof", "column", "drg_parents", "exp_parents"});
  ChallengeProof c;
  c.challenge = fields::u64(j["challenge"], where + ".challenge");
  c.comm_d_proof = crypto::inclusion_proof_from_json(j["comm_d_proof"], where + ".comm_d_proof");
  c.comm_r_last_proof = crypto::inclusion_proof_from_json(j["comm_r_last_proof"], where + ".comm_r_last_proof");
  c.column = column_at(j["column"], where + ".column");
  c.drg_parents = columns_at(j["drg_parents"], where + ".drg_parents");
  c.exp_parents = columns_at(j["exp_parents"], where + ".exp_parents");
  return c;
}

}  // namespace

nlohmann::json vanilla_proof_to_json(const PorepVanillaProof& proof) {
  json partitions = json::array();
  for (const auto& partition : proof.partitions) {
    json challenges = json::array();
    for (const auto& c : partition) challenges.push_back(challenge_to_json(c));
    partitions.push_back(std::move(challenges));
  }
  return {{"registered_proof", proof.registered_proof},
          {"comm_c", fields::hex(proof.comm_c)},
          {"comm_r_last", fields::hex(proof.comm_r_last)},
          {"partitions", std::move(partitions)}};
}

PorepVanillaProof vanilla_proof_from_json(const nlohmann::json& j) {
  try {
    fields::exact_object(j, "top level",
                         {"registered_proof", "comm_c", "comm_r_last", "partitions"});
    PorepVanillaProof proof;
    proof.registered_proof = registered_proof_at(j["registered_proof"], "registered_proof");
    proof.comm_c = fields::digest(j["comm_c"], "comm_c");
    proof.comm_r_last = fields::digest(j["comm_r_last"], "comm_r_last");
    const auto& partitions = fields::array(j["partitions"], "partitions");
    for (std::size_t k = 0; k < partitions.size(); ++k) {
      const std::string at = "partitions[" + std::to_string(k) + "]";
      std::vector<ChallengeProof> partition;
      for (std::size_t i = 0; i < fields::array(partitions[k], at).size(); ++i) {
        partition.push_back(challenge_at(partitions[k][i], at + "[" + std::to_string(i) + "]"));
      }
      proof.partitions.push_back(std::move(partition));
    }
    return proof;
  } catch (const InvalidInput& e) {
    throw InvalidInput(std::string("vanilla proof JSON: ") + e.what());
  }
}

nlohmann::json public_inputs_to_json(const PorepPublicInputs& inputs) {
  return {{"registered_proof", inputs.registered_proof},
          {"replica_id", fields::hex(inputs.replica_id)},
          {"comm_d", fields::hex(inputs.comm_d)},
          {"comm_r", fields::hex(inputs.comm_r)},
          {"seed", fields::hex(inputs.seed)}};
}

PorepPublicInputs public_inputs_from_json(const nlohmann::json& j) {
  try {
    fields::exact_object(j, "top level",
                         {"registered_proof", "replica_id", "comm_d", "comm_r", "seed"});
    return PorepPublicInputs{
        registered_proof_at(j["registered_proof"], "registered_proof"),
        fields::digest(j["replica_id"], "replica_id"), fields::digest(j["comm_d"], "comm_d"),
        fields::digest(j["comm_r"], "comm_r"), fields::digest(j["seed"], "seed")};
  } catch (const InvalidInput& e) {
    throw InvalidInput(std::string("PoRep public inputs JSON: ") + e.what());
  }
}

}  // namespace tessera::porep
