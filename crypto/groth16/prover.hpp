// The Groth16 prover over bellperson's parameters (reference/snark.md §1.6): synthesize the
// circuit with its witness, compute H by FFTs over the QAP domain, and combine five
// multi-scalar multiplications read range by range from the parameters.
#pragma once

#include "common/executor/stage_context.hpp"
#include "crypto/groth16/local_setup.hpp"
#include "crypto/groth16/parameters.hpp"
#include "crypto/groth16/proof.hpp"

namespace tessera::groth16 {

// A proof of the circuit `synthesize` builds (with its witness) under `params`, randomized by r
// and s, on up to ctx.cores() threads. InvalidInput when the circuit's shape (inputs, aux
// variables, constraints, query densities) does not match the parameters. An unsatisfied
// witness is not detected here: its proof fails verification.
Proof create_proof(const ParameterSource& params, const Synthesizer& synthesize,
                   const crypto::Fr& r, const crypto::Fr& s, StageContext& ctx);

// create_proof with r and s drawn from the operating system's random source.
Proof create_random_proof(const ParameterSource& params, const Synthesizer& synthesize,
                          StageContext& ctx);

}  // namespace tessera::groth16
