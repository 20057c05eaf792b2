// A Groth16 verifying key and its two byte forms: bellperson's `.vk` file (VerifyingKey::write,
// reference/snark.md §1.2: uncompressed points, u32 big-endian ic length) and polka-storage's
// `.vk.scale` (the same fields with compressed points, §4.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "crypto/bls12_381/g1.hpp"
#include "crypto/bls12_381/g2.hpp"

namespace tessera::groth16 {

struct VerifyingKey {
  bls12_381::G1Affine alpha_g1, beta_g1;
  bls12_381::G2Affine beta_g2, gamma_g2;
  bls12_381::G1Affine delta_g1;
  bls12_381::G2Affine delta_g2;
  std::vector<bls12_381::G1Affine> ic;  // ic[0] for ONE, then one per public input
};

// bellperson's .vk bytes (snark.md §1.2: uncompressed points, u32 big-endian ic length).
std::vector<std::uint8_t> write_verifying_key(const VerifyingKey& vk);
// Reads a .vk from the front of `bytes`; *consumed (when given) receives the bytes used. Points are
// decoded checked (on curve, in the subgroup unless check_subgroup is false); an identity point in
// ic, truncation or an ic length of 0 throw InvalidInput naming the field.
VerifyingKey read_verifying_key(std::span<const std::uint8_t> bytes,
                                std::size_t* consumed = nullptr, bool check_subgroup = true);
// A whole .vk file: NotFound naming the file when it is absent; InvalidInput as
// read_verifying_key, prefixed with the file name, and when bytes follow the key.
VerifyingKey read_verifying_key_file(const std::filesystem::path& file);
// The same fields with compressed points (polka-storage's .vk.scale form, snark.md §4.3), whole
// buffer: InvalidInput as read_verifying_key, and also when bytes follow the last ic point.
VerifyingKey read_verifying_key_compressed(std::span<const std::uint8_t> bytes);
std::vector<std::uint8_t> write_verifying_key_compressed(const VerifyingKey& vk);

}  // namespace tessera::groth16
