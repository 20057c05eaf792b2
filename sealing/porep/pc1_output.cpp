#include "sealing/porep/pc1_output.hpp"

#include <nlohmann/json.hpp>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/json_fields.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/replica_id.hpp"

namespace tessera::porep {
namespace {

crypto::Digest32 expected_replica_id(const Pc1Output& out) {
  return porep::replica_id(porep::prover_id_for(out.actor_id), out.sector_number, out.ticket,
                           out.comm_d,
                           porep::porep_id_for(static_cast<std::uint64_t>(out.registered_proof)));
}

}  // namespace

std::string encode_pc1_output(const Pc1Output& out) {
  const nlohmann::json j = {{"registered_proof", out.registered_proof},
                            {"sector_number", out.sector_number},
                            {"actor_id", out.actor_id},
                            {"ticket", json_fields::hex(out.ticket)},
                            {"comm_d", json_fields::hex(out.comm_d)},
                            {"replica_id", json_fields::hex(out.replica_id)}};
  return base64_encode(to_bytes(j.dump()));
}

Pc1Output decode_pc1_output(std::string_view base64) {
  try {
    const auto j = nlohmann::json::parse(to_string(base64_decode(base64)), nullptr, false);
    if (j.is_discarded()) throw InvalidInput("not JSON");
    json_fields::exact_object(
        j, "top level",
        {"registered_proof", "sector_number", "actor_id", "ticket", "comm_d", "replica_id"});
    Pc1Output out;
    out.registered_proof = json_fields::i64(j["registered_proof"], "registered_proof");
    porep::seal_proof_info(out.registered_proof);
    out.sector_number = json_fields::u64(j["sector_number"], "sector_number");
    out.actor_id = json_fields::u64(j["actor_id"], "actor_id");
    out.ticket = json_fields::digest(j["ticket"], "ticket");
    out.comm_d = json_fields::digest(j["comm_d"], "comm_d");
    out.replica_id = json_fields::digest(j["replica_id"], "replica_id");
    if (out.replica_id != expected_replica_id(out)) {
      throw InvalidInput(
          "replica_id does not follow from the actor, sector number, ticket and comm_d");
    }
    return out;
  } catch (const InvalidInput& e) {
    throw InvalidInput(std::string("PreCommit1 output: ") + e.what());
  }
}

}  // namespace tessera::porep
