// Groth16 proving of the Filecoin circuits at devnet sizes (C2 of one PoRep partition, one Window
// PoSt partition, Winning PoSt): prove time and peak memory, on parameters from tessera's seeded
// local setup (generated once into a directory and reused; a separate process, so the proving
// run's peak memory is its own).
//   bench_groth16 [porep|window|winning] [2KiB|8MiB] [params-dir]
// The bound, measured in the same run, is the proof's multi-scalar multiplications alone: the
// number of G1 and G2 points times the per-point time of a 2^16-point G1 MSM and a 2^14-point G2
// MSM on all cores. The ratio says how much the rest (synthesis, FFTs, decoding) adds.
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>

#include "bench/bounds.hpp"
#include "common/encoding.hpp"
#include "common/progress.hpp"
#include "crypto/bls12_381/msm.hpp"
#include "crypto/groth16/local_setup.hpp"
#include "crypto/groth16/mapped_parameters.hpp"
#include "crypto/groth16/prover.hpp"
#include "crypto/groth16/verifier.hpp"
#include "post/fallback/circuit/fallback_post_circuit.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "sealing/porep/circuit/porep_snark.hpp"
#include "sealing/porep/circuit/stacked_circuit.hpp"
#include "sealing/porep/circuit/stacked_public_inputs.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/seal_in_memory.hpp"

using namespace tessera;
using bench::Clock;
using bench::seconds_since;
using crypto::Fr;
using crypto::r1cs::ConstraintSystem;

namespace {

struct Job {
  std::string circuit;  // porep, window, winning
  std::uint64_t size = 2048;
  std::filesystem::path dir;
  std::filesystem::path params_file() const {
    return dir / ("tessera-bench-" + circuit + "-" + std::to_string(size) + ".params");
  }
};

// One circuit: blank for setup, with a witness for proving, and its public inputs.
struct Statement {
  groth16::Synthesizer blank, witness;
  std::vector<Fr> inputs;
};

Statement statement(const Job& job) {
  std::mt19937 rng(1);
  Bytes unpadded(job.size / 128 * 127), padded(job.size);
  for (auto& b : unpadded) b = static_cast<std::uint8_t>(rng());
  porep::fr32_pad(unpadded.data(), padded.data(), job.size / 128);
  porep::SealInputs seal;
  seal.registered_proof = porep::seal_proof_for_size(job.size).id;
  seal.sector_number = 1;
  const auto sealed = porep::seal_in_memory(seal, padded);

  Statement st;
  if (job.circuit == "porep") {
    crypto::Digest32 seed;
    seed.fill(0x42);
    const auto proof = porep::prove_porep(seal.registered_proof, sealed, seed);
    const porep::PorepPublicInputs pub{seal.registered_proof, sealed.replica_id, sealed.comm_d,
                                       sealed.comm_r, seed};
    auto circuit = std::make_shared<porep::circuit::StackedCircuit>(
        porep::circuit::stacked_circuit(pub, proof, 0));
    st.blank = porep::circuit::blank_porep_synthesizer(seal.registered_proof);
    st.witness = [circuit](ConstraintSystem& cs) {
      porep::circuit::synthesize_stacked_circuit(cs, *circuit);
    };
    st.inputs = porep::circuit::stacked_public_inputs(pub, 0);
    return st;
  }
  const bool window = job.circuit == "window";
  const params::Circuit kind =
      window ? params::Circuit::kWindowPoSt : params::Circuit::kWinningPoSt;
  const auto shape = post::circuit::post_circuit_shape(kind, job.size);
  post::PostChallengeParams params{
      .api = window ? post::PostApi::kV1_2 : post::PostApi::kV1_0,
      .challenge_count = window ? shape.challenge_count : shape.sector_count,
      .sector_size = job.size};
  params.randomness.fill(0x07);
  const auto vanilla = post::prove_sector(params, 0, 1, sealed.tree_r, sealed.comm_c);
  auto circuit = std::make_shared<post::circuit::FallbackPostCircuit>(
      window ? post::circuit::fallback_post_circuit(shape, {sealed.comm_r}, {vanilla})
             : post::circuit::winning_post_circuit(shape, sealed.comm_r, vanilla));
  st.blank = post::circuit::blank_post_synthesizer(kind, job.size);
  st.witness = [circuit](ConstraintSystem& cs) {
    post::circuit::synthesize_fallback_post(cs, *circuit);
  };
  const std::vector<post::circuit::PostPublicSector> sectors(window ? 1 : 66, {1, sealed.comm_r});
  st.inputs =
      post::circuit::fallback_post_public_inputs(shape, params.randomness, params.api, sectors, 0);
  return st;
}

int run_setup(const Job& job) {
  const Statement st = statement(job);
  progress::Reporter reporter(std::cerr, "groth16 setup", progress::is_terminal(std::cerr));
  StageContext ctx(
      CoreBudget::process(), kAllCores, 0, {}, [&](std::uint64_t done, std::uint64_t total) {
        reporter.update("points", static_cast<double>(done) / static_cast<double>(total));
      });
  std::array<std::uint8_t, 32> seed{};
  seed.fill(0x5e);
  const auto start = Clock::now();
  const auto params =
      groth16::generate_parameters(st.blank, groth16::ToxicWaste::from_seed(seed), ctx);
  reporter.finish("");
  groth16::write_parameters(params, job.params_file());
  std::cout << "setup " << job.circuit << " " << job.size << " B: " << seconds_since(start)
            << " s, " << std::filesystem::file_size(job.params_file()) << " bytes -> "
            << job.params_file().string() << "\n";
  return 0;
}

// Seconds per point of an MSM of n random points on all cores.
template <class Affine, class Jac>
double msm_seconds_per_point(std::size_t n, const Affine& generator) {
  std::mt19937_64 rng(3);
  std::vector<bls12_381::Scalar> scalars(n);
  for (auto& s : scalars) s = {rng(), rng(), rng(), rng() >> 2};
  std::vector<Affine> bases(n);
  Jac p = Jac::from_affine(generator);
  for (auto& b : bases) {
    b = p.to_affine();
    p = p + Jac::from_affine(generator).mul(rng());
  }
  StageContext ctx(CoreBudget::process(), kAllCores);
  const auto start = Clock::now();
  volatile bool sink = bls12_381::msm(bases, scalars, ctx).is_identity();
  (void)sink;
  return seconds_since(start) / static_cast<double>(n);
}

long peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

int run_prove(const Job& job, const char* self) {
  if (!std::filesystem::exists(job.params_file())) {
    const std::string cmd = std::string(self) + " --setup " + job.circuit + " " +
                            std::to_string(job.size) + " '" + job.dir.string() + "'";
    if (std::system(cmd.c_str()) != 0) return 1;
  }
  const Statement st = statement(job);
  const groth16::MappedParameters params(job.params_file());
  const long rss_before = peak_rss_mib();
  const auto start = Clock::now();
  const auto proof = [&] {
    StageContext ctx(CoreBudget::process(), kAllCores);  // released before the bound is measured
    return groth16::create_random_proof(params, st.witness, ctx);
  }();
  const double prove_s = seconds_since(start);
  const long rss_after = peak_rss_mib();
  const bool ok =
      groth16::verify_proof(groth16::prepare_verifying_key(params.vk()), proof, st.inputs);

  const double g1 =
      msm_seconds_per_point<bls12_381::G1Affine, bls12_381::G1>(1 << 16, bls12_381::g1_generator());
  const double g2 =
      msm_seconds_per_point<bls12_381::G2Affine, bls12_381::G2>(1 << 14, bls12_381::g2_generator());
  using groth16::G1Query;
  const double g1_points =
      static_cast<double>(params.g1_count(G1Query::kH) + params.g1_count(G1Query::kL) +
                          params.g1_count(G1Query::kA) + params.g1_count(G1Query::kBG1));
  const double bound = g1_points * g1 + static_cast<double>(params.b_g2_count()) * g2;
  std::cout << job.circuit << " " << job.size << " B on " << CoreBudget::process().cores()
            << " cores: prove " << prove_s << " s, verifies " << (ok ? "yes" : "NO")
            << "; peak RSS " << rss_after << " MiB (" << rss_before
            << " MiB before proving); MSM bound " << bound << " s (" << g1_points << " G1 + "
            << params.b_g2_count() << " G2 points), ratio " << prove_s / bound << "\n";
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const bool setup = !args.empty() && args[0] == "--setup";
  if (setup) args.erase(args.begin());
  Job job;
  job.circuit = args.size() > 0 ? args[0] : "porep";
  const std::string size = args.size() > 1 ? args[1] : "2048";
  job.size = size == "8MiB" ? (8u << 20) : size == "2KiB" ? 2048 : std::stoull(size);
  job.dir = args.size() > 2 ? std::filesystem::path(args[2])
                            : std::filesystem::temp_directory_path() / "tessera-bench-params";
  if ((job.circuit != "porep" && job.circuit != "window" && job.circuit != "winning") ||
      (job.size != 2048 && job.size != (8u << 20))) {
    std::cerr << "usage: bench_groth16 [porep|window|winning] [2KiB|8MiB] [params-dir]\n";
    return 2;
  }
  std::filesystem::create_directories(job.dir);
  return setup ? run_setup(job) : run_prove(job, argv[0]);
}
