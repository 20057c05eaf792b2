// The Groth16 side of PoSt circuits that parameter generation needs: the circuit shape of a
// Winning or Window PoSt partition for a sector size, and its blank synthesizer.
#pragma once

#include <cstdint>

#include "crypto/groth16/local_setup.hpp"
#include "post/fallback/circuit/fallback_post_circuit.hpp"
#include "sealing/params/parameter_names.hpp"

namespace tessera::post::circuit {

// The shape rust-fil-proofs uses for the circuit (Winning: 66 sectors × 1 challenge; Window:
// 10 challenges × the sectors per partition of the size). InvalidInput for kPoRep or a size
// without a registered seal proof.
PostCircuitShape post_circuit_shape(params::Circuit circuit, std::uint64_t sector_size);

// The blank circuit of that shape, for parameter generation.
groth16::Synthesizer blank_post_synthesizer(params::Circuit circuit, std::uint64_t sector_size);

}  // namespace tessera::post::circuit
