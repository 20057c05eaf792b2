// Vanilla PoSt proofs (reference/proofs.md §7.6): for each challenged leaf of a sector, its
// TreeRLast opening, plus comm_c and comm_r_last so the verifier can check them against CommR.
#pragma once

#include <cstdint>
#include <vector>

#include "crypto/merkle.hpp"
#include "post/fallback/post_challenges.hpp"

namespace tessera::post {

struct PostChallengeParams {
  crypto::Digest32 randomness{};  // made Fr-safe by the callee
  PostApi api = PostApi::kV1_2;
  std::uint64_t challenge_count = 10;  // WindowPoSt 10, WinningPoSt 66
  std::uint64_t sector_size = 0;
};

struct SectorPostProof {
  std::uint64_t sector_number = 0;
  crypto::Digest32 comm_c{};
  crypto::Digest32 comm_r_last{};
  std::vector<crypto::InclusionProof> inclusion_proofs;
};

// The leaves of TreeRLast that params challenge in the sector_index-th sector of the proving
// set, sector `sector_number`, in challenge order.
std::vector<std::uint64_t> challenged_leaves(const PostChallengeParams& params,
                                             std::uint64_t sector_index,
                                             std::uint64_t sector_number);

// The vanilla proof of `leaves` (in order) of sector `sector_number` from its TreeRLast.
// InvalidInput for a leaf beyond the tree.
SectorPostProof prove_leaves(std::uint64_t sector_number, const std::vector<std::uint64_t>& leaves,
                             const crypto::TreeSource& tree_r, const crypto::Digest32& comm_c);

// Proves one sector (the sector_index-th of the proving set) from its TreeRLast, in memory or
// on disk (SealedReplica::tree_r_last()).
SectorPostProof prove_sector(const PostChallengeParams& params, std::uint64_t sector_index,
                             std::uint64_t sector_number, const crypto::TreeSource& tree_r,
                             const crypto::Digest32& comm_c);

// True when CommR = Poseidon2(comm_c, comm_r_last) and every challenged leaf opens under
// comm_r_last at the index the randomness selects.
bool verify_sector(const PostChallengeParams& params, std::uint64_t sector_index,
                   const crypto::Digest32& comm_r, const SectorPostProof& proof);

}  // namespace tessera::post
