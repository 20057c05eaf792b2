// JSON of Merkle inclusion proofs and digest lists, as tessera's vanilla proof files and the
// devnet's on-chain vanilla proofs write them: digests as lower-case hex, tree hashes "sha256" or
// "poseidon", objects with exactly the fields the encoder writes.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "crypto/merkle.hpp"

namespace tessera::crypto {

nlohmann::json digests_to_json(const std::vector<Digest32>& digests);
// InvalidInput naming `where` for anything but an array of 32-byte hex strings.
std::vector<Digest32> digests_from_json(const nlohmann::json& json, const std::string& where);

// {"hash", "leaf", "leaf_index", "path": [{"siblings", "index"}]}.
nlohmann::json inclusion_proof_to_json(const InclusionProof& proof);
// InvalidInput naming `where` for a missing, extra or mistyped field, an unknown tree hash, a
// level without siblings or a position outside its level. Says nothing of validity.
InclusionProof inclusion_proof_from_json(const nlohmann::json& json, const std::string& where);

}  // namespace tessera::crypto
