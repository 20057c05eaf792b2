// WinningPoSt latency under load through the compute lanes (issue #14): a 2 KiB WinningPoSt
// (vanilla proof + Groth16, all cores) measured alone, then while, on other threads, a WindowPoSt
// over 6 2 KiB sectors (3 partitions) and an 8 MiB PC2 run over and over on the same machine,
// each asking for half the cores. Each WinningPoSt starts 2 s after the last so that the load
// holds the cores again. Parameters come from tessera's seeded local setup, in the files
// bench_groth16 writes and reuses. The PC2 is the workers' own, porep::precommit2 on disk (PC1
// done once) on its lane's context, checked against the CommR of a first run on free cores.
//   bench_post_lanes [runs (default 5)] [params-dir]
// The bound, measured in the same run, is the WinningPoSt alone: the ratio under/alone is what
// the load adds (goal <= 1.2 through the lanes). For contrast the same load runs with every
// stage on one CoreBudget at equal priority, where nothing yields to the WinningPoSt.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "bench/bounds.hpp"
#include "common/error.hpp"
#include "crypto/groth16/local_setup.hpp"
#include "crypto/groth16/mapped_parameters.hpp"
#include "crypto/groth16/verifier.hpp"
#include "gpu/compute_lanes.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/seal_in_memory.hpp"
#include "sealing/porep/seal_on_disk.hpp"

using namespace tessera;
using bench::Clock;
using bench::seconds_since;
using gpu::ComputeClass;

namespace {

constexpr std::uint64_t kPostSectorSize = 2048;
constexpr std::uint64_t kPc2SectorSize = 8u << 20;
constexpr std::size_t kWindowSectors = 6;                    // 3 partitions of 2 sectors
constexpr auto kPauseBetweenRuns = std::chrono::seconds(2);  // lets the load take the cores again

// Fr32-padded sector data from a seeded generator.
Bytes padded_data(std::uint64_t size, unsigned seed) {
  std::mt19937 rng(seed);
  Bytes unpadded(size / 128 * 127), padded(size);
  for (auto& b : unpadded) b = static_cast<std::uint8_t>(rng());
  porep::fr32_pad(unpadded.data(), padded.data(), size / 128);
  return padded;
}

porep::SealOutput seal_2kib(std::uint64_t sector_number) {
  porep::SealInputs seal;
  seal.registered_proof = porep::seal_proof_for_size(kPostSectorSize).id;
  seal.sector_number = sector_number;
  return porep::seal_in_memory(seal,
                               padded_data(kPostSectorSize, static_cast<unsigned>(sector_number)));
}

// The circuit's parameters from bench_groth16's file, set up with its seed when missing.
std::filesystem::path post_parameters(params::Circuit circuit, const std::filesystem::path& dir) {
  const std::string name = circuit == params::Circuit::kWinningPoSt ? "winning" : "window";
  const auto file =
      dir / ("tessera-bench-" + name + "-" + std::to_string(kPostSectorSize) + ".params");
  if (std::filesystem::exists(file)) return file;
  std::cerr << "setting up " << name << " parameters into " << file.string() << "\n";
  std::array<std::uint8_t, 32> seed{};
  seed.fill(0x5e);
  StageContext ctx(CoreBudget::process(), kAllCores);
  const auto params =
      groth16::generate_parameters(post::circuit::blank_post_synthesizer(circuit, kPostSectorSize),
                                   groth16::ToxicWaste::from_seed(seed), ctx);
  groth16::write_parameters(params, file);
  return file;
}

// Everything the stages prove or seal, made once.
struct Workload {
  std::vector<porep::SealOutput> post_sectors;  // sector i has number i + 1
  std::filesystem::path pc2_cache, pc2_sealed;  // PC1 done
  std::int64_t pc2_proof = 0;
  crypto::Digest32 pc2_comm_r{};  // a first PC2's, on free cores
  std::unique_ptr<groth16::MappedParameters> winning_params, window_params;
  groth16::PreparedVerifyingKey winning_vk;
};

post::PostChallengeParams winning_challenge(std::uint64_t round) {
  post::PostChallengeParams params{
      .api = post::PostApi::kV1_0, .challenge_count = 66, .sector_size = kPostSectorSize};
  params.randomness.fill(static_cast<std::uint8_t>(round));
  return params;
}

// One WinningPoSt of the first sector (vanilla proof + SNARK) on ctx; returns the proof.
Bytes winning_post(const Workload& w, std::uint64_t round, StageContext& ctx) {
  const auto params = winning_challenge(round);
  const auto& sector = w.post_sectors.front();
  const auto vanilla = post::prove_sector(params, 0, 1, sector.tree_r, sector.comm_c);
  return post::circuit::prove_winning_post_snark(params, {1, sector.comm_r}, vanilla,
                                                 *w.winning_params, ctx);
}

// One WindowPoSt over every sector (vanilla proofs + one SNARK per partition) on ctx.
void window_post(const Workload& w, StageContext& ctx) {
  const auto shape =
      post::circuit::post_circuit_shape(params::Circuit::kWindowPoSt, kPostSectorSize);
  post::PostChallengeParams params{.api = post::PostApi::kV1_2,
                                   .challenge_count = shape.challenge_count,
                                   .sector_size = kPostSectorSize};
  params.randomness.fill(0x07);
  std::vector<post::circuit::PostPublicSector> sectors;
  std::vector<post::SectorPostProof> vanilla;
  for (std::size_t i = 0; i < w.post_sectors.size(); ++i) {
    const auto& s = w.post_sectors[i];
    sectors.push_back({i + 1, s.comm_r});
    vanilla.push_back(post::prove_sector(params, i, i + 1, s.tree_r, s.comm_c));
  }
  post::circuit::prove_window_post_snark(params, sectors, vanilla, *w.window_params, ctx);
}

// The 8 MiB sector's PC2 again on ctx (the PC2 lane's, yielding between batches); Error when
// its CommR is not the first run's.
void pc2(const Workload& w, StageContext& ctx) {
  if (porep::precommit2(w.pc2_proof, w.pc2_cache, w.pc2_sealed, {}, &ctx).comm_r != w.pc2_comm_r)
    throw Error("PC2 CommR differs from the first run's");
}

// The 2 KiB sectors sealed in memory, and PC1 of the 8 MiB one on disk in `dir`.
Workload make_workload(const std::filesystem::path& dir) {
  Workload w;
  std::cerr << "sealing " << kWindowSectors << " 2 KiB sectors and PC1 of an 8 MiB one\n";
  for (std::uint64_t n = 1; n <= kWindowSectors; ++n) w.post_sectors.push_back(seal_2kib(n));
  porep::SealInputs seal;
  seal.registered_proof = w.pc2_proof = porep::seal_proof_for_size(kPc2SectorSize).id;
  const auto staged = dir / "pc2-staged";
  const Bytes data = padded_data(kPc2SectorSize, 99);
  std::ofstream(staged, std::ios::binary)
      .write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  w.pc2_cache = dir / "pc2-cache";
  w.pc2_sealed = dir / "pc2-sealed";
  porep::precommit1(seal, staged, w.pc2_cache, w.pc2_sealed);
  w.pc2_comm_r = porep::precommit2(w.pc2_proof, w.pc2_cache, w.pc2_sealed).comm_r;
  w.winning_params = std::make_unique<groth16::MappedParameters>(
      post_parameters(params::Circuit::kWinningPoSt, dir));
  w.window_params = std::make_unique<groth16::MappedParameters>(
      post_parameters(params::Circuit::kWindowPoSt, dir));
  w.winning_vk = groth16::prepare_verifying_key(w.winning_params->vk());
  return w;
}

// Runs a stage of a class with `cores` cores: through the compute lanes, or on one budget at
// equal priority. Throws Cancelled when stop is requested while it waits or at a yield point.
using Stage = std::function<void(StageContext&)>;
using RunStage = std::function<void(ComputeClass, unsigned cores, std::stop_token, const Stage&)>;

RunStage through_lanes(gpu::ComputeLanes& lanes) {
  return [&lanes](ComputeClass c, unsigned cores, std::stop_token stop, const Stage& stage) {
    auto lane = lanes.enter(c, cores, std::move(stop));
    stage(lane.ctx());
  };
}

RunStage at_equal_priority(CoreBudget& budget) {
  return [&budget](ComputeClass, unsigned cores, std::stop_token stop, const Stage& stage) {
    StageContext ctx(budget, cores, 0, std::move(stop));
    stage(ctx);
  };
}

// A stage run over and over on its own thread until stopped, counting the runs it finished.
class Load {
 public:
  Load(const RunStage& run, ComputeClass c, unsigned cores, Stage stage)
      : thread_([this, run, c, cores, stage = std::move(stage)](std::stop_token stop) {
          while (!stop.stop_requested()) {
            try {
              run(c, cores, stop, [&](StageContext& ctx) {
                started_ = true;
                stage(ctx);
              });
              ++finished_;
            } catch (const Cancelled&) {
            }
          }
        }) {}
  bool started() const { return started_; }
  unsigned finished() const { return finished_; }

 private:
  std::atomic<bool> started_{false};
  std::atomic<unsigned> finished_{0};
  std::jthread thread_;  // last: stopped and joined first
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Medians of WinningPoSt runs: latency (from asking for cores to the proof) and the part of it
// spent waiting for cores.
struct Latency {
  double total = 0, waiting = 0;
};

// `runs` WinningPoSts, each proof verified, after a pause each that lets any load take the cores.
Latency winning_medians(const Workload& w, const RunStage& run, int runs,
                        const std::string& label) {
  std::vector<double> totals, waits;
  for (int i = 0; i < runs; ++i) {
    std::this_thread::sleep_for(kPauseBetweenRuns);
    Bytes proof;
    const auto start = Clock::now();
    run(ComputeClass::kWinningPost, kAllCores, {}, [&](StageContext& ctx) {
      waits.push_back(seconds_since(start));
      proof = winning_post(w, static_cast<std::uint64_t>(i), ctx);
    });
    totals.push_back(seconds_since(start));
    const auto params = winning_challenge(static_cast<std::uint64_t>(i));
    if (!post::circuit::verify_winning_post_snark(params, {1, w.post_sectors.front().comm_r}, proof,
                                                  w.winning_vk)) {
      throw Error("a WinningPoSt proof does not verify");
    }
    std::cerr << label << " WinningPoSt " << i + 1 << "/" << runs << ": " << totals.back() << " s ("
              << waits.back() << " s waiting for cores)\n";
  }
  return {median(totals), median(waits)};
}

// The WinningPoSt median while a WindowPoSt and a PC2 run on other threads through `run`.
Latency under_load(const Workload& w, const RunStage& run, int runs, const std::string& label) {
  const unsigned half = std::max(1u, CoreBudget::hardware_cores() / 2);
  Load window(run, ComputeClass::kWindowPost, half,
              [&](StageContext& ctx) { window_post(w, ctx); });
  Load precommit2(run, ComputeClass::kPreCommit2, half, [&](StageContext& ctx) { pc2(w, ctx); });
  while (!window.started() || !precommit2.started())
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const Latency result = winning_medians(w, run, runs, label);
  std::cerr << label << ": the load finished " << window.finished() << " WindowPoSt and "
            << precommit2.finished() << " PC2 runs meanwhile\n";
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  const std::filesystem::path dir =
      argc > 2 ? std::filesystem::path(argv[2])
               : std::filesystem::temp_directory_path() / "tessera-bench-params";
  if (runs < 1) {
    std::cerr << "usage: bench_post_lanes [runs] [params-dir]\n";
    return 2;
  }
  std::filesystem::create_directories(dir);
  const Workload w = make_workload(dir);
  const unsigned cores = CoreBudget::hardware_cores();
  gpu::ComputeLanes lanes(gpu::LanesConfig{.total_cores = cores});
  CoreBudget flat(cores);

  const Latency alone = winning_medians(w, through_lanes(lanes), runs, "alone");
  const Latency in_lanes = under_load(w, through_lanes(lanes), runs, "lanes");
  const Latency flat_budget = under_load(w, at_equal_priority(flat), runs, "equal priority");
  std::cout << "WinningPoSt 2 KiB on " << cores << " cores, median of " << runs << ": alone "
            << alone.total << " s; under a WindowPoSt of " << kWindowSectors
            << " sectors + an 8 MiB PC2: through the lanes " << in_lanes.total << " s ("
            << in_lanes.waiting << " s waiting for cores), ratio " << in_lanes.total / alone.total
            << " (goal <= 1.2); on one budget at equal priority " << flat_budget.total << " s ("
            << flat_budget.waiting << " s waiting), ratio " << flat_budget.total / alone.total
            << "\n";
  return 0;
}
