// Sizes of the official Filecoin circuits as this project synthesizes them: constraints, public
// inputs (ONE included) and aux variables of one PoRep partition, one Window PoSt partition and
// the Winning PoSt circuit, with the time to synthesize each blank into a counting system. The
// bound printed alongside is the same run's rate of counting bare SHA-256 gadget compressions
// (which make up nearly all PoRep constraints): circuit constraints/s over that rate.
//
// With --witness it also seals random data of each size in memory (2 KiB and 8 MiB only), makes
// the vanilla PoRep proof and times synthesizing partition 0 with that witness into a checking
// system (every constraint evaluated) and a recording system (what a Groth16 prover keeps).
//
//   build/bench/bench_circuit_count [--witness] [sector sizes: 2KiB 8MiB 512MiB 32GiB 64GiB;
//                                                 default 2KiB 8MiB]
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bench/bounds.hpp"
#include "crypto/r1cs/counting_cs.hpp"
#include "crypto/r1cs/recording_cs.hpp"
#include "crypto/r1cs/sha256_gadget.hpp"
#include "crypto/r1cs/test_cs.hpp"
#include "post/fallback/circuit/fallback_post_circuit.hpp"
#include "sealing/porep/circuit/stacked_circuit.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/seal_in_memory.hpp"

using namespace tessera;
using bench::Clock;
using bench::seconds_since;

namespace {

std::uint64_t parse_size(const std::string& s) {
  const std::uint64_t n = std::stoull(s);
  if (s.find("KiB") != std::string::npos) return n << 10;
  if (s.find("MiB") != std::string::npos) return n << 20;
  if (s.find("GiB") != std::string::npos) return n << 30;
  return n;
}

// Constraints/s of counting SHA-256 compressions of an allocated block.
double sha256_gadget_rate() {
  crypto::r1cs::CountingConstraintSystem cs;
  std::vector<crypto::r1cs::Boolean> block;
  for (int i = 0; i < 512; ++i) {
    block.push_back(crypto::r1cs::Boolean::is(crypto::r1cs::AllocatedBit::alloc(cs, i & 1)));
  }
  const std::size_t before = cs.num_constraints();
  auto start = Clock::now();
  while (seconds_since(start) < 1.0) crypto::r1cs::sha256_block_no_padding(cs, block);
  return static_cast<double>(cs.num_constraints() - before) / seconds_since(start);
}

void report(const char* name, const crypto::r1cs::CountingConstraintSystem& cs, double secs,
            double bound) {
  const double rate = static_cast<double>(cs.num_constraints()) / secs;
  std::printf(
      "  %-8s constraints %12zu  inputs %6zu  aux %12zu  synthesis %8.3f s  (%.2f of the "
      "SHA-256 gadget rate)\n",
      name, cs.num_constraints(), cs.num_inputs(), cs.num_aux(), secs, rate / bound);
}

// Seals random padded data, proves it and times the witnessed synthesis of partition 0.
void witness_run(std::uint64_t size) {
  const auto& info = porep::seal_proof_for_size(size);
  std::mt19937_64 rng(size);
  Bytes data(size);
  for (std::size_t i = 0; i < size; i += 8) {
    const std::uint64_t v = rng();
    std::copy_n(reinterpret_cast<const std::uint8_t*>(&v), 8, data.begin() + i);
  }
  for (std::size_t i = 31; i < size; i += 32) data[i] &= 0x3f;  // Fr32-padded nodes
  porep::SealInputs inputs;
  inputs.registered_proof = info.id;
  inputs.ticket.fill(0x11);
  auto start = Clock::now();
  const auto sealed = porep::seal_in_memory(inputs, data);
  crypto::Digest32 seed;
  seed.fill(0x22);
  const auto proof = porep::prove_porep(info.id, sealed, seed);
  std::printf("  sealed and proved in %.2f s\n", seconds_since(start));
  const porep::PorepPublicInputs pub{info.id, sealed.replica_id, sealed.comm_d, sealed.comm_r,
                                     seed};
  const auto circuit = porep::circuit::stacked_circuit(pub, proof, 0);
  {
    crypto::r1cs::TestConstraintSystem cs;
    start = Clock::now();
    porep::circuit::synthesize_stacked_circuit(cs, circuit);
    std::printf("  witnessed PoRep into a checking system: %zu constraints in %.3f s, %s\n",
                cs.num_constraints(), seconds_since(start),
                cs.is_satisfied() ? "all satisfied" : "NOT SATISFIED");
  }
  {
    crypto::r1cs::RecordingConstraintSystem cs;
    start = Clock::now();
    porep::circuit::synthesize_stacked_circuit(cs, circuit);
    cs.add_input_constraints();
    std::printf("  witnessed PoRep into a recording system: %zu constraints in %.3f s\n",
                cs.constraints().size(), seconds_since(start));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> sizes;
  bool witness = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--witness") {
      witness = true;
    } else {
      sizes.emplace_back(argv[i]);
    }
  }
  if (sizes.empty()) sizes = {"2KiB", "8MiB"};
  const double bound = sha256_gadget_rate();
  std::printf("SHA-256 gadget counting rate: %.0f constraints/s\n", bound);
  for (const auto& size_text : sizes) {
    const std::uint64_t size = parse_size(size_text);
    const auto& info = porep::seal_proof_for_size(size);
    std::printf("%s (%s, tree 8-%u-%u)\n", size_text.c_str(), info.name.c_str(), info.sub_arity,
                info.top_arity);
    {
      crypto::r1cs::CountingConstraintSystem cs;
      auto start = Clock::now();
      const auto circuit = porep::circuit::blank_stacked_circuit(
          porep::circuit::StackedCircuitShape::for_proof(info));
      porep::circuit::synthesize_stacked_circuit(cs, circuit);
      report("PoRep", cs, seconds_since(start), bound);
    }
    post::circuit::PostCircuitShape post_shape;
    post_shape.sector_size = size;
    post_shape.tree_r = {crypto::TreeHash::kPoseidon, 8, info.sub_arity, info.top_arity};
    {
      // Window PoSt sectors per partition (reference/snark.md §2.1).
      post_shape.challenge_count = 10;
      post_shape.sector_count = size == (32ULL << 30) ? 2349 : size == (64ULL << 30) ? 2300 : 2;
      crypto::r1cs::CountingConstraintSystem cs;
      auto start = Clock::now();
      post::circuit::synthesize_fallback_post(
          cs, post::circuit::blank_fallback_post_circuit(post_shape));
      report("Window", cs, seconds_since(start), bound);
    }
    {
      post_shape.challenge_count = 1;
      post_shape.sector_count = 66;
      crypto::r1cs::CountingConstraintSystem cs;
      auto start = Clock::now();
      post::circuit::synthesize_fallback_post(
          cs, post::circuit::blank_fallback_post_circuit(post_shape));
      report("Winning", cs, seconds_since(start), bound);
    }
    if (witness && size <= (8ULL << 20)) witness_run(size);
  }
  return 0;
}
