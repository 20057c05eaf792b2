// The call trackers' records in lotus's CBOR, byte for byte (cbor-gen map encoding, fields in
// its order; lotus storage/sealer/cbor_gen.go and storiface/cbor_gen.go, v1.23.3):
//  - the miner's /stmgr/calls/<WorkID> WorkState {ID: WorkID{Method, Params}, Status,
//    StartTime, WorkError, WorkerCall: CallID, WorkerHostname};
//  - a worker's /worker/calls/<CallID> Call {ID: CallID, State, Result: bytes, RetType}.
// A CallID is {ID: the UUID's 16 bytes, Sector: [miner, number]}.
#pragma once

#include <cstdint>
#include <string>

#include "common/encoding.hpp"
#include "sealing/workers/worker_types.hpp"

namespace tessera::workers {

// lotus WorkState.
struct WorkStateRecord {
  std::string method;  // WorkID.Method: the task type ("seal/v0/precommit/1")
  std::string params;  // WorkID.Params: the call's parameters as JSON, or their SHA-256 hex
  std::string status;  // "started", "running" or "done"
  std::int64_t start_time = 0;  // unix seconds
  std::string work_error;
  CallId worker_call;
  std::string worker_hostname;
  bool operator==(const WorkStateRecord&) const = default;
};

// lotus Call; state 0 started, 1 done (result set).
struct WorkerCallRecord {
  CallId id;
  std::uint64_t state = 0;
  Bytes result;          // the result's JSON (empty while started)
  std::string ret_type;  // the Return method's task name ("PreCommit1", ...)
  bool operator==(const WorkerCallRecord&) const = default;
};

Bytes encode(const WorkStateRecord& record);
Bytes encode(const WorkerCallRecord& record);
// InvalidInput for anything but the encodings above (fields may come in any order; unknown
// fields are ignored, as cbor-gen does).
WorkStateRecord decode_work_state(const Bytes& cbor);
WorkerCallRecord decode_worker_call(const Bytes& cbor);

}  // namespace tessera::workers
