// Point encodings exactly as zcash/blst/bellperson: big-endian coordinates, Fp2 written c1 then
// c0, and three flag bits in the top of byte 0: 0x80 compressed, 0x40 infinity, 0x20 "y is the
// lexicographically largest root" (compressed form only).
//   G1: 48 B compressed (x), 96 B uncompressed (x‖y); G2: 96 B / 192 B.
// Decoders throw InvalidInput naming the reason: wrong length, compression flag mismatch,
// malformed infinity (other bits set, or the sign bit), coordinate >= p, x with no point on the
// curve, point off the curve, point outside the order-r subgroup (unless check_subgroup is false,
// blstrs' `_unchecked` variants).
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "crypto/bls12_381/g1.hpp"
#include "crypto/bls12_381/g2.hpp"

namespace tessera::bls12_381 {

std::array<std::uint8_t, 48> g1_to_compressed(const G1Affine& p);
std::array<std::uint8_t, 96> g1_to_uncompressed(const G1Affine& p);
std::array<std::uint8_t, 96> g2_to_compressed(const G2Affine& p);
std::array<std::uint8_t, 192> g2_to_uncompressed(const G2Affine& p);

// Decode a 48-byte compressed G1 point.
G1Affine g1_from_compressed(std::span<const std::uint8_t> bytes, bool check_subgroup = true);
// Decode a 96-byte uncompressed G1 point.
G1Affine g1_from_uncompressed(std::span<const std::uint8_t> bytes, bool check_subgroup = true);
// Decode a 96-byte compressed G2 point.
G2Affine g2_from_compressed(std::span<const std::uint8_t> bytes, bool check_subgroup = true);
// Decode a 192-byte uncompressed G2 point.
G2Affine g2_from_uncompressed(std::span<const std::uint8_t> bytes, bool check_subgroup = true);

}  // namespace tessera::bls12_381
