// Hashing to G2 as RFC 9380 specifies for the suite BLS12381G2_XMD:SHA-256_SSWU_RO_:
// expand_message_xmd with SHA-256 (§5.3.1), hash_to_field into Fp2 with L = 64 (§5.2), the
// simplified SWU map onto the 3-isogenous curve E2' followed by the 3-isogeny to E2 (§6.6.3,
// Appendix E.3), and cofactor clearing by h_eff with the ψ endomorphism (Appendix G.3).
// Filecoin's BLS signatures call hash_to_g2 with the DST
// BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_. Nothing here is constant-time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "crypto/bls12_381/fp2.hpp"
#include "crypto/bls12_381/g2.hpp"

namespace tessera::bls12_381 {

// expand_message_xmd(msg, DST, len_in_bytes) with SHA-256. A DST longer than 255 bytes is first
// replaced by SHA-256("H2C-OVERSIZE-DST-" ‖ DST) (§5.3.3). Throws InvalidInput when
// len_in_bytes is 0 or needs more than 255 SHA-256 blocks (len_in_bytes > 8160).
std::vector<std::uint8_t> expand_message_xmd(std::span<const std::uint8_t> msg,
                                             std::string_view dst, std::size_t len_in_bytes);

// hash_to_field(msg, 2) for Fp2: two elements u0, u1 from 256 expanded bytes, each coordinate
// the 64-byte big-endian integer reduced modulo p.
std::array<Fp2, 2> hash_to_field_fp2(std::span<const std::uint8_t> msg, std::string_view dst);

// map_to_curve(u): simplified SWU onto E2': y² = x³ + 240u·x + 1012(1 + u) with Z = −(2 + u),
// then the 3-isogeny to E2. The result is on E2 but not, in general, in G2.
G2 map_to_curve_g2(const Fp2& u);

// clear_cofactor(P) = [h_eff]P computed as [x² − x − 1]P + [x − 1]ψ(P) + ψ²(2P) for the curve
// parameter x; maps any point of E2 into G2.
G2 clear_cofactor_g2(const G2& p);

// hash_to_curve(msg): clear_cofactor(map_to_curve(u0) + map_to_curve(u1)), a point of G2.
G2Affine hash_to_g2(std::span<const std::uint8_t> msg, std::string_view dst);

}  // namespace tessera::bls12_381
