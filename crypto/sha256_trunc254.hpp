// The node hash of Filecoin's binary SHA-256 trees (TreeD, CommP): SHA-256(left || right) with
// the two most significant bits of the last byte cleared, so the result is a valid Fr element.
#pragma once

#include <cstdint>

#include "crypto/sha256.hpp"

namespace tessera::crypto {

// Hash of two 32-byte children; exactly two compressions (data block + constant padding block).
Digest32 sha256_trunc254_node(const std::uint8_t* left, const std::uint8_t* right);

// Hashes count sibling pairs: parents[i] = node(children[2i], children[2i+1]), with children
// and parents as contiguous 32-byte values; pairs are hashed two at a time. In place is fine
// (parents == children).
void sha256_trunc254_level(const std::uint8_t* children, std::uint8_t* parents, std::size_t count);

// Clears the top two bits of a little-endian 32-byte value ("Fr-safe" truncation).
inline void truncate_to_fr(std::uint8_t* value32) { value32[31] &= 0x3f; }

}  // namespace tessera::crypto
