// The PreCommit1 output (lotus PreCommit1Out, opaque to everyone but PreCommit2): tessera's own
// record, like rust-fil-proofs' a JSON object. `lotus-bench simple precommit1` prints it as one
// base64 argument for precommit2; workers pass its bytes. The record: standard base64 of a JSON
// object {"registered_proof", "sector_number", "actor_id", "ticket", "comm_d",
// "replica_id"}, digests as 64 hex digits.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/sha256.hpp"

namespace tessera::porep {

struct Pc1Output {
  std::int64_t registered_proof = 0;
  std::uint64_t sector_number = 0;
  std::uint64_t actor_id = 0;
  crypto::Digest32 ticket{};
  crypto::Digest32 comm_d{};
  crypto::Digest32 replica_id{};
};

// Base64 of the record's JSON.
std::string encode_pc1_output(const Pc1Output& out);
// Decodes encode_pc1_output's text. Throws InvalidInput on bad base64 or JSON, a missing, extra
// or mistyped field, bad hex, an unknown seal proof, or a replica_id that does not follow from
// the other fields.
Pc1Output decode_pc1_output(std::string_view base64);

}  // namespace tessera::porep
