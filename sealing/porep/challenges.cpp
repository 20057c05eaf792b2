#include "sealing/porep/challenges.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "common/error.hpp"
#include "crypto/blake2b.hpp"
#include "crypto/chacha.hpp"

namespace tessera::porep {
namespace {

constexpr std::uint64_t kMaxSyntheticChallenges = 1ULL << 18;
constexpr std::string_view kSynthGenerationTag = "filecoin.io|PoRep|1|Synthetic|1|Generation";
constexpr std::string_view kSynthSelectionTag = "filecoin.io|PoRep|1|Synthetic|1|Selection";
constexpr std::string_view kNonInteractiveTag = "filecoin.io|PoRep|1|NonInteractive|1";
constexpr std::array<std::uint8_t, 12> kSynthNonce = {'s', 'y', 'n', 't', 'h', '-',
                                                      'p', 'o', 'r', 'e', 'p', 0};

void append_u32_le(crypto::Sha256& h, std::uint32_t v) {
  std::uint8_t b[4] = {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8),
                       static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 24)};
  h.update(b, 4);
}

// ChaCha20 key: BLAKE2b-256 keyed with tag over a || b.
std::array<std::uint8_t, 32> prf_key(std::string_view tag, const crypto::Digest32& a,
                                     const crypto::Digest32& b) {
  std::uint8_t input[64];
  std::memcpy(input, a.data(), 32);
  std::memcpy(input + 32, b.data(), 32);
  auto digest = crypto::blake2b(input, sizeof input, 32, tag);
  std::array<std::uint8_t, 32> key;
  std::copy(digest.begin(), digest.end(), key.begin());
  return key;
}

void check_nodes(std::uint64_t nodes) {
  if (nodes < 2) throw InvalidInput("challenge derivation needs at least 2 nodes");
}

}  // namespace

std::uint64_t challenge_from_le256(const std::uint8_t* le32, std::uint64_t nodes) {
  check_nodes(nodes);
  const unsigned __int128 modulus = nodes - 1;
  unsigned __int128 remainder = 0;
  for (int i = 31; i >= 0; --i) remainder = (remainder * 256 + le32[i]) % modulus;
  return static_cast<std::uint64_t>(remainder) + 1;
}

std::vector<std::uint64_t> interactive_challenges(const crypto::Digest32& replica_id,
                                                  const crypto::Digest32& seed, std::uint64_t nodes,
                                                  std::uint32_t partition, std::uint32_t per_partition) {
  std::vector<std::uint64_t> out;
  for (std::uint32_t i = 0; i < per_partition; ++i) {
    crypto::Sha256 h;
    h.update(replica_id.data(), 32).update(seed.data(), 32);
    append_u32_le(h, per_partition * partition + i);
    out.push_back(challenge_from_le256(h.finish().data(), nodes));
  }
  return out;
}

std::vector<std::uint64_t> synthetic_challenges(const crypto::Digest32& replica_id,
                                                const crypto::Digest32& comm_r, std::uint64_t nodes) {
  check_nodes(nodes);
  const std::uint64_t count = std::min(nodes, kMaxSyntheticChallenges);
  std::vector<std::uint8_t> stream(count * 32, 0);
  crypto::chacha20_ietf_keystream(prf_key(kSynthGenerationTag, replica_id, comm_r), kSynthNonce, 0,
                                  stream.data(), stream.size());
  std::vector<std::uint64_t> out(count);
  for (std::uint64_t i = 0; i < count; ++i) out[i] = challenge_from_le256(stream.data() + 32 * i, nodes);
  return out;
}

std::vector<std::uint64_t> select_synthetic_challenges(const std::vector<std::uint64_t>& synthetic,
                                                       const crypto::Digest32& replica_id,
                                                       const crypto::Digest32& seed,
                                                       std::uint32_t partition,
                                                       std::uint32_t per_partition) {
  if (synthetic.empty()) throw InvalidInput("no synthetic challenges to select from");
  // Seek to byte 4·k·c of the selection keystream: whole 64-byte blocks by counter, the rest
  // by skipping.
  const std::uint64_t start = 4ULL * partition * per_partition;
  const std::size_t skip = start % 64;
  std::vector<std::uint8_t> stream(skip + 4ULL * per_partition, 0);
  crypto::chacha20_ietf_keystream(prf_key(kSynthSelectionTag, replica_id, seed), kSynthNonce,
                                  static_cast<std::uint32_t>(start / 64), stream.data(), stream.size());
  std::vector<std::uint64_t> out;
  for (std::uint32_t i = 0; i < per_partition; ++i) {
    const std::uint8_t* p = stream.data() + skip + 4 * i;
    std::uint32_t v = p[0] | (p[1] << 8) | (p[2] << 16) | (std::uint32_t(p[3]) << 24);
    out.push_back(synthetic[v % synthetic.size()]);
  }
  return out;
}

std::vector<std::uint64_t> non_interactive_challenges(const crypto::Digest32& replica_id,
                                                      const crypto::Digest32& comm_r,
                                                      std::uint64_t nodes, std::uint32_t partition,
                                                      std::uint32_t per_partition) {
  std::vector<std::uint64_t> out;
  for (std::uint32_t i = 0; i < per_partition; ++i) {
    crypto::Sha256 h;
    h.update(reinterpret_cast<const std::uint8_t*>(kNonInteractiveTag.data()), kNonInteractiveTag.size());
    h.update(replica_id.data(), 32).update(comm_r.data(), 32);
    append_u32_le(h, per_partition * partition + i);
    out.push_back(challenge_from_le256(h.finish().data(), nodes));
  }
  return out;
}

}  // namespace tessera::porep
