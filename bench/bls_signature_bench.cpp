// Filecoin BLS signature speed: hash_to_G2 of a 38-byte message (the size of a message CID, what
// lotus signs) and a full single-signature verify from bytes (decoding with subgroup checks,
// hashing, a two-pair Miller loop and one final exponentiation). Each is printed with its ratio
// to blst's time measured on the build machine (reference/snark.md §6.1: blst @dece82e, gcc -O2,
// 2 vCPU AMD EPYC at 2.6 GHz, single thread; midpoints of the measured ranges), and verify also
// with its ratio to a bound measured in this run: the pairing work verify cannot avoid (a
// two-pair multi-Miller loop plus a final exponentiation) plus this run's hash_to_G2.
//
//   build/bench/bench_bls_signature

#include <cstdio>

#include "bench/bounds.hpp"
#include "crypto/bls12_381/hash_to_curve.hpp"
#include "crypto/bls12_381/pairing.hpp"
#include "crypto/bls_signature.hpp"

using namespace tessera;
using namespace tessera::bls12_381;
using bench::time_ns;

namespace {

// blst's times in ns (source: reference/snark.md §6.1).
constexpr double kBlstFpMul = 43;        // 41–45 ns
constexpr double kBlstHashToG2 = 199e3;  // 192–206 µs, 38-byte message, Filecoin DST
constexpr double kBlstVerify = 1.36e6;   // 1.28–1.44 ms, blst_core_verify_pk_in_g1 incl. hash

void report(const char* what, double ns, const char* against, double bound_ns) {
  if (ns < 1e3) {
    std::printf("%-34s %9.1f ns   %-26s %9.1f ns   ratio %.2f\n", what, ns, against, bound_ns,
                ns / bound_ns);
  } else {
    std::printf("%-34s %9.1f us   %-26s %9.1f us   ratio %.2f\n", what, ns / 1e3, against,
                bound_ns / 1e3, ns / bound_ns);
  }
}

}  // namespace

int main() {
  // The field speed that scales everything else, for reading the ratios below.
  Fp x = Fp::from_uint(3), y = Fp::from_uint(7);
  report("Fp mul", time_ns([&] { x = x * y; }, 100000, 0.5), "blst", kBlstFpMul);

  // A CIDv1 dag-cbor blake2b-256 prefix and a 32-byte digest: 38 bytes, as lotus signs.
  std::array<std::uint8_t, 38> msg = {0x01, 0x71, 0xa0, 0xe4, 0x02, 0x20};
  for (std::size_t i = 6; i < msg.size(); ++i) msg[i] = static_cast<std::uint8_t>(i * 37);

  G2Affine h;
  const double hash_ns = time_ns([&] { h = hash_to_g2(msg, crypto::bls::kDst); }, 10, 2.0);
  report("hash_to_G2 (38-byte message)", hash_ns, "blst", kBlstHashToG2);

  std::array<std::uint8_t, 32> seed{};
  seed[0] = 1;
  const auto sk = crypto::bls::PrivateKey::from_seed(seed);
  const crypto::bls::PublicKey pk = sk.public_key();
  const crypto::bls::Signature sig = sk.sign(msg);
  bool ok = true;
  const double verify_ns = time_ns([&] { ok = ok && crypto::bls::verify(sig, msg, pk); }, 5, 3.0);
  if (!ok) {
    std::printf("verify rejected a valid signature\n");
    return 1;
  }
  report("verify (1 signature, from bytes)", verify_ns, "blst", kBlstVerify);

  const PairingInput pairs[2] = {{g1_generator(), h}, {-g1_generator(), h}};
  Fp12 f;
  const double ml_ns = time_ns([&] { f = multi_miller_loop(pairs); }, 5, 1.5);
  const double fe_ns = time_ns([&] { f = final_exponentiation(f); }, 5, 1.5);
  report("verify (1 signature, from bytes)", verify_ns, "2-pair ML + FE + hash",
         ml_ns + fe_ns + hash_ns);
  std::printf("  (this run: 2-pair Miller loop %.1f us, final exponentiation %.1f us)\n",
              ml_ns / 1e3, fe_ns / 1e3);
  volatile bool sink = x.is_zero() || f.is_one() || h.infinity;
  (void)sink;
  return 0;
}
