// The whole CPU sealing computation (PC1 + PC2) for a sector held in memory, for the small
// sector sizes (2 KiB, 8 MiB) and for tests: labels, TreeD, TreeC, encoding, TreeRLast, CommR.
#pragma once

#include <cstdint>
#include <vector>

#include "common/encoding.hpp"
#include "crypto/merkle.hpp"
#include "crypto/sha256.hpp"

namespace tessera::porep {

struct SealInputs {
  std::int64_t registered_proof = 5;  // StackedDrg2KiBV1_1
  std::uint64_t actor_id = 1000;
  std::uint64_t sector_number = 0;
  crypto::Digest32 ticket{};
};

struct SealOutput {
  crypto::Digest32 replica_id{};
  crypto::Digest32 comm_d{};
  crypto::Digest32 comm_c{};
  crypto::Digest32 comm_r_last{};
  crypto::Digest32 comm_r{};
  Bytes replica;             // the sealed sector, sector-size bytes
  std::vector<Bytes> layers; // labels of layers 1..L
  crypto::MerkleTree tree_d;
  crypto::MerkleTree tree_c;
  crypto::MerkleTree tree_r;
};

// PC1: TreeD (CommD), replica ID and the labels of every layer; the other fields stay empty.
// Throws InvalidInput for a wrong data size or a proof type whose tree has sub/top levels.
SealOutput precommit1_in_memory(const SealInputs& inputs, const Bytes& padded_data);
// PC2 on a PC1 result: TreeC, encoding, TreeRLast, CommR.
void precommit2_in_memory(SealOutput& sealed, const Bytes& padded_data);
// Both phases: seals padded sector data (exactly sector-size bytes of Fr32-padded data).
SealOutput seal_in_memory(const SealInputs& inputs, const Bytes& padded_data);

// Recovers the padded data from a replica and the last layer's labels (data = replica − key).
Bytes unseal_in_memory(const Bytes& replica, const Bytes& last_layer);

}  // namespace tessera::porep
