#include "chain/api/full_node_api.hpp"

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::chain {

using nlohmann::json;

json message_draft_to_json(const MessageDraft& message) {
  json out = message_to_json(message);
  out.erase("CID");
  return out;
}

json to_json(const MessageSendSpec& spec) {
  return json{{"MaxFee", big_int_to_json(spec.max_fee)}};
}

MessageSendSpec message_send_spec_from_json(const json& j) {
  if (!j.is_object()) throw InvalidInput("message send spec: expected an object");
  const auto it = j.find("MaxFee");
  if (it == j.end() || it->is_null()) return MessageSendSpec{};
  return MessageSendSpec{big_int_from_json(*it)};
}

json to_json(const MinerActorState& state) {
  return to_json(state.funds, state.code);
}

MinerActorState miner_actor_state_from_json(const json& j) {
  return MinerActorState{miner_funds_from_json(j),
                         cid_from_json(json_fields::field(j, "actor state", "Code"))};
}

json to_json(KeyType type) {
  return type.signature_type == SignatureType::kBls ? "bls" : "secp256k1";
}

KeyType key_type_from_json(const json& j) {
  if (j == "secp256k1") return KeyType{SignatureType::kSecp256k1};
  if (j == "bls") return KeyType{SignatureType::kBls};
  throw InvalidInput("key type: expected \"secp256k1\" or \"bls\", got " + j.dump());
}

json to_json(DomainSeparationTag tag) {
  return static_cast<std::int64_t>(tag);
}

DomainSeparationTag domain_separation_tag_from_json(const json& j) {
  return static_cast<DomainSeparationTag>(json_fields::i64(j, "domain separation tag"));
}

}  // namespace tessera::chain
