#include <catch2/catch.hpp>

#include "crypto/r1cs/counting_cs.hpp"
#include "post/fallback/circuit/fallback_post_circuit.hpp"
#include "sealing/porep/circuit/stacked_circuit.hpp"
#include "sealing/porep/proof_types.hpp"

using namespace tessera;

// Hidden (about a minute): run with tessera_tests "[r1cs-big]". The counts are those of
// rust-fil-proofs PR #1325's circuitinfo output for the v28 circuits and of the comment next to
// WINDOW_POST_SECTOR_COUNT in filecoin-proofs/src/constants.rs (reference/snark.md §2.1); the
// input counts are the official .vk ic lengths (§1.2).
TEST_CASE("official 32 and 64 GiB circuits have the published sizes", "[.][r1cs-big]") {
  const auto& info32 = porep::seal_proof_for_size(32ULL << 30);
  {
    crypto::r1cs::CountingConstraintSystem cs;
    porep::circuit::synthesize_stacked_circuit(
        cs, porep::circuit::blank_stacked_circuit(
                porep::circuit::StackedCircuitShape::for_proof(info32)));
    CHECK(cs.num_constraints() == 130278541);
    CHECK(cs.num_inputs() == 328);
  }
  auto window = [](std::uint64_t size, std::uint64_t sectors, std::size_t top) {
    post::circuit::PostCircuitShape shape;
    shape.sector_size = size;
    shape.challenge_count = 10;
    shape.sector_count = sectors;
    shape.tree_r = {crypto::TreeHash::kPoseidon, 8, 8, top};
    crypto::r1cs::CountingConstraintSystem cs;
    post::circuit::synthesize_fallback_post(cs, post::circuit::blank_fallback_post_circuit(shape));
    return std::pair{cs.num_constraints(), cs.num_inputs()};
  };
  CHECK(window(32ULL << 30, 2349, 0) == std::pair<std::size_t, std::size_t>{125279217, 25840});
  CHECK(window(64ULL << 30, 2300, 2) == std::pair<std::size_t, std::size_t>{129887900, 25301});
}
