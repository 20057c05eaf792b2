// Poseidon over BLS12-381 Fr, compatible with neptune as Filecoin uses it (Standard strength,
// MerkleTree hash type): width t = arity + 1, x^5 S-box, R_F = 8 full rounds, Grain-LFSR round
// constants, Cauchy MDS matrix, domain tag 2^arity - 1 in state[0], output state[1].
#pragma once

#include <cstddef>
#include <vector>

#include "crypto/fr.hpp"
#include "crypto/fr_matrix.hpp"

namespace tessera::crypto {

// The mixing matrix of one partial round in the optimized schedule: the first row (m00 and
// `row`) and the first column below it (`column`); the rest is the identity.
struct SparseMds {
  Fr m00;
  std::vector<Fr> row;     // width − 1
  std::vector<Fr> column;  // width − 1
};

// Constants of one Poseidon instance, as specified and in the optimized schedule that computes
// the same permutation with fewer multiplications (Poseidon paper, appendix B): partial-round
// constants pushed forward so each partial round adds one, and the MDS matrix factored so each
// partial round mixes with a sparse matrix.
struct PoseidonConstants {
  std::size_t arity = 0;
  std::size_t full_rounds = 0;
  std::size_t partial_rounds = 0;
  std::vector<Fr> round_constants;  // (full + partial) rounds × width, in round order
  FrMatrix mds;                     // width × width
  Fr domain_tag;

  std::vector<Fr> optimized_constants;  // full rounds: width each; partial rounds: one each
  FrMatrix pre_partial_mds;  // the last full round before the partial rounds mixes with this
  std::vector<SparseMds> sparse_mds;  // one per partial round
};

// Constants for arity 2, 4, 8, 11 or 16 (generated once, then cached); throws InvalidInput
// for other arities.
const PoseidonConstants& poseidon_constants(std::size_t arity);

// Hashes exactly `arity` inputs (missing trailing inputs may be omitted: they are zero).
Fr poseidon_hash(const std::vector<Fr>& inputs, std::size_t arity);
Fr poseidon_hash(const Fr* inputs, std::size_t count, std::size_t arity);

}  // namespace tessera::crypto
