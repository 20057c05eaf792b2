// JSON of vanilla (pre-SNARK) PoSt proofs: what the devnet accepts as a PoSt proof's bytes
// until Groth16 exists. A tessera format: digests as lower-case hex, every object with exactly
// the fields the encoder writes.
#pragma once

#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "post/fallback/vanilla_post.hpp"

namespace tessera::post {

// [{"sector_number", "comm_c", "comm_r_last", "inclusion_proofs": [...]}, ...]
nlohmann::json post_proofs_to_json(const std::vector<SectorPostProof>& proofs);
// InvalidInput for any other shape; says nothing of validity (verify_sector's job).
std::vector<SectorPostProof> post_proofs_from_json(const nlohmann::json& json);

}  // namespace tessera::post
