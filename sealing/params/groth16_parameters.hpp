// Which Groth16 parameter files a prover and verifier of a Filecoin circuit use: the official
// files in the parameter cache when present (as rust-fil-proofs loads them), otherwise the
// devnet files tessera's seeded setup wrote there (`lotus-bench paramgen`), which only tessera's
// devnet accepts.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>

#include "sealing/params/parameter_names.hpp"

namespace tessera::params {

struct ParameterFiles {
  std::filesystem::path params;  // proving parameters (.params)
  std::filesystem::path vk;      // verifying key (.vk)
  bool devnet = false;           // true for tessera's own seeded parameters
};

// The official files of a circuit in parameter_cache_dir().
ParameterFiles official_parameter_files(Circuit circuit, std::uint64_t sector_size);
// Tessera's devnet files of a circuit in parameter_cache_dir().
ParameterFiles devnet_parameter_files(Circuit circuit, std::uint64_t sector_size);

// The official files when both exist, else the devnet files when both exist. NotFound naming
// the official .params file, `lotus-miner fetch-params <size>` and `lotus-bench paramgen`
// otherwise. InvalidInput for a sector size without a registered seal proof.
ParameterFiles find_parameter_files(Circuit circuit, std::uint64_t sector_size);

// The seed of tessera's devnet setup of a circuit: SHA-256 of a fixed label and the circuit's
// official file stem, so every tessera node derives the same devnet keys.
std::array<std::uint8_t, 32> devnet_setup_seed(Circuit circuit, std::uint64_t sector_size);

}  // namespace tessera::params
