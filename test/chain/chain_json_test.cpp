#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "chain/types/chain_json.hpp"
#include "common/error.hpp"
#include "test/support/oracle_messages.hpp"

using namespace tessera;
using namespace tessera::chain;
using nlohmann::json;

// Field names and forms: lotus build/openrpc/full.json, example of Filecoin.ChainGetMessage
// ("Value": "0", "GasLimit": 9, "Params": "Ynl0ZSBhcnJheQ==", "CID": {"/": …}).
TEST_CASE("messages in lotus's JSON form", "[chain_json]") {
  const auto m = test::oracle_message_m2();
  const auto j = message_to_json(m);
  CHECK(j["To"] == "f01000");
  CHECK(j["Value"] == "1000000000000000000");
  CHECK(j["GasLimit"] == 1000000);
  CHECK(j["Params"] == "ggEC");  // base64 of 0x820102
  CHECK(j["CID"]["/"] == "bafy2bzaceb3wxmhj7uoqziuw3tsfvbpxfbcu2sbpblz2w44exa6v6qjbupn3g");
  CHECK(message_from_json(j) == m);
  CHECK(message_to_json(m, Network::kTestnet)["To"] == "t01000");
  CHECK(message_to_json(Message{})["Params"].is_null());

  auto wrong_cid = j;
  wrong_cid["Nonce"] = 43;
  CHECK_THROWS_WITH(message_from_json(wrong_cid), Catch::Contains("CID does not match"));
  auto missing = j;
  missing.erase("GasPremium");
  CHECK_THROWS_WITH(message_from_json(missing), Catch::Contains("GasPremium"));
  auto negative = j;
  negative["Nonce"] = -1;
  CHECK_THROWS_AS(message_from_json(negative), InvalidInput);
  auto huge = j;
  huge["GasLimit"] = std::uint64_t{1} << 63;
  CHECK_THROWS_AS(message_from_json(huge), InvalidInput);
  auto bad_value = j;
  bad_value["Value"] = 5;
  CHECK_THROWS_AS(message_from_json(bad_value), InvalidInput);
}

TEST_CASE("signed messages in lotus's JSON form", "[chain_json]") {
  const Message m = test::oracle_message_m1();
  Bytes sk(32, 0);
  sk[31] = 1;
  SignedMessage s{m, sign_message(m, SignatureType::kSecp256k1, sk)};
  const auto j = signed_message_to_json(s);
  CHECK(j["Signature"]["Type"] == 1);
  CHECK(j["CID"]["/"] == s.cid().to_string());
  const auto back = signed_message_from_json(j);
  CHECK(back.message == m);
  CHECK(back.signature == s.signature);
  auto bad_type = j;
  bad_type["Signature"]["Type"] = 3;
  CHECK_THROWS_AS(signed_message_from_json(bad_type), InvalidInput);
  CHECK_THROWS_AS(cid_from_json(json{{"/", 5}}), InvalidInput);
  CHECK_THROWS_AS(bytes_from_json(json(5)), InvalidInput);
}
