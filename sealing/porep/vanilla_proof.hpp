// Vanilla (pre-SNARK) interactive PoRep proofs, the C1 output: for each challenged node, the
// TreeD/TreeR/TreeC openings and the parent columns from which every label is recomputed
// (reference/proofs.md §7.4), and their verification.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "crypto/merkle.hpp"
#include "sealing/porep/seal_in_memory.hpp"

namespace tessera::porep {

// A node's labels in every layer plus the TreeC opening of its column hash.
struct ColumnProof {
  std::vector<crypto::Digest32> labels;  // layer 1..L
  crypto::InclusionProof tree_c;
};

struct ChallengeProof {
  std::uint64_t challenge = 0;
  crypto::InclusionProof comm_d_proof;       // data node
  crypto::InclusionProof comm_r_last_proof;  // replica node
  ColumnProof column;                        // the challenged node's column
  std::vector<ColumnProof> drg_parents;      // 6
  std::vector<ColumnProof> exp_parents;      // 8
};

struct PorepVanillaProof {
  std::int64_t registered_proof = 0;
  crypto::Digest32 comm_c{};
  crypto::Digest32 comm_r_last{};
  std::vector<std::vector<ChallengeProof>> partitions;
};

// Public values the verifier knows from the chain and the precommit.
struct PorepPublicInputs {
  std::int64_t registered_proof = 0;
  crypto::Digest32 replica_id{};
  crypto::Digest32 comm_d{};
  crypto::Digest32 comm_r{};
  crypto::Digest32 seed{};
};

// What proving a sealed sector reads, wherever it is kept (memory or the sector's files).
struct SectorTrees {
  crypto::Digest32 replica_id{};
  crypto::Digest32 comm_c{};
  crypto::Digest32 comm_r_last{};
  const crypto::TreeSource* tree_d = nullptr;
  const crypto::TreeSource* tree_c = nullptr;
  const crypto::TreeSource* tree_r_last = nullptr;
  std::function<crypto::Digest32(std::uint32_t layer, std::uint64_t node)> label;  // layers 1..L
};

// Proves every interactive challenge derived from seed (the C1 computation).
PorepVanillaProof prove_porep(std::int64_t registered_proof, const SectorTrees& sector,
                              const crypto::Digest32& seed);
// The same for a sector sealed in memory.
PorepVanillaProof prove_porep(std::int64_t registered_proof, const SealOutput& sealed,
                              const crypto::Digest32& seed);

// True only when every check passes: CommR = Poseidon2(comm_c, comm_r_last), the challenge set
// matches the seed, every opening and column is consistent, every label recomputes, and the
// replica node encodes the data node.
bool verify_porep(const PorepPublicInputs& inputs, const PorepVanillaProof& proof);

}  // namespace tessera::porep
