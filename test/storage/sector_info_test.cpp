#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/cbor/cbor.hpp"
#include "common/cid/cid.hpp"
#include "common/error.hpp"
#include "storage/datastore/sector_info.hpp"

using namespace tessera;
using namespace tessera::datastore;

namespace {

// reference/lotus-compat.md §2.2: the keys of a v1.23.3 record in the order cbor-gen writes them.
const std::vector<std::string> kCanonicalKeys = {"Log",
                                                 "CommD",
                                                 "CommR",
                                                 "Proof",
                                                 "State",
                                                 "Pieces",
                                                 "Return",
                                                 "LastErr",
                                                 "CCPieces",
                                                 "CCUpdate",
                                                 "SeedEpoch",
                                                 "SeedValue",
                                                 "SectorType",
                                                 "TicketEpoch",
                                                 "TicketValue",
                                                 "CreationTime",
                                                 "SectorNumber",
                                                 "TerminatedAt",
                                                 "UpdateSealed",
                                                 "CommitMessage",
                                                 "InvalidProofs",
                                                 "PreCommit1Out",
                                                 "FaultReportMsg",
                                                 "UpdateUnsealed",
                                                 "PreCommit2Fails",
                                                 "PreCommitTipSet",
                                                 "RemoteDataCache",
                                                 "PreCommitDeposit",
                                                 "PreCommitMessage",
                                                 "RemoteDataSealed",
                                                 "TerminateMessage",
                                                 "RemoteDataUnsealed",
                                                 "ReplicaUpdateProof",
                                                 "RemoteDataFinalized",
                                                 "ReplicaUpdateMessage",
                                                 "RemoteCommit1Endpoint",
                                                 "RemoteCommit2Endpoint",
                                                 "RemoteSealingDoneEndpoint"};

cid::Cid message_cid(std::uint8_t fill) {
  return cid::Cid{cid::kCodecDagCbor, cid::kMhBlake2b256, Bytes(32, fill)};
}

cbor::Value deal_info() {
  cbor::Map schedule{{cbor::Value::text("StartEpoch"), cbor::Value::uint(100)},
                     {cbor::Value::text("EndEpoch"), cbor::Value::uint(200)}};
  cbor::Map info{{cbor::Value::text("DealID"), cbor::Value::uint(77)},
                 {cbor::Value::text("PublishCid"), cbor::Value::cid(message_cid(9))},
                 {cbor::Value::text("DealSchedule"), cbor::Value::map(schedule)},
                 {cbor::Value::text("DealProposal"), cbor::Value::null()},
                 {cbor::Value::text("KeepUnsealed"), cbor::Value::boolean(true)}};
  return cbor::Value::map(info);
}

SectorInfo full_record() {
  SectorInfo info;
  info.state = "Proving";
  info.sector_number = 12;
  info.sector_type = 8;
  info.creation_time = 1700000000;
  info.pieces.push_back({34359738368ULL, cid::commitment_unsealed_cid(Bytes(32, 0x11)), {}});
  info.pieces.push_back({2048, cid::commitment_unsealed_cid(Bytes(32, 0x12)), deal_info()});
  info.ticket_value = Bytes(32, 1);
  info.ticket_epoch = -5;
  info.pre_commit1_out = to_bytes("{\"registered_proof\":\"StackedDrg2KiBV1_1\"}");
  info.comm_d = cid::commitment_unsealed_cid(Bytes(32, 0x21));
  info.comm_r = cid::commitment_sealed_cid(Bytes(32, 0x22));
  info.proof = Bytes(192, 0x33);
  info.pre_commit_deposit = hex_decode("000de0b6b3a7640000");  // 1 FIL, oracles.md §7
  info.pre_commit_message = message_cid(1);
  info.pre_commit_tipset = message_cid(2).to_bytes();
  info.pre_commit2_fails = 2;
  info.seed_value = Bytes(32, 4);
  info.seed_epoch = 4000;
  info.commit_message = message_cid(3);
  info.invalid_proofs = 1;
  info.cc_update = true;
  info.cc_pieces = info.pieces;
  info.update_sealed = cid::commitment_sealed_cid(Bytes(32, 0x44));
  info.update_unsealed = cid::commitment_unsealed_cid(Bytes(32, 0x45));
  info.replica_update_proof = Bytes{1, 2, 3};
  info.replica_update_message = message_cid(5);
  info.fault_report_msg = message_cid(6);
  info.return_state = "CommitFailed";
  info.terminate_message = message_cid(7);
  info.terminated_at = 99;
  info.remote_data_sealed = cbor::Value::map(
      {{cbor::Value::text("Local"), cbor::Value::boolean(false)},
       {cbor::Value::text("URL"), cbor::Value::text("http://10.0.0.2:2345/sealed")},
       {cbor::Value::text("Headers"), cbor::Value::null()}});
  info.remote_commit1_endpoint = "http://c1";
  info.remote_commit2_endpoint = "http://c2";
  info.remote_sealing_done_endpoint = "http://done";
  info.remote_data_finalized = true;
  info.last_err = "boom";
  info.log.push_back({"event;sealing.SectorStartCC", 1700000001, "", "{}"});
  info.log.push_back({"error;sealing.SectorSealPreCommit1Failed", 1700000002, "trace", "e"});
  return info;
}

std::vector<std::string> keys_of(const Bytes& record) {
  std::vector<std::string> keys;
  const auto value = cbor::decode(record);
  for (const auto& [k, v] : value.as_map()) keys.push_back(k.as_text());
  return keys;
}

}  // namespace

TEST_CASE("SectorInfo round trip in lotus v1.23 canonical key order", "[cbor][sectorinfo]") {
  const auto info = full_record();
  const auto bytes = encode_sector_info(info);
  CHECK(bytes[0] == 0xb8);  // map, 38 entries
  CHECK(bytes[1] == 0x26);
  CHECK(keys_of(bytes) == kCanonicalKeys);
  CHECK(cbor::canonical_key_order(kCanonicalKeys) == kCanonicalKeys);
  const auto back = decode_sector_info(bytes);
  CHECK(back == info);
  CHECK(back.pieces[1].deal_info.find("DealID")->as_uint() == 77);
  CHECK(back.ticket_epoch == -5);
  CHECK(encode_sector_info(back) == bytes);
}

TEST_CASE("empty SectorInfo encodes like cbor-gen's zero value", "[cbor][sectorinfo]") {
  const auto bytes = encode_sector_info(SectorInfo{});
  // b826, "Log": [], "CommD": null, "CommR": null, "Proof": h'', "State": "", "Pieces": [] ...
  const std::string prefix =
      "b826634c6f678065436f6d6d44f665436f6d6d52f66550726f6f6640655374617465606650696563657380";
  CHECK(hex_encode(bytes).substr(0, prefix.size()) == prefix);
  const auto v = cbor::decode(bytes);
  CHECK(v.find("PreCommitDeposit")->as_bytes().empty());  // Go big.Int zero = h''
  CHECK(v.find("RemoteDataCache")->is_null());
  CHECK(v.find("CCUpdate")->as_bool() == false);
  CHECK(decode_sector_info(bytes) == SectorInfo{});
}

// lotus v1.13.2 (extern/storage-sealing/cbor_gen.go) writes 26 keys in declaration order,
// including PreCommitInfo, which later versions dropped (reference/lotus-compat.md §2.2).
TEST_CASE("SectorInfo from a v1.13.2 declaration-order record", "[cbor][sectorinfo]") {
  const auto comm_r = cid::commitment_sealed_cid(Bytes(32, 0x22));
  cbor::Writer w;
  w.write_map_header(26);
  w.write_text("State");
  w.write_text("WaitSeed");
  w.write_text("SectorNumber");
  w.write_uint(3);
  w.write_text("SectorType");
  w.write_int(5);
  w.write_text("CreationTime");
  w.write_int(1630000000);
  w.write_text("Pieces");
  w.write_array_header(1);
  w.write_map_header(2);
  w.write_text("Piece");
  w.write_array_header(2);
  w.write_uint(2048);
  w.write_cid(cid::commitment_unsealed_cid(Bytes(32, 0x11)));
  w.write_text("DealInfo");
  w.write_null();
  w.write_text("TicketValue");
  w.write_bytes(Bytes(32, 7));
  w.write_text("TicketEpoch");
  w.write_int(1000);
  w.write_text("PreCommit1Out");
  w.write_bytes(to_bytes("{}"));
  w.write_text("CommD");
  w.write_cid(cid::commitment_unsealed_cid(Bytes(32, 0x21)));
  w.write_text("CommR");
  w.write_cid(comm_r);
  w.write_text("Proof");
  w.write_bytes(Bytes{});
  w.write_text("PreCommitInfo");  // *miner.SectorPreCommitInfo tuple
  w.write_array_header(10);
  w.write_int(5);
  w.write_uint(3);
  w.write_cid(comm_r);
  w.write_int(1000);
  w.write_array_header(0);
  w.write_int(500000);
  w.write_bool(false);
  w.write_bytes(Bytes{});
  w.write_int(0);
  w.write_int(0);
  w.write_text("PreCommitDeposit");
  w.write_bytes(hex_decode("0003e8"));
  w.write_text("PreCommitMessage");
  w.write_cid(message_cid(1));
  w.write_text("PreCommitTipSet");
  w.write_bytes(message_cid(2).to_bytes());
  w.write_text("PreCommit2Fails");
  w.write_uint(0);
  w.write_text("SeedValue");
  w.write_bytes(Bytes{});
  w.write_text("SeedEpoch");
  w.write_int(0);
  w.write_text("CommitMessage");
  w.write_null();
  w.write_text("InvalidProofs");
  w.write_uint(0);
  w.write_text("FaultReportMsg");
  w.write_null();
  w.write_text("Return");
  w.write_text("");
  w.write_text("TerminateMessage");
  w.write_null();
  w.write_text("TerminatedAt");
  w.write_int(0);
  w.write_text("LastErr");
  w.write_text("");
  w.write_text("Log");
  w.write_array_header(1);
  w.write_map_header(4);  // v1.13 declaration order: Kind, Timestamp, Trace, Message
  w.write_text("Kind");
  w.write_text("event;sealing.SectorPreCommitted");
  w.write_text("Timestamp");
  w.write_uint(1630000100);
  w.write_text("Trace");
  w.write_text("");
  w.write_text("Message");
  w.write_text("{\"User\":{}}");
  REQUIRE(w.bytes()[0] == 0xb8);
  REQUIRE(w.bytes()[1] == 0x1a);

  const auto info = decode_sector_info(w.bytes());
  CHECK(info.state == "WaitSeed");
  CHECK(info.sector_number == 3);
  CHECK(info.sector_type == 5);
  CHECK(info.creation_time == 1630000000);
  REQUIRE(info.pieces.size() == 1);
  CHECK(info.pieces[0].size == 2048);
  CHECK(info.pieces[0].deal_info.is_null());
  CHECK(info.ticket_epoch == 1000);
  CHECK(info.comm_r == comm_r);
  CHECK(info.pre_commit_deposit == hex_decode("0003e8"));
  CHECK(info.pre_commit_message == message_cid(1));
  CHECK_FALSE(info.commit_message);
  REQUIRE(info.log.size() == 1);
  CHECK(info.log[0].timestamp == 1630000100);
  CHECK(info.log[0].message == "{\"User\":{}}");
  // Fields the old record lacks keep their defaults; re-encoding gives the v1.23 form.
  CHECK(info.remote_data_sealed.is_null());
  CHECK(keys_of(encode_sector_info(info)) == kCanonicalKeys);
}

TEST_CASE("SectorInfo: unknown keys skipped, wrong types and corruption refused",
          "[cbor][sectorinfo]") {
  cbor::Writer w;
  w.write_map_header(3);
  w.write_text("State");
  w.write_text("WaitSeed");
  w.write_text("PreCommit1Fails");  // added after v1.23
  w.write_array_header(1);
  w.write_uint(7);
  w.write_text("SectorNumber");
  w.write_uint(9);
  auto info = decode_sector_info(w.bytes());
  CHECK(info.state == "WaitSeed");
  CHECK(info.sector_number == 9);

  auto single = [](const char* key, void (*value)(cbor::Writer&)) {
    cbor::Writer b;
    b.write_map_header(1);
    b.write_text(key);
    value(b);
    return b.take();
  };
  CHECK_THROWS_WITH(
      decode_sector_info(single("SectorNumber", [](cbor::Writer& b) { b.write_text("nine"); })),
      Catch::Contains("SectorNumber"));
  CHECK_THROWS_WITH(
      decode_sector_info(single("CommR", [](cbor::Writer& b) { b.write_bytes(Bytes{1}); })),
      Catch::Contains("CommR"));
  CHECK_THROWS_WITH(decode_sector_info(single("Pieces", [](cbor::Writer& b) { b.write_uint(1); })),
                    Catch::Contains("Pieces"));
  CHECK_THROWS_WITH(decode_sector_info(single("Pieces",
                                              [](cbor::Writer& b) {
                                                b.write_array_header(1);
                                                b.write_map_header(0);
                                              })),
                    Catch::Contains("Pieces"));
  CHECK_THROWS_WITH(decode_sector_info(single("Log",
                                              [](cbor::Writer& b) {
                                                b.write_array_header(1);
                                                b.write_uint(0);
                                              })),
                    Catch::Contains("Log"));
  CHECK_THROWS_WITH(
      decode_sector_info(single("SectorType", [](cbor::Writer& b) { b.write_uint(UINT64_MAX); })),
      Catch::Contains("SectorType"));
  CHECK_THROWS_WITH(
      decode_sector_info(single("CCUpdate", [](cbor::Writer& b) { b.write_uint(1); })),
      Catch::Contains("CCUpdate"));

  auto truncated = w.bytes();
  truncated.pop_back();
  CHECK_THROWS_AS(decode_sector_info(truncated), InvalidInput);
  CHECK_THROWS_AS(decode_sector_info(Bytes{}), InvalidInput);
  CHECK_THROWS_AS(decode_sector_info(Bytes{0x01}), InvalidInput);
  CHECK_THROWS_AS(decode_sector_info(hex_decode("a10101")), InvalidInput);  // non-text key
  auto full = encode_sector_info(full_record());
  for (std::size_t cut = 0; cut < full.size(); cut += 7) {
    CHECK_THROWS_AS(decode_sector_info(Bytes(full.begin(), full.begin() + cut)), InvalidInput);
  }
}
