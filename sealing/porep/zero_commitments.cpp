#include "sealing/porep/zero_commitments.hpp"

#include <array>

#include "common/error.hpp"
#include "crypto/sha256_trunc254.hpp"

namespace tessera::porep {

const crypto::Digest32& zero_commitment(std::size_t level) {
  static const auto table = [] {
    std::array<crypto::Digest32, kMaxZeroLevel + 1> t{};
    for (std::size_t i = 1; i <= kMaxZeroLevel; ++i) {
      t[i] = crypto::sha256_trunc254_node(t[i - 1].data(), t[i - 1].data());
    }
    return t;
  }();
  if (level > kMaxZeroLevel) throw InvalidInput("zero commitment level out of range");
  return table[level];
}

}  // namespace tessera::porep
