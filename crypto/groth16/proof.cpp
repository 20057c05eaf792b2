#include "crypto/groth16/proof.hpp"

#include <algorithm>
#include <string>

#include "common/error.hpp"
#include "crypto/bls12_381/serialization.hpp"

namespace tessera::groth16 {
namespace {

constexpr std::size_t kG1Bytes = 48;
constexpr std::size_t kG2Bytes = 96;

// Decodes one point with `decode`, prefixing errors with `what` and rejecting the identity.
template <class Decode>
auto read_point(std::span<const std::uint8_t> raw, Decode decode, const std::string& what) {
  try {
    auto p = decode(raw, true);
    if (p.infinity) throw InvalidInput("point is the identity");
    return p;
  } catch (const InvalidInput& e) {
    throw InvalidInput(what + ": " + e.what());
  }
}

Proof read_one(std::span<const std::uint8_t> bytes, const std::string& what) {
  return {read_point(bytes.subspan(0, kG1Bytes), bls12_381::g1_from_compressed, what + " A"),
          read_point(bytes.subspan(kG1Bytes, kG2Bytes), bls12_381::g2_from_compressed, what + " B"),
          read_point(bytes.subspan(kG1Bytes + kG2Bytes, kG1Bytes), bls12_381::g1_from_compressed,
                     what + " C")};
}

}  // namespace

std::array<std::uint8_t, kProofBytes> write_proof(const Proof& proof) {
  std::array<std::uint8_t, kProofBytes> out;
  const auto a = bls12_381::g1_to_compressed(proof.a);
  const auto b = bls12_381::g2_to_compressed(proof.b);
  const auto c = bls12_381::g1_to_compressed(proof.c);
  auto it = std::copy(a.begin(), a.end(), out.begin());
  it = std::copy(b.begin(), b.end(), it);
  std::copy(c.begin(), c.end(), it);
  return out;
}

Proof read_proof(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kProofBytes) {
    throw InvalidInput("groth16 proof must be " + std::to_string(kProofBytes) + " bytes, got " +
                       std::to_string(bytes.size()));
  }
  return read_one(bytes, "groth16 proof");
}

std::vector<Proof> read_proofs(std::span<const std::uint8_t> bytes, std::size_t count) {
  if (count > bytes.size() / kProofBytes || bytes.size() != count * kProofBytes) {
    throw InvalidInput(std::to_string(count) + " groth16 proofs must be " + std::to_string(count) +
                       " x " + std::to_string(kProofBytes) + " bytes, got " +
                       std::to_string(bytes.size()));
  }
  std::vector<Proof> proofs;
  proofs.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    proofs.push_back(read_one(bytes.subspan(k * kProofBytes, kProofBytes),
                              "groth16 proof " + std::to_string(k)));
  }
  return proofs;
}

std::vector<std::uint8_t> write_proofs(std::span<const Proof> proofs) {
  std::vector<std::uint8_t> out;
  out.reserve(proofs.size() * kProofBytes);
  for (const Proof& p : proofs) {
    const auto bytes = write_proof(p);
    out.insert(out.end(), bytes.begin(), bytes.end());
  }
  return out;
}

}  // namespace tessera::groth16
