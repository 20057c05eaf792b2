#include <catch2/catch.hpp>

#include <fstream>
#include <random>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "crypto/groth16/local_setup.hpp"
#include "crypto/groth16/mapped_parameters.hpp"
#include "crypto/groth16/prover.hpp"
#include "crypto/groth16/verifier.hpp"
#include "post/fallback/circuit/fallback_post_circuit.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/seal_in_memory.hpp"
#include "test/support/temp_dir.hpp"

using namespace tessera;
using namespace tessera::groth16;
using crypto::Fr;
using crypto::r1cs::ConstraintSystem;
using crypto::r1cs::LinearCombination;
using crypto::r1cs::Variable;

namespace {

// y = x³ + x + 5 with y public, plus a second input z used in B and an aux variable that appears
// only in C, so every query density rule is exercised.
Synthesizer cubic(std::uint64_t x_value, std::uint64_t z_value) {
  return [=](ConstraintSystem& cs) {
    const Fr x = Fr::from_uint(x_value), z = Fr::from_uint(z_value);
    const Fr y = x * x * x + x + Fr::from_uint(5);
    const Variable xv = cs.alloc(x);
    const Variable x2 = cs.alloc(x * x);
    cs.enforce(LinearCombination::of(xv), LinearCombination::of(xv), LinearCombination::of(x2));
    const Variable x3 = cs.alloc(x * x * x);
    cs.enforce(LinearCombination::of(x2), LinearCombination::of(xv), LinearCombination::of(x3));
    const Variable yv = cs.alloc_input(y);
    cs.enforce(LinearCombination::of(x3).add(xv).add(Variable::one(), Fr::from_uint(5)),
               LinearCombination::of(Variable::one()), LinearCombination::of(yv));
    const Variable zv = cs.alloc_input(z);
    const Variable xz = cs.alloc(x * z);
    cs.enforce(LinearCombination::of(xv), LinearCombination::of(zv), LinearCombination::of(xz));
  };
}

std::vector<Fr> cubic_inputs(std::uint64_t x, std::uint64_t z) {
  const Fr xf = Fr::from_uint(x);
  return {xf * xf * xf + xf + Fr::from_uint(5), Fr::from_uint(z)};
}

std::array<std::uint8_t, 32> seed(std::uint8_t b) {
  std::array<std::uint8_t, 32> s{};
  s.fill(b);
  return s;
}

struct Context {
  CoreBudget budget{2};
  StageContext ctx{budget, 2};
};

}  // namespace

TEST_CASE("Groth16: a local setup's proof verifies, and one changed bit does not", "[groth16]") {
  Context c;
  const Parameters params = generate_parameters(cubic(0, 0), ToxicWaste::from_seed(seed(7)), c.ctx);
  CHECK(params.vk.ic.size() == 3);
  CHECK(params.l.size() == 4);
  CHECK(params.h.size() == 7);         // 4 + 3 input constraints → m = 8
  CHECK(params.a.size() == 3 + 3);     // every input, then x, x², x³ (xz is in no A)
  CHECK(params.b_g1.size() == 2 + 1);  // ONE and z, then x
  CHECK(params.b_g2.size() == 3);
  const PreparedVerifyingKey pvk = prepare_verifying_key(params.vk);
  const ParametersView view(params);

  const Proof proof = create_proof(view, cubic(3, 9), Fr::from_uint(11), Fr::from_uint(13), c.ctx);
  CHECK(verify_proof(pvk, proof, cubic_inputs(3, 9)));
  // Fresh randomness: another proof of the same statement, also valid.
  const Proof other = create_random_proof(view, cubic(3, 9), c.ctx);
  CHECK(write_proof(other) != write_proof(proof));
  CHECK(verify_proof(pvk, other, cubic_inputs(3, 9)));

  SECTION("a changed input fails") {
    auto inputs = cubic_inputs(3, 9);
    inputs[1] = inputs[1] + Fr::one();
    CHECK_FALSE(verify_proof(pvk, proof, inputs));
    CHECK_THROWS_AS(verify_proof(pvk, proof, std::vector<Fr>{inputs[0]}), InvalidInput);
  }
  SECTION("a changed proof bit fails or does not decode") {
    const auto bytes = write_proof(proof);
    int rejected = 0, refused = 0;
    for (std::size_t bit = 0; bit < bytes.size() * 8; bit += 13) {
      auto bad = bytes;
      bad[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
      try {
        if (!verify_proof(pvk, read_proof(bad), cubic_inputs(3, 9))) ++rejected;
      } catch (const InvalidInput&) {
        ++refused;
      }
    }
    CHECK(rejected + refused == static_cast<int>((bytes.size() * 8 + 12) / 13));
    CHECK(rejected > 0);
  }
  SECTION("a changed key fails") {
    VerifyingKey vk = params.vk;
    vk.ic[2] = (bls12_381::G1::from_affine(vk.ic[2]) +
                bls12_381::G1::from_affine(bls12_381::g1_generator()))
                   .to_affine();
    CHECK_FALSE(verify_proof(prepare_verifying_key(vk), proof, cubic_inputs(3, 9)));
    const Parameters again =
        generate_parameters(cubic(0, 0), ToxicWaste::from_seed(seed(8)), c.ctx);
    CHECK_FALSE(verify_proof(prepare_verifying_key(again.vk), proof, cubic_inputs(3, 9)));
  }
  SECTION("a false statement's proof fails") {
    // The witness for x = 3 claimed against the output of x = 4.
    const Proof forged = create_proof(view, cubic(3, 9), Fr::from_uint(1), Fr::from_uint(2), c.ctx);
    CHECK_FALSE(verify_proof(pvk, forged, cubic_inputs(4, 9)));
  }
  SECTION("the same seed gives the same key") {
    const Parameters same = generate_parameters(cubic(0, 0), ToxicWaste::from_seed(seed(7)), c.ctx);
    CHECK(write_verifying_key(same.vk) == write_verifying_key(params.vk));
  }
  SECTION("parameters of another circuit are refused") {
    const Synthesizer bigger = [](ConstraintSystem& cs) {
      cubic(3, 9)(cs);
      const Variable extra = cs.alloc(Fr::one());
      cs.enforce(LinearCombination::of(extra), LinearCombination::of(extra),
                 LinearCombination::of(extra));
    };
    CHECK_THROWS_AS(create_random_proof(view, bigger, c.ctx), InvalidInput);
  }
}

TEST_CASE("Groth16: an unconstrained variable or a zero secret is refused by the setup",
          "[groth16]") {
  Context c;
  const Synthesizer loose = [](ConstraintSystem& cs) {
    cubic(0, 0)(cs);
    cs.alloc(Fr::one());
  };
  CHECK_THROWS_AS(generate_parameters(loose, ToxicWaste::from_seed(seed(1)), c.ctx), InvalidInput);
  ToxicWaste w = ToxicWaste::from_seed(seed(1));
  w.delta = Fr::zero();
  CHECK_THROWS_AS(generate_parameters(cubic(0, 0), w, c.ctx), InvalidInput);
}

TEST_CASE("Groth16: .params files round-trip through the mapped reader and bad files are refused",
          "[groth16]") {
  Context c;
  test::TempDir dir;
  const Parameters params = generate_parameters(cubic(0, 0), ToxicWaste::from_seed(seed(3)), c.ctx);
  const auto file = dir / "toy.params";
  write_parameters(params, file);
  CHECK_FALSE(std::filesystem::exists(file.string() + ".tmp"));
  // Layout size (reference/snark.md §1.3): vk 868 + 96·ic, then 5 counts and the points.
  const std::size_t expected_size =
      868 + 96 * 3 + 4 * 5 +
      96 * (params.h.size() + params.l.size() + params.a.size() + params.b_g1.size()) +
      192 * params.b_g2.size();
  CHECK(std::filesystem::file_size(file) == expected_size);

  const MappedParameters mapped(file, /*check_subgroup=*/true);
  CHECK(write_verifying_key(mapped.vk()) == write_verifying_key(params.vk));
  std::vector<bls12_381::G1Affine> l(params.l.size());
  mapped.read_g1(G1Query::kL, 0, l, c.ctx);
  CHECK(l == params.l);
  const Proof proof = create_random_proof(mapped, cubic(5, 2), c.ctx);
  CHECK(verify_proof(prepare_verifying_key(mapped.vk()), proof, cubic_inputs(5, 2)));
  CHECK_THROWS_AS(mapped.read_g1(G1Query::kH, params.h.size(), l, c.ctx), InvalidInput);

  std::ifstream in(file, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto write = [&](const std::vector<char>& b) {
    const auto bad = dir / "bad.params";
    std::ofstream(bad, std::ios::binary).write(b.data(), static_cast<std::streamsize>(b.size()));
    return bad;
  };
  SECTION("truncated") {
    auto cut = bytes;
    cut.resize(bytes.size() - 1);
    CHECK_THROWS_WITH(MappedParameters(write(cut)), Catch::Contains("truncated"));
    cut.resize(500);
    CHECK_THROWS_AS(MappedParameters(write(cut)), InvalidInput);
  }
  SECTION("trailing bytes") {
    auto longer = bytes;
    longer.push_back(0);
    CHECK_THROWS_WITH(MappedParameters(write(longer)), Catch::Contains("after the last vector"));
  }
  SECTION("a point off the curve is named when read") {
    auto bad = bytes;
    const std::size_t first_h = 868 + 96 * 3 + 4;
    bad[first_h + 95] ^= 1;  // last byte of h[0]'s y
    const MappedParameters m(write(bad));
    std::vector<bls12_381::G1Affine> h(1);
    CHECK_THROWS_WITH(m.read_g1(G1Query::kH, 0, h, c.ctx), Catch::Contains("h[0]"));
  }
  CHECK_THROWS_AS(MappedParameters(dir / "missing.params"), NotFound);
}

TEST_CASE("Groth16: a real 2 KiB Window PoSt proves and verifies with tessera's own setup",
          "[groth16][post]") {
  using namespace tessera::post;
  using namespace tessera::post::circuit;
  Context c;
  std::mt19937 rng(5);
  Bytes unpadded(2032), padded(2048);
  for (auto& b : unpadded) b = static_cast<std::uint8_t>(rng());
  porep::fr32_pad(unpadded.data(), padded.data(), 16);
  porep::SealInputs seal;
  seal.sector_number = 9;
  const auto sealed = porep::seal_in_memory(seal, padded);

  PostCircuitShape shape;
  shape.sector_size = 2048;
  shape.challenge_count = 10;
  shape.sector_count = 2;
  PostChallengeParams challenge{.api = PostApi::kV1_2, .challenge_count = 10, .sector_size = 2048};
  challenge.randomness.fill(0x42);
  const auto vanilla = prove_sector(challenge, 0, 9, sealed.tree_r, sealed.comm_c);

  const Parameters params = generate_parameters(
      [&](ConstraintSystem& cs) {
        synthesize_fallback_post(cs, blank_fallback_post_circuit(shape));
      },
      ToxicWaste::from_seed(seed(0x2c)), c.ctx);
  CHECK(params.vk.ic.size() == 23);  // the official 2 KiB Window PoSt .vk's ic length (§1.2)
  const FallbackPostCircuit circuit = fallback_post_circuit(shape, {sealed.comm_r}, {vanilla});
  const Proof proof = create_random_proof(
      ParametersView(params), [&](ConstraintSystem& cs) { synthesize_fallback_post(cs, circuit); },
      c.ctx);
  const auto inputs = fallback_post_public_inputs(shape, challenge.randomness, PostApi::kV1_2,
                                                  {{9, sealed.comm_r}}, 0);
  const PreparedVerifyingKey pvk = prepare_verifying_key(params.vk);
  CHECK(verify_proof(pvk, proof, inputs));
  auto other_randomness = challenge.randomness;
  other_randomness[0] ^= 1;
  CHECK_FALSE(verify_proof(pvk, proof,
                           fallback_post_public_inputs(shape, other_randomness, PostApi::kV1_2,
                                                       {{9, sealed.comm_r}}, 0)));
}
