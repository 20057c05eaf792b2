// PoSt challenge derivation (reference/proofs.md §7.6): which sector WinningPoSt proves, and
// which leaves of a sector's TreeR a PoSt opens.
#pragma once

#include <cstdint>

#include "crypto/sha256.hpp"

namespace tessera::post {

// Proofs API versions that change the challenge index rule.
enum class PostApi { kV1_0, kV1_2 };

// Index into the eligible sector list: u64_le(SHA-256(prover_id || randomness || u64_le(n))[0..8])
// mod sector_count. Throws InvalidInput when sector_count is 0.
std::uint64_t winning_sector_challenge(const crypto::Digest32& randomness,
                                       const crypto::Digest32& prover_id, std::uint64_t n,
                                       std::uint64_t sector_count);

// Leaf challenged by challenge_index: u64_le(SHA-256(randomness || u64_le(sector) ||
// u64_le(challenge_index))[0..8]) mod (sector_size / 32).
std::uint64_t leaf_challenge(const crypto::Digest32& randomness, std::uint64_t sector_number,
                             std::uint64_t challenge_index, std::uint64_t sector_size);

// challenge_index of challenge n of the sector at sector_index: sector_index·count + n for API
// 1.0/1.1, n for API 1.2 (on-chain WindowPoSt V1_1).
std::uint64_t challenge_index(PostApi api, std::uint64_t sector_index, std::uint64_t challenge_count,
                              std::uint64_t n);

// The randomness as the proofs use it: a canonical Fr (top two bits cleared).
crypto::Digest32 fr_safe_randomness(crypto::Digest32 randomness);

}  // namespace tessera::post
