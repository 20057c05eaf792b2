// JSON form of vanilla (pre-SNARK) PoRep proofs and their public inputs, as in the C1 output
// file of `lotus-bench simple commit1`. A tessera format, not rust-fil-proofs' C1 JSON: digests
// are lower-case hex strings, tree hashes "sha256" or "poseidon", and every object has exactly
// the fields its encoder writes.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "sealing/porep/vanilla_proof.hpp"

namespace tessera::porep {

// The proof as a JSON object: registered_proof, comm_c, comm_r_last and the partitions'
// challenge proofs (openings, columns of labels, parent columns).
nlohmann::json vanilla_proof_to_json(const PorepVanillaProof& proof);
// Decodes vanilla_proof_to_json's form. Throws InvalidInput on a missing, extra or mistyped
// field, bad hex, a digest other than 32 bytes, an unknown registered proof or tree hash, or a
// Merkle path position outside its level. Says nothing of validity: that is verify_porep's job.
PorepVanillaProof vanilla_proof_from_json(const nlohmann::json& json);

// The public inputs as a JSON object (registered_proof, replica_id, comm_d, comm_r, seed).
nlohmann::json public_inputs_to_json(const PorepPublicInputs& inputs);
// Decodes public_inputs_to_json's form; throws InvalidInput as vanilla_proof_from_json does.
PorepPublicInputs public_inputs_from_json(const nlohmann::json& json);

}  // namespace tessera::porep
