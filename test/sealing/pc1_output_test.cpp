#include <catch2/catch.hpp>

#include <functional>
#include <nlohmann/json.hpp>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "sealing/porep/pc1_output.hpp"
#include "sealing/porep/replica_id.hpp"

using namespace tessera;
using namespace tessera::porep;

namespace {

Pc1Output sample() {
  Pc1Output out{.registered_proof = 5, .sector_number = 1, .actor_id = 1000};
  out.ticket.fill(1);
  out.comm_d.fill(9);
  out.replica_id = porep::replica_id(porep::prover_id_for(1000), 1, out.ticket, out.comm_d,
                                     porep::porep_id_for(5));
  return out;
}

std::string with_json_edit(const std::function<void(nlohmann::json&)>& edit) {
  auto j = nlohmann::json::parse(to_string(base64_decode(encode_pc1_output(sample()))));
  edit(j);
  return base64_encode(to_bytes(j.dump()));
}

}  // namespace

TEST_CASE("PC1 output record round-trips through base64 JSON", "[cli][bench]") {
  const auto decoded = decode_pc1_output(encode_pc1_output(sample()));
  CHECK(decoded.registered_proof == 5);
  CHECK(decoded.sector_number == 1);
  CHECK(decoded.actor_id == 1000);
  CHECK(decoded.ticket == sample().ticket);
  CHECK(decoded.comm_d == sample().comm_d);
  CHECK(decoded.replica_id == sample().replica_id);
}

TEST_CASE("PC1 output record refuses malformed or inconsistent input", "[cli][bench]") {
  CHECK_THROWS_AS(decode_pc1_output("not base64!"), InvalidInput);
  CHECK_THROWS_WITH(decode_pc1_output(base64_encode(to_bytes("{"))), Catch::Contains("not JSON"));
  CHECK_THROWS_AS(decode_pc1_output(with_json_edit([](auto& j) { j.erase("ticket"); })),
                  InvalidInput);
  CHECK_THROWS_AS(decode_pc1_output(with_json_edit([](auto& j) { j["x"] = 1; })), InvalidInput);
  CHECK_THROWS_AS(decode_pc1_output(with_json_edit([](auto& j) { j["registered_proof"] = 77; })),
                  InvalidInput);
  CHECK_THROWS_AS(decode_pc1_output(with_json_edit([](auto& j) { j["actor_id"] = -3; })),
                  InvalidInput);
  CHECK_THROWS_AS(decode_pc1_output(with_json_edit([](auto& j) { j["comm_d"] = "00"; })),
                  InvalidInput);
  CHECK_THROWS_WITH(decode_pc1_output(with_json_edit([](auto& j) { j["sector_number"] = 2; })),
                    Catch::Contains("replica_id does not follow"));
}
