#include <catch2/catch.hpp>

#include <chrono>
#include <random>

#include "common/encoding.hpp"
#include "common/error.hpp"
#include "crypto/r1cs/counting_cs.hpp"
#include "crypto/r1cs/test_cs.hpp"
#include "sealing/porep/challenges.hpp"
#include "sealing/porep/circuit/label_gadgets.hpp"
#include "sealing/porep/circuit/stacked_circuit.hpp"
#include "sealing/porep/circuit/stacked_public_inputs.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/labels.hpp"
#include "sealing/porep/seal_in_memory.hpp"

using namespace tessera;
using namespace tessera::porep;
using namespace tessera::porep::circuit;
using crypto::Fr;
using crypto::r1cs::AllocatedBit;
using crypto::r1cs::Boolean;

namespace {

crypto::Digest32 digest_hex(const std::string& hex) {
  crypto::Digest32 d{};
  const Bytes bytes = hex_decode(hex);
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

// Bytes as allocated bits, most significant bit of each byte first (bytes_into_boolean_vec_be).
std::vector<Boolean> alloc_bits_be(crypto::r1cs::ConstraintSystem& cs, const std::uint8_t* bytes,
                                   std::size_t n) {
  std::vector<Boolean> bits;
  for (std::size_t k = 0; k < n; ++k) {
    for (int i = 7; i >= 0; --i) {
      bits.push_back(Boolean::is(AllocatedBit::alloc(cs, (bytes[k] >> i) & 1)));
    }
  }
  return bits;
}

struct Counts {
  std::size_t inputs, constraints;
};

Counts count(const StackedCircuitShape& shape) {
  crypto::r1cs::CountingConstraintSystem cs;
  synthesize_stacked_circuit(cs, blank_stacked_circuit(shape));
  return {cs.num_inputs(), cs.num_constraints()};
}

}  // namespace

TEST_CASE("create_label gadget equals the SDR label and costs 532,025 constraints", "[r1cs]") {
  // rust-fil-proofs storage-proofs-porep/src/stacked/circuit/create_label.rs test_create_label:
  // layer 3, node 22, 37 parents; the count includes the 37 × 256 + 256 bit allocations.
  std::mt19937_64 rng(22);
  crypto::Digest32 replica_id{};
  for (auto& b : replica_id) b = static_cast<std::uint8_t>(rng());
  replica_id[31] &= 0x3f;
  std::vector<std::uint8_t> parents(kLabelParents * 32);
  for (std::size_t p = 0; p < 14; ++p) {
    for (std::size_t i = 0; i < 32; ++i) parents[p * 32 + i] = static_cast<std::uint8_t>(rng());
    parents[p * 32 + 31] &= 0x3f;
  }
  for (std::size_t p = 14; p < kLabelParents; ++p) {
    std::copy_n(parents.begin() + static_cast<std::ptrdiff_t>((p % 14) * 32), 32,
                parents.begin() + static_cast<std::ptrdiff_t>(p * 32));
  }
  crypto::r1cs::TestConstraintSystem cs;
  std::vector<std::vector<Boolean>> parent_bits;
  for (std::size_t p = 0; p < kLabelParents; ++p) {
    parent_bits.push_back(alloc_bits_be(cs, parents.data() + p * 32, 32));
  }
  const auto id_bits = alloc_bits_be(cs, replica_id.data(), 32);
  const auto label =
      create_label_circuit(cs, id_bits, parent_bits, crypto::r1cs::UInt32::constant(3),
                           crypto::r1cs::UInt64::constant(22));
  CHECK(cs.is_satisfied());
  CHECK(cs.num_constraints() == 532025);
  const auto expected = label_hash(replica_id, 3, 22, parents.data());
  CHECK(label.value == Fr::from_bytes(expected.data()));
  CHECK_THROWS_AS(create_label_circuit(cs, id_bits, {}, crypto::r1cs::UInt32::constant(3),
                                       crypto::r1cs::UInt64::constant(22)),
                  InvalidInput);
}

TEST_CASE("stacked circuit counts match rust-fil-proofs' stacked_circuit tests", "[r1cs]") {
  // rust-fil-proofs storage-proofs-porep/tests/stacked_circuit.rs: 1 challenge, 2 layers,
  // nodes = 8 · base tree count; 22 inputs (ONE included).
  const auto shape = [](std::uint64_t nodes, std::size_t base, std::size_t sub, std::size_t top) {
    StackedCircuitShape s;
    s.nodes = nodes;
    s.layers = 2;
    s.challenges = 1;
    s.tree_r = {crypto::TreeHash::kPoseidon, base, sub, top};
    return s;
  };
  const struct {
    StackedCircuitShape shape;
    std::size_t constraints;
  } cases[] = {{shape(8, 2, 0, 0), 1206212},
               {shape(8, 8, 0, 0), 1199620},
               {shape(32, 8, 4, 0), 1296576},
               {shape(64, 8, 4, 2), 1346982}};
  for (const auto& c : cases) {
    const Counts got = count(c.shape);
    CHECK(got.inputs == 22);
    CHECK(got.constraints == c.constraints);
  }
}

TEST_CASE("stacked public inputs reproduce the polka-storage 2 KiB vector", "[r1cs]") {
  // reference/snark.md §4.4 (a): polka-storage pallets/proofs/src/tests/porep.rs, 64 nodes,
  // porep_id 32 × 00 with API 1.2 graph rules, seed 32 × 0x0d; challenges [37, 29] and their
  // parents were verified there against a real Groth16 proof.
  const auto replica_id =
      digest_hex("b9a46849a25004df1345838204c76a324d7adb7bbb100cdf323d7996a5ac9b34");
  const auto comm_d =
      digest_hex("129c7562bb0c189544f5dccd365feaec2141eab458097a5ca8429c109d154421");
  const auto comm_r =
      digest_hex("4afb35f82a95a10187a913bc14520d9a1d173328265b301b5dcf440ef2583950");
  const SdrGraph graph(64, PorepId{}, SdrApi::kV1_1);
  crypto::Digest32 seed;
  seed.fill(0x0d);
  const auto challenges = interactive_challenges(replica_id, seed, 64, 0, 2);
  REQUIRE(challenges == std::vector<std::uint64_t>{37, 29});
  const auto inputs = stacked_public_inputs(graph, replica_id, comm_d, comm_r, challenges);
  const std::vector<std::uint64_t> indices = {37, 36, 31, 35, 36, 11, 36, 20, 54, 46, 50, 16,
                                              17, 9,  27, 37, 37, 37, 29, 28, 27, 28, 27, 11,
                                              28, 14, 21, 31, 58, 41, 12, 62, 55, 29, 29, 29};
  REQUIRE(inputs.size() == 39);
  CHECK(inputs[0] == Fr::from_bytes(replica_id.data()));
  CHECK(inputs[1] == Fr::from_bytes(comm_d.data()));
  CHECK(inputs[2] == Fr::from_bytes(comm_r.data()));
  for (std::size_t i = 0; i < indices.size(); ++i)
    CHECK(inputs[3 + i] == Fr::from_uint(indices[i]));
  CHECK_THROWS_AS(stacked_public_inputs(graph, replica_id, comm_d, comm_r, {64}), InvalidInput);
}

TEST_CASE("a real 2 KiB PoRep proof satisfies the stacked circuit; tampering does not", "[r1cs]") {
  std::mt19937 rng(5);
  Bytes unpadded(2032), padded(2048);
  for (auto& b : unpadded) b = static_cast<std::uint8_t>(rng());
  fr32_pad(unpadded.data(), padded.data(), 16);
  SealInputs seal;
  seal.sector_number = 3;
  seal.ticket.fill(0x21);
  const auto sealed = seal_in_memory(seal, padded);
  crypto::Digest32 seed;
  seed.fill(0x42);
  const auto proof = prove_porep(seal.registered_proof, sealed, seed);
  const PorepPublicInputs pub{seal.registered_proof, sealed.replica_id, sealed.comm_d,
                              sealed.comm_r, seed};
  REQUIRE(verify_porep(pub, proof));

  const StackedCircuit circuit = stacked_circuit(pub, proof, 0);
  const auto start = std::chrono::steady_clock::now();
  crypto::r1cs::TestConstraintSystem cs;
  synthesize_stacked_circuit(cs, circuit);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO("2 KiB stacked circuit: " << cs.num_constraints() << " constraints, synthesized in "
                                 << seconds << " s");
  CHECK(cs.is_satisfied());
  // 39 public inputs + ONE: the ic length of the official 2 KiB PoRep .vk (reference/snark.md
  // §1.2).
  REQUIRE(cs.num_inputs() == 40);
  const auto expected = stacked_public_inputs(pub, 0);
  CHECK(std::equal(expected.begin(), expected.end(), cs.inputs().begin() + 1));
  // The same shape as the blank circuit used for parameters.
  const Counts blank =
      count(StackedCircuitShape::for_proof(seal_proof_info(seal.registered_proof)));
  CHECK(blank.inputs == cs.num_inputs());
  CHECK(blank.constraints == cs.num_constraints());

  {  // a flipped label bit in a parent column
    StackedCircuit bad = circuit;
    auto bytes = bad.challenges[0].drg_parents[2].rows[1].to_bytes();
    bytes[0] ^= 1;
    bad.challenges[0].drg_parents[2].rows[1] = Fr::from_bytes(bytes.data());
    crypto::r1cs::TestConstraintSystem bad_cs;
    synthesize_stacked_circuit(bad_cs, bad);
    CHECK_FALSE(bad_cs.is_satisfied());
    REQUIRE(bad_cs.first_failure());
    CHECK(bad_cs.first_failure()->path.find("challenge_0") != std::string::npos);
  }
  {  // a flipped data bit
    StackedCircuit bad = circuit;
    auto bytes = bad.challenges[1].data_leaf.to_bytes();
    bytes[3] ^= 0x10;
    bad.challenges[1].data_leaf = Fr::from_bytes(bytes.data());
    crypto::r1cs::TestConstraintSystem bad_cs;
    synthesize_stacked_circuit(bad_cs, bad);
    CHECK_FALSE(bad_cs.is_satisfied());
  }
  {  // another public comm_r
    StackedCircuit bad = circuit;
    bad.comm_r = bad.comm_r + Fr::one();
    crypto::r1cs::TestConstraintSystem bad_cs;
    synthesize_stacked_circuit(bad_cs, bad);
    CHECK_FALSE(bad_cs.is_satisfied());
  }
  {  // a proof of another partition count is rejected
    CHECK_THROWS_AS(stacked_circuit(pub, proof, 1), InvalidInput);
  }
}
