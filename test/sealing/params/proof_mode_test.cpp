// TESSERA_PROOFS: unset, empty or "snark" select Groth16, "vanilla" the test tool, anything else
// is refused naming the variable.
#include <catch2/catch.hpp>

#include "common/error.hpp"
#include "sealing/params/proof_mode.hpp"
#include "test/support/env_guard.hpp"

using namespace tessera;
using params::ProofMode;

TEST_CASE("TESSERA_PROOFS selects the proof mode and refuses other values", "[params][proofs]") {
  {
    test::EnvGuard mode("TESSERA_PROOFS", "snark");
    CHECK(params::proof_mode_from_env() == ProofMode::kSnark);
  }
  {
    test::EnvGuard mode("TESSERA_PROOFS", "");
    CHECK(params::proof_mode_from_env() == ProofMode::kSnark);
  }
  {
    test::EnvGuard mode("TESSERA_PROOFS", "vanilla");
    CHECK(params::proof_mode_from_env() == ProofMode::kVanilla);
  }
  {
    test::EnvGuard mode("TESSERA_PROOFS", "mock");
    CHECK_THROWS_AS(params::proof_mode_from_env(), InvalidInput);
    CHECK_THROWS_WITH(params::proof_mode_from_env(), Catch::Contains("TESSERA_PROOFS=mock"));
  }
  CHECK(params::proof_mode_name(ProofMode::kSnark) == "snark");
  CHECK(params::proof_mode_name(ProofMode::kVanilla) == "vanilla");
}
