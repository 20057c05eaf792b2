// The names rust-fil-proofs gives Groth16 parameter files, derived from first principles
// (reference/proofs.md §8.3): "v28-" + the circuit's cache prefix + "-" + hex SHA-256 of its
// public-parameter identifier, then ".params" or ".vk". Sector shapes come from
// sealing/porep/proof_types.hpp.
#pragma once

#include <cstdint>
#include <string>

namespace tessera::params {

enum class Circuit { kPoRep, kWinningPoSt, kWindowPoSt };

// Challenges per sector and sectors per partition of a PoSt circuit (rust-fil-proofs
// constants.rs): Winning 1 × 66; Window 10 × 2349 (32 GiB), 2300 (64 GiB), 2 (smaller sizes).
struct PostCounts {
  std::uint64_t challenge_count;
  std::uint64_t sector_count;
};
// InvalidInput for kPoRep or a sector size without a registered seal proof.
PostCounts post_counts(Circuit circuit, std::uint64_t sector_size);

// The public-parameter identifier rust-fil-proofs hashes, e.g. for 2 KiB PoSt
// "FallbackPoSt::PublicParams{sector_size: 2048, challenge_count: 10, sector_count: 2}".
// Throws InvalidInput for a sector size without a registered seal proof.
std::string circuit_identifier(Circuit circuit, std::uint64_t sector_size);

// The cache prefix, e.g. "stacked-proof-of-replication-merkletree-poseidon_hasher-8-0-0-
// sha256_hasher" or "proof-of-spacetime-fallback-merkletree-poseidon_hasher-8-8-0".
// Throws InvalidInput for a sector size without a registered seal proof.
std::string cache_prefix(Circuit circuit, std::uint64_t sector_size);

// The file name without extension: "v28-<prefix>-<sha256(identifier) hex>".
// Throws InvalidInput for a sector size without a registered seal proof.
std::string parameter_stem(Circuit circuit, std::uint64_t sector_size);

}  // namespace tessera::params
