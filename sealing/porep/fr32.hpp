// Fr32 padding: every 254 bits of data (a little-endian bit stream) become one 32-byte field
// element whose top two bits are zero; 127 data bytes <-> 128 padded bytes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tessera::porep {

inline constexpr std::size_t kFr32UnpaddedBlock = 127;
inline constexpr std::size_t kFr32PaddedBlock = 128;

// Pads nblocks 127-byte blocks from in into nblocks 128-byte blocks at out.
void fr32_pad(const std::uint8_t* in, std::uint8_t* out, std::size_t nblocks);
// Inverse of fr32_pad: 128-byte blocks to 127-byte blocks (the 2 padding bits are ignored).
void fr32_unpad(const std::uint8_t* in, std::uint8_t* out, std::size_t nblocks);

// Padded size of an unpadded size that is a multiple of 127.
inline std::uint64_t padded_size(std::uint64_t unpadded) { return unpadded / 127 * 128; }
// Unpadded capacity of a padded size that is a multiple of 128.
inline std::uint64_t unpadded_size(std::uint64_t padded) { return padded / 128 * 127; }

}  // namespace tessera::porep
