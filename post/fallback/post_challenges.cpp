#include "post/fallback/post_challenges.hpp"

#include "common/error.hpp"
#include "crypto/sha256_trunc254.hpp"

namespace tessera::post {
namespace {

void append_u64_le(crypto::Sha256& h, std::uint64_t v) {
  std::uint8_t b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<std::uint8_t>(v >> (8 * i));
  h.update(b, 8);
}

std::uint64_t first_u64_le(const crypto::Digest32& d) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | d[i];
  return v;
}

}  // namespace

std::uint64_t winning_sector_challenge(const crypto::Digest32& randomness,
                                       const crypto::Digest32& prover_id, std::uint64_t n,
                                       std::uint64_t sector_count) {
  if (sector_count == 0) throw InvalidInput("no eligible sectors to challenge");
  crypto::Sha256 h;
  h.update(prover_id.data(), 32).update(randomness.data(), 32);
  append_u64_le(h, n);
  return first_u64_le(h.finish()) % sector_count;
}

std::uint64_t leaf_challenge(const crypto::Digest32& randomness, std::uint64_t sector_number,
                             std::uint64_t challenge_index, std::uint64_t sector_size) {
  if (sector_size < 32) throw InvalidInput("sector size too small");
  crypto::Sha256 h;
  h.update(randomness.data(), 32);
  append_u64_le(h, sector_number);
  append_u64_le(h, challenge_index);
  return first_u64_le(h.finish()) % (sector_size / 32);
}

std::uint64_t challenge_index(PostApi api, std::uint64_t sector_index, std::uint64_t challenge_count,
                              std::uint64_t n) {
  return api == PostApi::kV1_2 ? n : sector_index * challenge_count + n;
}

crypto::Digest32 fr_safe_randomness(crypto::Digest32 randomness) {
  crypto::truncate_to_fr(randomness.data());
  return randomness;
}

}  // namespace tessera::post
