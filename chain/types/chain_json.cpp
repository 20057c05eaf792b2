#include "chain/types/chain_json.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "common/error.hpp"
#include "common/json_fields.hpp"

namespace tessera::chain {
namespace {

using nlohmann::json;

const json& field(const json& object, const char* name) {
  return json_fields::field(object, "message", name);
}

std::string string_field(const json& object, const char* name) {
  return json_fields::text(field(object, name), name);
}

std::uint64_t u64_field(const json& object, const char* name) {
  return json_fields::u64(field(object, name), name);
}

std::int64_t i64_field(const json& object, const char* name) {
  return json_fields::i64(field(object, name), name);
}

}  // namespace

json address_to_json(const Address& address) {
  return address.to_string(wire_network());
}

Address address_from_json(const json& j) {
  return Address::parse(json_fields::text(j, "address"));
}

json big_int_to_json(const BigInt& value) {
  return value.to_string();
}

BigInt big_int_from_json(const json& j) {
  return BigInt::parse(json_fields::text(j, "big integer"));
}

json cid_to_json(const cid::Cid& c) {
  return json{{"/", c.to_string()}};
}

cid::Cid cid_from_json(const json& j) {
  if (!j.is_object() || j.size() != 1) throw InvalidInput("expected a CID as {\"/\": \"…\"}");
  return cid::Cid::parse(string_field(j, "/"));
}

json bytes_to_json(const Bytes& bytes) {
  if (bytes.empty()) return nullptr;
  return base64_encode(bytes);
}

Bytes bytes_from_json(const json& j) {
  if (j.is_null()) return {};
  if (!j.is_string()) throw InvalidInput("expected base64 bytes");
  return base64_decode(j.get<std::string>());
}

json message_to_json(const Message& m, Network network) {
  return json{{"Version", m.version},
              {"To", m.to.to_string(network)},
              {"From", m.from.to_string(network)},
              {"Nonce", m.nonce},
              {"Value", m.value.to_string()},
              {"GasLimit", m.gas_limit},
              {"GasFeeCap", m.gas_fee_cap.to_string()},
              {"GasPremium", m.gas_premium.to_string()},
              {"Method", m.method},
              {"Params", bytes_to_json(m.params)},
              {"CID", cid_to_json(m.cid())}};
}

Message message_from_json(const json& j) {
  Message m;
  m.version = u64_field(j, "Version");
  m.to = Address::parse(string_field(j, "To"));
  m.from = Address::parse(string_field(j, "From"));
  m.nonce = u64_field(j, "Nonce");
  m.value = BigInt::parse(string_field(j, "Value"));
  m.gas_limit = i64_field(j, "GasLimit");
  m.gas_fee_cap = BigInt::parse(string_field(j, "GasFeeCap"));
  m.gas_premium = BigInt::parse(string_field(j, "GasPremium"));
  m.method = u64_field(j, "Method");
  m.params = bytes_from_json(field(j, "Params"));
  if (auto it = j.find("CID"); it != j.end() && !it->is_null() && cid_from_json(*it) != m.cid()) {
    throw InvalidInput("message CID does not match its fields");
  }
  return m;
}

json signed_message_to_json(const SignedMessage& s, Network network) {
  return json{
      {"Message", message_to_json(s.message, network)},
      {"Signature",
       {{"Type", static_cast<int>(s.signature.type)}, {"Data", bytes_to_json(s.signature.data)}}},
      {"CID", cid_to_json(s.cid())}};
}

SignedMessage signed_message_from_json(const json& j) {
  SignedMessage s;
  s.message = message_from_json(field(j, "Message"));
  const auto& sig = field(j, "Signature");
  const auto type = u64_field(sig, "Type");
  if (type != 1 && type != 2) throw InvalidInput("unknown signature type " + std::to_string(type));
  s.signature = Signature{static_cast<SignatureType>(type), bytes_from_json(field(sig, "Data"))};
  if (auto it = j.find("CID"); it != j.end() && !it->is_null() && cid_from_json(*it) != s.cid()) {
    throw InvalidInput("signed message CID does not match its fields");
  }
  return s;
}

}  // namespace tessera::chain
