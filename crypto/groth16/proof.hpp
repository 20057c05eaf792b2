// A Groth16 proof (A ∈ G1, B ∈ G2, C ∈ G1) and bellperson's 192-byte form A‖B‖C with compressed
// points (Proof::write / read_many, reference/snark.md §1.4); multi-partition proofs are plain
// concatenations in partition order.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/bls12_381/g1.hpp"
#include "crypto/bls12_381/g2.hpp"

namespace tessera::groth16 {

struct Proof {
  bls12_381::G1Affine a;
  bls12_381::G2Affine b;
  bls12_381::G1Affine c;
};
inline constexpr std::size_t kProofBytes = 192;

// A‖B‖C compressed (snark.md §1.4).
std::array<std::uint8_t, kProofBytes> write_proof(const Proof& proof);
// Exactly 192 bytes, subgroup-checked; identity A, B or C rejected (InvalidInput).
Proof read_proof(std::span<const std::uint8_t> bytes);
// `count` concatenated proofs (partition order); InvalidInput unless bytes.size() == count·192.
std::vector<Proof> read_proofs(std::span<const std::uint8_t> bytes, std::size_t count);
// The proofs concatenated in order (count·192 bytes).
std::vector<std::uint8_t> write_proofs(std::span<const Proof> proofs);

}  // namespace tessera::groth16
