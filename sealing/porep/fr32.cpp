#include "sealing/porep/fr32.hpp"

#include <cstring>

namespace tessera::porep {

void fr32_pad(const std::uint8_t* in, std::uint8_t* out, std::size_t nblocks) {
  std::uint8_t src[kFr32PaddedBlock];
  for (std::size_t b = 0; b < nblocks; ++b, in += kFr32UnpaddedBlock, out += kFr32PaddedBlock) {
    std::memcpy(src, in, kFr32UnpaddedBlock);
    src[kFr32UnpaddedBlock] = 0;
    for (int element = 0; element < 4; ++element) {
      const int bit = 254 * element;
      const int byte = bit / 8;
      const int shift = bit % 8;
      std::uint8_t* dst = out + 32 * element;
      if (shift == 0) {
        std::memcpy(dst, src + byte, 32);
      } else {
        for (int j = 0; j < 32; ++j) {
          std::uint8_t hi = byte + j + 1 < static_cast<int>(kFr32PaddedBlock) ? src[byte + j + 1] : 0;
          dst[j] = static_cast<std::uint8_t>((src[byte + j] >> shift) | (hi << (8 - shift)));
        }
      }
      dst[31] &= 0x3f;
    }
  }
}

void fr32_unpad(const std::uint8_t* in, std::uint8_t* out, std::size_t nblocks) {
  std::uint8_t dst[kFr32PaddedBlock];
  for (std::size_t b = 0; b < nblocks; ++b, in += kFr32PaddedBlock, out += kFr32UnpaddedBlock) {
    std::memset(dst, 0, sizeof dst);
    for (int element = 0; element < 4; ++element) {
      const int bit = 254 * element;
      const int byte = bit / 8;
      const int shift = bit % 8;
      const std::uint8_t* src = in + 32 * element;
      for (int j = 0; j < 32; ++j) {
        std::uint8_t v = j == 31 ? (src[j] & 0x3f) : src[j];
        dst[byte + j] |= static_cast<std::uint8_t>(v << shift);
        if (shift && byte + j + 1 < static_cast<int>(kFr32PaddedBlock)) {
          dst[byte + j + 1] |= static_cast<std::uint8_t>(v >> (8 - shift));
        }
      }
    }
    std::memcpy(out, dst, kFr32UnpaddedBlock);
  }
}

}  // namespace tessera::porep
