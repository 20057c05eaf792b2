// The verifying keys a node checks Groth16 proofs with: the .vk of the parameter files a prover
// on this machine would use (find_parameter_files: official, else tessera's devnet ones), read
// and prepared once per file and kept for the life of the process.
#pragma once

#include <cstdint>

#include "crypto/groth16/verifier.hpp"
#include "sealing/params/parameter_names.hpp"

namespace tessera::params {

// The prepared key of a circuit at a sector size; the reference stays valid for the process.
// NotFound when no parameter files of the circuit are in the cache (naming the file, as
// find_parameter_files does), InvalidInput when the .vk is malformed. Failures are not cached.
// Safe to call from several threads.
const groth16::PreparedVerifyingKey& cached_verifying_key(Circuit circuit,
                                                          std::uint64_t sector_size);

}  // namespace tessera::params
