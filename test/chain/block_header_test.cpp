#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "chain/types/block_header.hpp"
#include "common/error.hpp"

using namespace tessera;
using namespace tessera::chain;
using nlohmann::json;

namespace {

// A real mainnet tipset (height 4,863,283): the example lotus ships for Filecoin.ChainHead in
// build/openrpc/full.json. Its "Cids" entry is the block's CID as lotus computed it.
const char* const kMainnetChainHead =
    R"({"Cids":[{"/":"bafy2bzacedo7hjsumaajt6sbor42qycvjyk6goqe4oi4o4ddsjxkdeqrqf42c"}],"Blocks":[{"Miner":)"
    R"("f01938223","Ticket":{"VRFProof":"rIPyBy+F827Szc5oN/6ylCmpzxfAWr7aI5F4YJrN4pLSyknkcJI3ivsCo2KKjQVZFR)"
    R"(nFyEus1maD5LdzQpnFRKMla4138qEuML+Ne/fsgOMrUEAeL34ceVwJd+Mt4Jrz"},"ElectionProof":{"WinCount":1,"VRFP)"
    R"(roof":"sN51JqjZNf+xWxwoo+wlMH1bpXI9T3wUIrla6FpwTxU4jC1z+ab5NFU/B2ZdDITTE+u8qaiibtLkld5lhNcOEOUqwKNyJ)"
    R"(4nwFo5vAhWqvOTNdOiZmxsKpWG0NZUoXb/+"},"BeaconEntries":[{"Round":17133822,"Data":"tH4q8euIaP9/QRJt8AL)"
    R"(fkBvttSmQ/DOAt8+37wGGV5f8kkhzEFrHhskitNnPS70j"},{"Round":17133832,"Data":"uQD5cEn8U69+sPjpccT8Bm0jVr)"
    R"(nXLScf2jBkLJNHvAHLA6tPsZDREzpBIckpVvPy"}],"WinPoStProof":[{"PoStProof":3,"ProofBytes":"qOPLMhMui8qm/)"
    R"(rE2y/UceyBDv5JvRCH5Fc5Ul+kuN190XDcMme5eKURUCmE2sN1HoQ2dMZX+xNZY351dbG93H/tUr6wuNhkvmemi2Xi62YvqU36/k)"
    R"(Jh+K2YBiW7h/4LXCUTP/6XAOONOPl+j9GqS7RQxruPLfIyehvzVC0C8dB8+SVWtAnRKRPUUOPJvyHKejlrCyzWXOz/I7JG2/qEGL)"
    R"(D0xwazBVwML1vVvuE5NzXeOoQGlnB2PwSRb5Cn8FH8Q"}],"Parents":[{"/":"bafy2bzaceba2kdmysmi5ieugzvv5np7f2lo)"
    R"(bayzpvtk777du74n7jq6xhynda"},{"/":"bafy2bzacecrye24tkqrvvddcf62gfi4z4o33z2tdedbpaalordozaxfrz2jyi"},)"
    R"({"/":"bafy2bzaceab5mrohjvnp3mz7mo33ky7qqlmssrs7veqmjrgouafxyhnd5dy66"}],"ParentWeight":"116013147118)"
    R"(","Height":4863283,"ParentStateRoot":{"/":"bafy2bzaceajxzsvzuq3ddzxfrs2jlaxsooqmgdy5uxbqujnjy3y56ium)"
    R"(zzy7u"},"ParentMessageReceipts":{"/":"bafy2bzacecfcx2ykqucyv3gkyrcy3upwrvdraz3ktfg7phkqysefdwsggglac)"
    R"("},"Messages":{"/":"bafy2bzacebzofmh6migvc4v6qsme6vuxlhi6pv2ocy4apyic3uihjqm7dum3u"},"BLSAggregate":)"
    R"({"Type":2,"Data":"krFATGA0OBu/kFwtXsThVtKCkppnU7045uTURCeiOeJttxuXfx3wqJrLkCytnJFWFLVC+tiVWI4BxC3wqc)"
    R"(9r6eAlNr9dEBx+3KwML/RFG/b5grmknLpGWn7g1EB/2T4y"},"Timestamp":1744204890,"BlockSig":{"Type":2,"Data":)"
    R"("pWiUr+M8xxTxLED7GuU586gSfZCaHyLbLj0uS0HhKYRtHuyG47fIrfIT/04OCmQvEXBD8pFraWbMc3tnFrSsM1mIBJ5M38UPUfX)"
    R"(DSspo+QGdouo2kll2X+VNKY3ajb1K"},"ForkSignaling":0,"ParentBaseFee":"20592036"}],"Height":4863283})";

}  // namespace

TEST_CASE("a real mainnet block header hashes to lotus's CID", "[block]") {
  const auto j = json::parse(kMainnetChainHead);
  const auto tipset = TipSet::from_json(j);  // checks "Cids" against the computed block CIDs
  REQUIRE(tipset.blocks.size() == 1);
  const auto& block = tipset.blocks[0];
  CHECK(block.cid().to_string() ==
        "bafy2bzacedo7hjsumaajt6sbor42qycvjyk6goqe4oi4o4ddsjxkdeqrqf42c");
  CHECK(block.height == 4863283);
  CHECK(block.miner.to_string() == "f01938223");
  CHECK(block.parents.size() == 3);
  CHECK(tipset.height() == 4863283);
  CHECK(BlockHeader::from_cbor(block.to_cbor()) == block);
  CHECK(tipset.to_json() == j);  // the JSON form round-trips exactly
}

TEST_CASE("malformed block headers and tipsets are refused", "[block]") {
  auto j = json::parse(kMainnetChainHead);
  auto wrong_cid = j;
  wrong_cid["Blocks"][0]["Timestamp"] = 1744204891;
  CHECK_THROWS_WITH(TipSet::from_json(wrong_cid), Catch::Contains("do not match"));
  auto missing = j;
  missing["Blocks"][0].erase("ParentBaseFee");
  CHECK_THROWS_AS(TipSet::from_json(missing), InvalidInput);
  auto mistyped = j;
  mistyped["Blocks"][0]["Height"] = "tall";
  CHECK_THROWS_AS(TipSet::from_json(mistyped), InvalidInput);
  auto empty = j;
  empty["Blocks"] = json::array();
  CHECK_THROWS_AS(TipSet::from_json(empty), InvalidInput);

  auto cbor = TipSet::from_json(j).blocks[0].to_cbor();
  CHECK_THROWS_AS(BlockHeader::from_cbor(Bytes(cbor.begin(), cbor.end() - 1)), InvalidInput);
  cbor[0] = 0x8f;  // 15 fields
  CHECK_THROWS_AS(BlockHeader::from_cbor(cbor), InvalidInput);
}
