#include "sealing/params/proof_mode.hpp"

#include <cstdlib>
#include <string>

#include "common/error.hpp"

namespace tessera::params {

ProofMode proof_mode_from_env() {
  const char* value = std::getenv("TESSERA_PROOFS");
  if (value == nullptr) return ProofMode::kSnark;
  const std::string_view mode(value);
  if (mode.empty() || mode == "snark") return ProofMode::kSnark;
  if (mode == "vanilla") return ProofMode::kVanilla;
  throw InvalidInput("TESSERA_PROOFS=" + std::string(mode) +
                     ": expected snark (the default) or vanilla (a test tool)");
}

std::string_view proof_mode_name(ProofMode mode) {
  return mode == ProofMode::kSnark ? "snark" : "vanilla";
}

}  // namespace tessera::params
