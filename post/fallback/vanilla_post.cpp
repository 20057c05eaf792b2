#include "post/fallback/vanilla_post.hpp"

#include "common/error.hpp"
#include "crypto/fr.hpp"
#include "crypto/poseidon.hpp"

namespace tessera::post {

std::vector<std::uint64_t> challenged_leaves(const PostChallengeParams& params,
                                             std::uint64_t sector_index,
                                             std::uint64_t sector_number) {
  const auto randomness = fr_safe_randomness(params.randomness);
  std::vector<std::uint64_t> leaves;
  for (std::uint64_t n = 0; n < params.challenge_count; ++n) {
    const auto index = challenge_index(params.api, sector_index, params.challenge_count, n);
    leaves.push_back(leaf_challenge(randomness, sector_number, index, params.sector_size));
  }
  return leaves;
}

SectorPostProof prove_leaves(std::uint64_t sector_number, const std::vector<std::uint64_t>& leaves,
                             const crypto::TreeSource& tree_r, const crypto::Digest32& comm_c) {
  SectorPostProof proof;
  proof.sector_number = sector_number;
  proof.comm_c = comm_c;
  proof.comm_r_last = tree_r.root();
  for (const auto leaf : leaves) {
    if (leaf >= tree_r.leaf_count())
      throw InvalidInput("PoSt challenge leaf " + std::to_string(leaf) + " is beyond the " +
                         std::to_string(tree_r.leaf_count()) + "-leaf TreeRLast");
    proof.inclusion_proofs.push_back(crypto::InclusionProof::of(tree_r, leaf));
  }
  return proof;
}

SectorPostProof prove_sector(const PostChallengeParams& params, std::uint64_t sector_index,
                             std::uint64_t sector_number, const crypto::TreeSource& tree_r,
                             const crypto::Digest32& comm_c) {
  if (tree_r.leaf_count() * 32 != params.sector_size) {
    throw InvalidInput("TreeRLast does not match the sector size");
  }
  return prove_leaves(sector_number, challenged_leaves(params, sector_index, sector_number), tree_r,
                      comm_c);
}

bool verify_sector(const PostChallengeParams& params, std::uint64_t sector_index,
                   const crypto::Digest32& comm_r, const SectorPostProof& proof) {
  try {
    auto expected = crypto::poseidon_hash({crypto::Fr::from_bytes(proof.comm_c.data()),
                                           crypto::Fr::from_bytes(proof.comm_r_last.data())},
                                          2);
    if (expected.to_bytes() != comm_r) return false;
    if (proof.inclusion_proofs.size() != params.challenge_count) return false;
    const auto randomness = fr_safe_randomness(params.randomness);
    for (std::uint64_t n = 0; n < params.challenge_count; ++n) {
      const auto& opening = proof.inclusion_proofs[n];
      auto index = challenge_index(params.api, sector_index, params.challenge_count, n);
      if (opening.leaf_index !=
          leaf_challenge(randomness, proof.sector_number, index, params.sector_size)) {
        return false;
      }
      if (opening.hash != crypto::TreeHash::kPoseidon || !opening.verify(proof.comm_r_last))
        return false;
    }
    return true;
  } catch (const InvalidInput&) {
    return false;
  }
}

}  // namespace tessera::post
