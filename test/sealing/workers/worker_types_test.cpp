// The worker protocol's values against lotus's JSON: the request and response examples of lotus
// v1.23.3 documentation/en/api-v0-methods-worker.md and api-v0-methods-miner.md (quoted below),
// CallID's string form (storiface/worker.go CallID.String) and rpcenc's null reader
// (lib/rpcenc/reader.go: ReaderStream{Type: "null", Info: fmt.Sprint(n)}).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "sealing/workers/worker_types.hpp"

using namespace tessera;
using namespace tessera::workers;
using nlohmann::json;

namespace {

// The CID every example in lotus's API docs uses.
constexpr const char* kDocCid = "bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4";

template <class T>
T round_trip(const json& j) {
  const T value = api::Codec<T>::decode(j);
  CHECK(api::Codec<T>::encode(value) == j);
  return value;
}

}  // namespace

TEST_CASE("SectorRef and CallID match lotus's docs", "[workers]") {
  // api-v0-methods-worker.md, FinalizeSector: Inputs[0] and its Response.
  const auto ref = round_trip<SectorRef>(json::parse(R"({
    "ID": {"Miner": 1000, "Number": 9},
    "ProofType": 8
  })"));
  CHECK(ref == SectorRef{{1000, 9}, 8});
  const auto call = round_trip<CallId>(json::parse(R"({
    "Sector": {"Miner": 1000, "Number": 9},
    "ID": "07070707-0707-0707-0707-070707070707"
  })"));
  CHECK(call.sector == paths::SectorId{1000, 9});
  CHECK(call.id == "07070707-0707-0707-0707-070707070707");
  CHECK(to_string(call) == "1000-9-07070707-0707-0707-0707-070707070707");
  // lotus's UndefCall.
  CHECK(to_string(CallId{}) == "0-0-00000000-0000-0000-0000-000000000000");
}

TEST_CASE("bad SectorRef and CallID input is InvalidInput naming the field", "[workers]") {
  CHECK_THROWS_WITH(sector_ref_from_json(json::parse(R"({"ID":{"Miner":1,"Number":2}})")),
                    Catch::Contains("ProofType"));
  CHECK_THROWS_WITH(
      sector_ref_from_json(json::parse(R"({"ID":{"Miner":1,"Number":"2"},"ProofType":8})")),
      Catch::Contains("SectorRef.ID.Number"));
  CHECK_THROWS_WITH(
      sector_ref_from_json(json::parse(R"({"ID":{"Miner":1,"Number":2},"ProofType":"8"})")),
      Catch::Contains("SectorRef.ProofType"));
  CHECK_THROWS_AS(sector_ref_from_json(json::array()), InvalidInput);
  CHECK_THROWS_WITH(
      call_id_from_json(json::parse(R"({"Sector":{"Miner":1,"Number":2},"ID":"not-a-uuid"})")),
      Catch::Contains("CallID.ID"));
  CHECK_THROWS_AS(
      call_id_from_json(json::parse(
          R"({"Sector":{"Miner":1,"Number":2},"ID":"07070707x0707-0707-0707-070707070707"})")),
      InvalidInput);
}

TEST_CASE("PieceInfo, SectorCids, Range and StoragePath match lotus's docs", "[workers]") {
  // api-v0-methods-worker.md, SealCommit1 Inputs[3][0] and Inputs[4].
  const auto piece = round_trip<PieceInfo>(
      json::parse(std::string(R"({"Size": 1032, "PieceCID": {"/": ")") + kDocCid + "\"}}"));
  CHECK(piece.size == 1032);
  CHECK(piece.piece_cid.to_string() == kDocCid);
  const auto cids =
      round_trip<SectorCids>(json::parse(std::string(R"({"Unsealed": {"/": ")") + kDocCid +
                                         R"("}, "Sealed": {"/": ")" + kDocCid + "\"}}"));
  CHECK(cids.sealed == cids.unsealed);
  // ReleaseUnsealed Inputs[1][0].
  CHECK(round_trip<Range>(json::parse(R"({"Offset": 1024, "Size": 1024})")) == Range{1024, 1024});
  // Paths Response[0].
  const auto path = round_trip<StoragePath>(json::parse(R"({
    "ID": "76f1988b-ef30-4d7e-b3ec-9a627f4ba5a8",
    "Weight": 42,
    "LocalPath": "string value",
    "CanSeal": true,
    "CanStore": true
  })"));
  CHECK(path.weight == 42);
  CHECK(path.can_seal);

  CHECK_THROWS_WITH(piece_info_from_json(json::parse(R"({"Size":1032,"PieceCID":"bafy"})")),
                    Catch::Contains("PieceInfo.PieceCID"));
  CHECK_THROWS_WITH(piece_info_from_json(json::parse(R"({"Size":-1,"PieceCID":null})")),
                    Catch::Contains("PieceInfo.Size"));
  CHECK_THROWS_WITH(storage_path_from_json(json::parse(
                        R"({"ID":"x","Weight":1,"LocalPath":"/a","CanSeal":1,"CanStore":true})")),
                    Catch::Contains("StoragePath.CanSeal"));
  CHECK_THROWS_AS(range_from_json(json::parse(R"({"Offset":1})")), InvalidInput);
}

TEST_CASE("CallError is null on success and {Code, Message} on failure", "[workers]") {
  // api-v0-methods-miner.md, ReturnAddPiece Inputs[2].
  const auto error = round_trip<std::optional<CallError>>(
      json::parse(R"({"Code": 0, "Message": "string value"})"));
  REQUIRE(error);
  CHECK(error->code == kErrUnknown);
  CHECK(describe(*error) == "storage call error 0: string value");
  CHECK_FALSE(round_trip<std::optional<CallError>>(json()).has_value());
  CHECK(kErrTempUnknown == 100);
  CHECK(kErrTempWorkerRestart == 101);
  CHECK(kErrTempAllocateSpace == 102);
  CHECK_THROWS_WITH(call_error_from_json(json::parse(R"({"Code":"101","Message":""})")),
                    Catch::Contains("CallError.Code"));
}

TEST_CASE("Return* results: the value, or Go's zero value on failure", "[workers]") {
  // ReturnAddPiece Inputs[1] (api-v0-methods-miner.md).
  const auto piece = round_trip<Returned<PieceInfo>>(
      json::parse(std::string(R"({"Size": 1032, "PieceCID": {"/": ")") + kDocCid + "\"}}"));
  REQUIRE(piece.value);
  CHECK(piece.value->size == 1032);
  // A failed AddPiece returns abi.PieceInfo{}: Size 0 and an undefined CID (null).
  CHECK_FALSE(round_trip<Returned<PieceInfo>>(json::parse(R"({"Size":0,"PieceCID":null})"))
                  .value.has_value());
  CHECK_FALSE(returned_piece_info_from_json(json()).value.has_value());
  // ReturnSealPreCommit2 on failure: SectorCids{} with both CIDs undefined.
  CHECK_FALSE(round_trip<Returned<SectorCids>>(json::parse(R"({"Unsealed":null,"Sealed":null})"))
                  .value.has_value());
  // ReturnSealCommit2 Inputs[1]: "Bw==" is the byte 0x07; a failed call sends nil bytes (null).
  CHECK(round_trip<Returned<Bytes>>(json("Bw==")).value == Bytes{7});
  CHECK_FALSE(round_trip<Returned<Bytes>>(json()).value.has_value());
  CHECK_THROWS_AS(returned_bytes_from_json(json(7)), InvalidInput);
  CHECK_THROWS_AS(returned_sector_cids_from_json(json::parse(R"({"Unsealed":null})")),
                  InvalidInput);
}

TEST_CASE("AddPiece's data: rpcenc's null reader, other readers refused", "[workers]") {
  // lib/rpcenc/reader.go: a NullReader of n bytes is {"Type": "null", "Info": "<n>"}.
  const auto data = round_trip<PieceData>(json::parse(R"({"Type": "null", "Info": "2032"})"));
  CHECK(data.null_size == 2032);
  CHECK_THROWS_AS(piece_data_from_json(json::parse(
                      R"({"Type":"push","Info":"07070707-0707-0707-0707-070707070707"})")),
                  NotImplemented);
  CHECK_THROWS_AS(piece_data_from_json(json::parse(R"({"Type":"http","Info":"http://x/y"})")),
                  NotImplemented);
  CHECK_THROWS_AS(piece_data_from_json(json::parse(R"({"Type":"file","Info":"1"})")), InvalidInput);
  CHECK_THROWS_WITH(piece_data_from_json(json::parse(R"({"Type":"null","Info":"12x"})")),
                    Catch::Contains("ReaderStream.Info"));
  CHECK_THROWS_AS(piece_data_from_json(json::parse(R"({"Type":"null","Info":2032})")),
                  InvalidInput);
  CHECK_THROWS_AS(piece_data_from_json(json::parse(R"({"Type":"null","Info":"-1"})")),
                  InvalidInput);
  // The docs' placeholder ({}) is not a reader.
  CHECK_THROWS_AS(piece_data_from_json(json::object()), InvalidInput);
}

TEST_CASE("task types and AcquireMode travel as lotus's strings", "[workers]") {
  // api-v0-methods-worker.md, TaskTypes Response and TaskDisable Inputs[0].
  CHECK(round_trip<std::set<TaskType>>(json::parse(R"({"seal/v0/precommit/2": {}})")) ==
        std::set<TaskType>{TaskType::kPreCommit2});
  CHECK(round_trip<TaskType>(json("seal/v0/commit/2")) == TaskType::kCommit2);
  CHECK_THROWS_AS(task_type_from_json(json("C2")), InvalidInput);  // short names are CLI-only
  CHECK_THROWS_AS(task_set_from_json(json::parse(R"({"seal/v0/nope": {}})")), InvalidInput);
  CHECK_THROWS_AS(task_set_from_json(json::array()), InvalidInput);
  CHECK(task_set_from_json(json()).empty());
  // Fetch Inputs[3].
  CHECK(round_trip<AcquireMode>(json("move")) == AcquireMode::kMove);
  CHECK(round_trip<AcquireMode>(json("copy")) == AcquireMode::kCopy);
  CHECK_THROWS_AS(acquire_mode_from_json(json("Move")), InvalidInput);
}
