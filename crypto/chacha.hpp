// ChaCha keystreams: ChaCha8 as rand_chacha's ChaCha8Rng (64-bit block counter from 0, stream 0;
// SDR's DRG sampler) and ChaCha20 IETF (96-bit nonce, 32-bit counter; synthetic PoRep).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace tessera::crypto {

// rand_chacha 0.3 ChaCha8Rng::from_seed(seed): next_u32/next_u64 walk the keystream words in
// order (next_u64 = low word, then high word).
class ChaCha8Rng {
 public:
  explicit ChaCha8Rng(const std::array<std::uint8_t, 32>& seed);
  std::uint32_t next_u32();
  std::uint64_t next_u64();

 private:
  void refill();
  std::array<std::uint32_t, 8> key_{};
  std::uint64_t counter_ = 0;
  std::array<std::uint32_t, 16> block_{};
  std::size_t index_ = 16;
};

// XORs (or, on zero input, produces) the ChaCha20 IETF keystream for key, nonce, starting at
// block counter `counter`, into out[0..size).
void chacha20_ietf_keystream(const std::array<std::uint8_t, 32>& key,
                             const std::array<std::uint8_t, 12>& nonce, std::uint32_t counter,
                             std::uint8_t* out, std::size_t size);

}  // namespace tessera::crypto
