// Lotus's JSON forms of the chain types, as the full-node API sends them: addresses and big
// integers as strings, CIDs as {"/": "…"}, byte strings as standard base64 (null when empty),
// messages with their "CID" field added.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "chain/types/message.hpp"

namespace tessera::chain {

nlohmann::json cid_to_json(const cid::Cid& c);
// InvalidInput unless json is {"/": "<cid>"}.
cid::Cid cid_from_json(const nlohmann::json& json);

nlohmann::json bytes_to_json(const Bytes& bytes);
Bytes bytes_from_json(const nlohmann::json& json);

nlohmann::json message_to_json(const Message& message, Network network = Network::kMainnet);
// InvalidInput for missing or mistyped fields; a "CID" field, if present, must match.
Message message_from_json(const nlohmann::json& json);

nlohmann::json signed_message_to_json(const SignedMessage& message,
                                      Network network = Network::kMainnet);
SignedMessage signed_message_from_json(const nlohmann::json& json);

}  // namespace tessera::chain
