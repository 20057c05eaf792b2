// What in-process devnet tests that walk a sector through its life share: a short proving
// period (48 deadlines of 4 epochs, 192 epochs) with vanilla proofs (the tests craft them, or
// prove without Groth16 parameters), and 32-byte randomness as a digest.
#pragma once

#include <algorithm>

#include "crypto/sha256.hpp"
#include "devnet/devnet_params.hpp"

namespace tessera::test {

inline chain::devnet::DevnetParams short_period_devnet_params() {
  chain::devnet::DevnetParams p;
  p.proofs = params::ProofMode::kVanilla;
  p.proving = chain::ProvingParams{.period_deadlines = 48,
                                   .proving_period = 192,
                                   .challenge_window = 4,
                                   .challenge_lookback = 2,
                                   .fault_declaration_cutoff = 3};
  return p;
}

// The first 32 bytes of b (randomness from the chain) as a digest.
inline crypto::Digest32 digest32(const Bytes& b) {
  crypto::Digest32 d{};
  std::copy_n(b.begin(), std::min(b.size(), d.size()), d.begin());
  return d;
}

}  // namespace tessera::test
