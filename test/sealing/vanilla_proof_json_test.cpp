#include <catch2/catch.hpp>

#include <functional>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "sealing/porep/seal_in_memory.hpp"
#include "sealing/porep/vanilla_proof_json.hpp"

using namespace tessera;
using namespace tessera::porep;
using nlohmann::json;

namespace {

struct SealedProof {
  PorepPublicInputs inputs;
  PorepVanillaProof proof;
};

// A real 2 KiB vanilla proof (zero data, ticket 0x01, seed 0x02).
const SealedProof& sealed_proof() {
  static const SealedProof s = [] {
    SealInputs seal;
    seal.ticket.fill(1);
    auto sealed = seal_in_memory(seal, Bytes(2048, 0));
    crypto::Digest32 seed;
    seed.fill(2);
    return SealedProof{
        {seal.registered_proof, sealed.replica_id, sealed.comm_d, sealed.comm_r, seed},
        prove_porep(seal.registered_proof, sealed, seed)};
  }();
  return s;
}

// The JSON text of the proof with one edit applied.
json edited(const std::function<void(json&)>& edit) {
  json j = vanilla_proof_to_json(sealed_proof().proof);
  edit(j);
  return j;
}

}  // namespace

TEST_CASE("vanilla PoRep proof JSON round-trips and still verifies", "[seal][json]") {
  const auto& s = sealed_proof();
  REQUIRE(verify_porep(s.inputs, s.proof));

  const json j = vanilla_proof_to_json(s.proof);
  const auto decoded = vanilla_proof_from_json(json::parse(j.dump()));
  CHECK(vanilla_proof_to_json(decoded) == j);
  CHECK(decoded.partitions.size() == s.proof.partitions.size());
  CHECK(decoded.comm_c == s.proof.comm_c);
  CHECK(verify_porep(s.inputs, decoded));

  const json inputs = public_inputs_to_json(s.inputs);
  const auto inputs_back = public_inputs_from_json(json::parse(inputs.dump()));
  CHECK(inputs_back.replica_id == s.inputs.replica_id);
  CHECK(inputs_back.comm_r == s.inputs.comm_r);
  CHECK(inputs_back.seed == s.inputs.seed);
  CHECK(verify_porep(inputs_back, decoded));
}

TEST_CASE("vanilla PoRep proof JSON refuses malformed input", "[seal][json]") {
  auto first_challenge = [](json& j) -> json& { return j["partitions"][0][0]; };
  const std::vector<std::pair<std::string, json>> bad = {
      {"not an object", json::array()},
      {"missing field", edited([](json& j) { j.erase("comm_c"); })},
      {"extra field", edited([](json& j) { j["extra"] = 1; })},
      {"unknown proof", edited([](json& j) { j["registered_proof"] = 42; })},
      {"proof as text", edited([](json& j) { j["registered_proof"] = "5"; })},
      {"short digest", edited([](json& j) { j["comm_r_last"] = "abcd"; })},
      {"non-hex digest", edited([](json& j) { j["comm_c"] = std::string(64, 'z'); })},
      {"partitions not an array", edited([](json& j) { j["partitions"] = json::object(); })},
      {"negative challenge", edited([&](json& j) { first_challenge(j)["challenge"] = -1; })},
      {"unknown tree hash",
       edited([&](json& j) { first_challenge(j)["comm_d_proof"]["hash"] = "blake2s"; })},
      {"path position past its level",
       edited([&](json& j) { first_challenge(j)["comm_r_last_proof"]["path"][0]["index"] = 8; })},
      {"level without siblings", edited([&](json& j) {
         first_challenge(j)["column"]["tree_c"]["path"][0]["siblings"] = json::array();
       })},
      {"label not a string",
       edited([&](json& j) { first_challenge(j)["drg_parents"][0]["labels"][0] = 7; })},
  };
  for (const auto& [what, j] : bad) {
    INFO(what);
    CHECK_THROWS_AS(vanilla_proof_from_json(j), InvalidInput);
  }
  CHECK_THROWS_WITH(vanilla_proof_from_json(edited([](json& j) { j.erase("comm_c"); })),
                    Catch::Contains("vanilla proof JSON") && Catch::Contains("comm_c"));

  json inputs = public_inputs_to_json(sealed_proof().inputs);
  inputs["seed"] = "01";
  CHECK_THROWS_AS(public_inputs_from_json(inputs), InvalidInput);
  CHECK_THROWS_AS(public_inputs_from_json(json(nullptr)), InvalidInput);
}

TEST_CASE("a well-formed but altered proof decodes and then fails verification", "[seal][json]") {
  auto j =
      edited([](json& j) { j["partitions"][0][0]["column"]["labels"][0] = std::string(64, '0'); });
  CHECK_FALSE(verify_porep(sealed_proof().inputs, vanilla_proof_from_json(j)));
}
