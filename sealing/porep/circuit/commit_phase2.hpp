// C2 as rust-fil-proofs' seal_commit_phase2 runs it: the Groth16 proofs of a verified vanilla
// PoRep proof with the PoRep parameters of its sector size from the parameter cache, checked
// under their verifying key before they are handed out.
#pragma once

#include "common/encoding.hpp"
#include "common/executor/stage_context.hpp"
#include "sealing/params/groth16_parameters.hpp"
#include "sealing/porep/vanilla_proof.hpp"

namespace tessera::porep::circuit {

struct Commit2Result {
  Bytes proof;                   // 192 bytes per partition, in partition order
  params::ParameterFiles files;  // the parameter files it was proved with
};

// Proves `proof` (already verified by the caller) on ctx's cores, reporting partitions on ctx,
// and verifies the result. NotFound naming the missing parameter file (find_parameter_files);
// InvalidInput when the proof or the files do not fit; Error when the new proof fails to verify.
Commit2Result commit_phase2(const PorepPublicInputs& inputs, const PorepVanillaProof& proof,
                            StageContext& ctx);

}  // namespace tessera::porep::circuit
