// Poseidon over BLS12-381 Fr, compatible with neptune as Filecoin uses it (Standard strength,
// MerkleTree hash type): width t = arity + 1, x^5 S-box, R_F = 8 full rounds, Grain-LFSR round
// constants, Cauchy MDS matrix, domain tag 2^arity - 1 in state[0], output state[1].
#pragma once

#include <cstddef>
#include <vector>

#include "crypto/fr.hpp"

namespace tessera::crypto {

// Constants of one Poseidon instance.
struct PoseidonConstants {
  std::size_t arity = 0;
  std::size_t full_rounds = 0;
  std::size_t partial_rounds = 0;
  std::vector<Fr> round_constants;      // (full + partial) rounds × width, in round order
  std::vector<std::vector<Fr>> mds;     // width × width
  Fr domain_tag;
};

// Constants for arity 2, 4, 8, 11 or 16 (generated once, then cached); throws InvalidInput
// for other arities.
const PoseidonConstants& poseidon_constants(std::size_t arity);

// Hashes exactly `arity` inputs (missing trailing inputs may be omitted: they are zero).
Fr poseidon_hash(const std::vector<Fr>& inputs, std::size_t arity);

}  // namespace tessera::crypto
