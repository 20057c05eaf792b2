// Groth16 verification speed on polka-storage's 2 KiB PoRep vector (reference/snark.md §4.4):
// one verify_proof, the same per proof in a batch of two, and decoding the proof. The yardstick
// is derived from blst's times on the build machine (snark.md §6.1): 3 Miller loops + 1 final
// exponentiation ≈ 3·314.5 + 380 µs, plus the input MSM — here 3 full-width G1 scalar
// multiplications (replica_id, comm_d, comm_r; 106.5 µs each) and 36 node indices below 2^6,
// which cost next to nothing.
//
//   build/bench/bench_groth16_verify

#include <cstdio>

#include "bench/bounds.hpp"
#include "crypto/groth16/verifier.hpp"
#include "test/crypto/groth16/polka_storage_vectors.hpp"

using namespace tessera;
using namespace tessera::groth16;
namespace tv = tessera::groth16::test_vectors;

namespace {

constexpr double kBlstMillerLoop = 314.5e3;  // ns, 305–324 µs
constexpr double kBlstFinalExp = 380e3;      // ns
constexpr double kBlstG1Mul = 106.5e3;       // ns, 255-bit scalar
constexpr double kBlstG1Decompress = 15.5e3;
constexpr double kBlstG1Subgroup = 50e3;
constexpr double kBlstG2Decompress = 31.5e3;
constexpr double kBlstG2Subgroup = 55e3;

void report(const char* what, double ns, double blst_ns) {
  std::printf("%-34s %9.1f us   blst-derived %9.1f us   ratio %.2f\n", what, ns / 1e3,
              blst_ns / 1e3, ns / blst_ns);
}

}  // namespace

int main() {
  const VerifyingKey vk = read_verifying_key_compressed(hex_decode(tv::kPorepVerifyingKeyHex));
  const PreparedVerifyingKey pvk = prepare_verifying_key(vk);
  const Bytes proof_bytes = hex_decode(tv::kPorepProofHex);
  const Proof proof = read_proof(proof_bytes);
  const std::vector<crypto::Fr> inputs = tv::porep_public_inputs();
  if (!verify_proof(pvk, proof, inputs)) {
    std::fprintf(stderr, "the PoRep vector does not verify\n");
    return 1;
  }

  const double pairing_part = 3 * kBlstMillerLoop + kBlstFinalExp;
  const double msm_part = 3 * kBlstG1Mul;
  bool ok = true;
  report("verify_proof (PoRep 2 KiB, 39 in)",
         bench::time_ns([&] { ok = ok && verify_proof(pvk, proof, inputs); }, 1, 2.0),
         pairing_part + msm_part);
  const std::vector<Proof> two = {proof, proof};
  const std::vector<std::vector<crypto::Fr>> two_inputs = {inputs, inputs};
  report("verify_proofs_batch, per proof of 2",
         bench::time_ns([&] { ok = ok && verify_proofs_batch(pvk, two, two_inputs); }, 1, 2.0) / 2,
         pairing_part + msm_part);
  report("read_proof (checked)", bench::time_ns([&] { (void)read_proof(proof_bytes); }, 1, 0.5),
         2 * (kBlstG1Decompress + kBlstG1Subgroup) + kBlstG2Decompress + kBlstG2Subgroup);
  std::printf("all verified: %s\n", ok ? "yes" : "NO");
  return ok ? 0 : 1;
}
