// Lotus's JSON forms of the chain types, as the full-node API sends them: addresses and big
// integers as strings, CIDs as {"/": "…"}, byte strings as standard base64 (null when empty),
// messages with their "CID" field added. The API codecs (common/api/codec.hpp) of these types
// are declared at the end.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "chain/types/message.hpp"
#include "common/api/codec.hpp"

namespace tessera::chain {

nlohmann::json address_to_json(const Address& address);  // mainnet form: "f0…"
// InvalidInput unless json is an address's text (either network prefix).
Address address_from_json(const nlohmann::json& json);

nlohmann::json big_int_to_json(const BigInt& value);  // decimal text
// InvalidInput unless json is a decimal integer's text.
BigInt big_int_from_json(const nlohmann::json& json);

nlohmann::json cid_to_json(const cid::Cid& c);
// InvalidInput unless json is {"/": "<cid>"}.
cid::Cid cid_from_json(const nlohmann::json& json);

nlohmann::json bytes_to_json(const Bytes& bytes);
Bytes bytes_from_json(const nlohmann::json& json);

nlohmann::json message_to_json(const Message& message, Network network = wire_network());
// InvalidInput for missing or mistyped fields; a "CID" field, if present, must match.
Message message_from_json(const nlohmann::json& json);

nlohmann::json signed_message_to_json(const SignedMessage& message,
                                      Network network = wire_network());
SignedMessage signed_message_from_json(const nlohmann::json& json);

}  // namespace tessera::chain

TESSERA_API_CODEC(tessera::chain::Address, tessera::chain::address_to_json,
                  tessera::chain::address_from_json);
TESSERA_API_CODEC(tessera::chain::BigInt, tessera::chain::big_int_to_json,
                  tessera::chain::big_int_from_json);
TESSERA_API_CODEC(tessera::cid::Cid, tessera::chain::cid_to_json, tessera::chain::cid_from_json);
TESSERA_API_CODEC(tessera::chain::Message, tessera::chain::message_to_json,
                  tessera::chain::message_from_json);
TESSERA_API_CODEC(tessera::chain::SignedMessage, tessera::chain::signed_message_to_json,
                  tessera::chain::signed_message_from_json);
