// Which proofs seal and PoSt messages carry: Groth16 SNARKs, as on every Filecoin network, or —
// as a test tool only, the way lotus's itests use mock proofs — tessera's vanilla proofs in
// their JSON form, which the devnet checks for real but which take no parameter files and no
// Groth16 time. The devnet, the miner and its workers must agree (docs/devnet.md).
#pragma once

#include <string_view>

namespace tessera::params {

enum class ProofMode { kSnark, kVanilla };

// The mode TESSERA_PROOFS selects: unset, empty or "snark" → kSnark; "vanilla" → kVanilla.
// InvalidInput naming the variable for any other value.
ProofMode proof_mode_from_env();

// "snark" or "vanilla".
std::string_view proof_mode_name(ProofMode mode);

}  // namespace tessera::params
