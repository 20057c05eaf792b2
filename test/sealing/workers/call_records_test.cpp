// The call trackers' records against lotus's cbor-gen encoding: the expected bytes were put
// together by hand (a separate Python CBOR writer) in the field order lotus's generated code
// writes (storage/sealer/cbor_gen.go: Call and WorkState; storiface/cbor_gen.go: CallID; the
// tuple-encoded abi.SectorID), and read back; malformed records are refused.
#include <catch2/catch.hpp>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "sealing/workers/call_records.hpp"

using namespace tessera;
using namespace tessera::workers;

namespace {

const CallId kCall{{1000, 7}, "11111111-2222-4333-8444-555555555555"};

// a4 {"ID": a2 {"ID": bytes(16), "Sector": [1000, 7]}, "State": 1, "Result": bytes("\"abc\""),
// "RetType": "PreCommit1"}
constexpr const char* kCallHex =
    "a4624944a2624944501111111122224333844455555555555566536563746f72821903e8076553746174650166"
    "526573756c7445226162632267526574547970656a507265436f6d6d697431";

// a6 {"ID": {"Method", "Params"}, "Status", "StartTime", "WorkError", "WorkerCall",
// "WorkerHostname"}
constexpr const char* kWorkStateHex =
    "a6624944a2664d6574686f64737365616c2f76302f707265636f6d6d69742f3166506172616d73655b312c325d"
    "665374617475736772756e6e696e6769537461727454696d651a6930cf0069576f726b4572726f72606a576f72"
    "6b657243616c6ca2624944501111111122224333844455555555555566536563746f72821903e8076e576f726b"
    "6572486f73746e616d6567776f726b657230";

}  // namespace

TEST_CASE("call records: lotus's Call, byte for byte", "[sealing][workers][calls]") {
  const WorkerCallRecord record{
      .id = kCall, .state = 1, .result = Bytes{'"', 'a', 'b', 'c', '"'}, .ret_type = "PreCommit1"};
  CHECK(hex_encode(encode(record)) == kCallHex);
  CHECK(decode_worker_call(hex_decode(kCallHex)) == record);
  // A started call: State 0 and an empty Result (a nil ManyBytes writes empty bytes).
  const WorkerCallRecord started{.id = kCall, .ret_type = "AddPiece"};
  CHECK(decode_worker_call(encode(started)) == started);
}

TEST_CASE("call records: lotus's WorkState, byte for byte", "[sealing][workers][calls]") {
  const WorkStateRecord record{.method = "seal/v0/precommit/1",
                               .params = "[1,2]",
                               .status = "running",
                               .start_time = 1764806400,
                               .work_error = "",
                               .worker_call = kCall,
                               .worker_hostname = "worker0"};
  CHECK(hex_encode(encode(record)) == kWorkStateHex);
  CHECK(decode_work_state(hex_decode(kWorkStateHex)) == record);
}

TEST_CASE("call records: malformed records are refused", "[sealing][workers][calls]") {
  CHECK_THROWS_AS(decode_worker_call(Bytes{0x01}), InvalidInput);        // not a map
  CHECK_THROWS_AS(decode_worker_call(hex_decode("a1")), InvalidInput);   // truncated
  CHECK_THROWS_AS(decode_work_state(hex_decode("a0ff")), InvalidInput);  // trailing byte
  // A CallID whose ID is not 16 bytes, or whose Sector is not a pair.
  CHECK_THROWS_AS(decode_worker_call(hex_decode("a1624944a16249444101")), InvalidInput);
  CHECK_THROWS_AS(decode_worker_call(hex_decode("a1624944a166536563746f728101")), InvalidInput);
  // The text CallIDs an earlier tessera wrote are not lotus's: refused, not misread.
  CHECK_THROWS_AS(decode_worker_call(hex_decode("a16249446131")), InvalidInput);
}
