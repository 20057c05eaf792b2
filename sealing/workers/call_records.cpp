#include "sealing/workers/call_records.hpp"

#include "common/cbor/cbor.hpp"
#include "common/error.hpp"

namespace tessera::workers {
namespace {

// A UUID's 16 bytes from its canonical text, and back.
Bytes uuid_bytes(const std::string& text) {
  std::string hex;
  for (const char c : text)
    if (c != '-') hex += c;
  auto bytes = hex_decode(hex);
  if (bytes.size() != 16) throw InvalidInput("not a UUID: " + text);
  return bytes;
}

std::string uuid_text(const Bytes& bytes) {
  if (bytes.size() != 16) throw InvalidInput("a CallID's ID is not 16 bytes");
  const auto hex = hex_encode(bytes);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

void write_call_id(cbor::Writer& w, const CallId& call) {
  w.write_map_header(2);
  w.write_text("ID");
  w.write_bytes(uuid_bytes(call.id));
  w.write_text("Sector");
  w.write_array_header(2);  // abi.SectorID is tuple-encoded
  w.write_uint(call.sector.miner);
  w.write_uint(call.sector.number);
}

CallId read_call_id(const cbor::Value& value) {
  CallId call;
  for (const auto& [key, field] : value.as_map()) {
    if (key.as_text() == "ID") call.id = uuid_text(field.as_bytes());
    if (key.as_text() == "Sector") {
      const auto& tuple = field.as_array();
      if (tuple.size() != 2) throw InvalidInput("a CallID's Sector is not [miner, number]");
      call.sector = paths::SectorId{tuple[0].as_uint(), tuple[1].as_uint()};
    }
  }
  return call;
}

// Runs read over a decoded record, turning any decoding failure into InvalidInput.
template <class Record, class Read>
Record decode_record(const Bytes& cbor, std::string_view what, Read read) {
  try {
    Record record;
    const auto decoded = cbor::decode(cbor);  // outlives the loop over its map
    for (const auto& [key, field] : decoded.as_map()) read(record, key.as_text(), field);
    return record;
  } catch (const std::exception& e) {
    throw InvalidInput(std::string(what) + ": " + e.what());
  }
}

}  // namespace

Bytes encode(const WorkStateRecord& record) {
  cbor::Writer w;
  w.write_map_header(6);
  w.write_text("ID");
  w.write_map_header(2);
  w.write_text("Method");
  w.write_text(record.method);
  w.write_text("Params");
  w.write_text(record.params);
  w.write_text("Status");
  w.write_text(record.status);
  w.write_text("StartTime");
  w.write_int(record.start_time);
  w.write_text("WorkError");
  w.write_text(record.work_error);
  w.write_text("WorkerCall");
  write_call_id(w, record.worker_call);
  w.write_text("WorkerHostname");
  w.write_text(record.worker_hostname);
  return w.take();
}

Bytes encode(const WorkerCallRecord& record) {
  cbor::Writer w;
  w.write_map_header(4);
  w.write_text("ID");
  write_call_id(w, record.id);
  w.write_text("State");
  w.write_uint(record.state);
  w.write_text("Result");
  w.write_bytes(record.result);
  w.write_text("RetType");
  w.write_text(record.ret_type);
  return w.take();
}

WorkStateRecord decode_work_state(const Bytes& cbor) {
  return decode_record<WorkStateRecord>(
      cbor, "WorkState", [](WorkStateRecord& r, const std::string& name, const cbor::Value& field) {
        if (name == "ID") {
          for (const auto& [key, part] : field.as_map()) {
            if (key.as_text() == "Method") r.method = part.as_text();
            if (key.as_text() == "Params") r.params = part.as_text();
          }
        }
        if (name == "Status") r.status = field.as_text();
        if (name == "StartTime") r.start_time = field.as_int();
        if (name == "WorkError") r.work_error = field.as_text();
        if (name == "WorkerCall") r.worker_call = read_call_id(field);
        if (name == "WorkerHostname") r.worker_hostname = field.as_text();
      });
}

WorkerCallRecord decode_worker_call(const Bytes& cbor) {
  return decode_record<WorkerCallRecord>(
      cbor, "Call", [](WorkerCallRecord& r, const std::string& name, const cbor::Value& field) {
        if (name == "ID") r.id = read_call_id(field);
        if (name == "State") r.state = field.as_uint();
        if (name == "Result" && !field.is_null()) r.result = field.as_bytes();
        if (name == "RetType") r.ret_type = field.as_text();
      });
}

}  // namespace tessera::workers
