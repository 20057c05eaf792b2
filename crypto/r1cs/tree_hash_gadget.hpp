// The node hashes of Filecoin's Merkle trees as circuits (rust-fil-proofs filecoin-hashers
// hash_circuit / hash_multi_leaf_circuit / hash_leaf_bits_circuit): Poseidon of the children for
// Poseidon trees; for SHA-256 trees each child is split into 255 bits (to_bits_le), padded to 256,
// bit order reversed within each byte, hashed, and the first 254 digest bits (little-endian per
// byte) packed into one number.
#pragma once

#include <vector>

#include "crypto/merkle.hpp"
#include "crypto/r1cs/num.hpp"

namespace tessera::crypto::r1cs {

// SHA-256 of bits (whole bytes) packed into a number as rust-fil-proofs' Sha256 hash_circuit.
AllocatedNum sha256_hash_circuit(ConstraintSystem& cs, const std::vector<Boolean>& bits);
// SHA-256 node hash of two bit strings (each padded to whole bytes, bytes bit-reversed).
AllocatedNum sha256_hash_leaf_bits_circuit(ConstraintSystem& cs, const std::vector<Boolean>& left,
                                           const std::vector<Boolean>& right);
// The node hash of children (any count for SHA-256; 2, 4, 8, 11 or 16 for Poseidon).
AllocatedNum tree_hash_circuit(ConstraintSystem& cs, TreeHash hash,
                               const std::vector<AllocatedNum>& children);

}  // namespace tessera::crypto::r1cs
