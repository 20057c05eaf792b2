#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <random>
#include <string>

#include "cli/commands.hpp"
#include "cli/size_format.hpp"
#include "common/cid/cid.hpp"
#include "common/error.hpp"
#include "common/file_io.hpp"
#include "common/progress.hpp"
#include "crypto/groth16/mapped_parameters.hpp"
#include "gpu/pc2_device.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "sealing/params/groth16_parameters.hpp"
#include "sealing/params/verifying_keys.hpp"
#include "sealing/porep/circuit/commit_phase2.hpp"
#include "sealing/porep/commit1.hpp"
#include "sealing/porep/commp.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "sealing/porep/sector_files.hpp"
#include "sealing/porep/vanilla_proof.hpp"
#include "sealing/workers/host_resources.hpp"

namespace tessera::cli {
namespace {

// The process's peak resident set since the last reset (VmHWM), in bytes.
double peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) * 1024.0;
  }
  return 0;
}

// Starts a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM).
void reset_peak_rss() {
  std::ofstream("/proc/self/clear_refs") << "5";
}

// CPU time (user + system) the process has used so far, in seconds.
double process_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Runs one stage with a progress line on stderr, and records its wall time, CPU time and peak
// RSS in summary.
class StageRunner {
 public:
  StageRunner(Context& ctx, nlohmann::json& summary, std::uint64_t sector_size)
      : ctx_(ctx), summary_(summary), sector_size_(sector_size) {}

  void run(const std::string& name, const std::function<void(const porep::StageProgress&)>& work) {
    reset_peak_rss();
    const double cpu_start = process_cpu_seconds();
    auto start = std::chrono::steady_clock::now();
    // A `\r` bar on a terminal; written to a file, a line per 10% or 10 s.
    progress::Reporter reporter(ctx_.err(), name, progress::is_terminal(ctx_.err()));
    work([&](const std::string& step, double fraction) { reporter.update(step, fraction); });
    auto took = std::chrono::steady_clock::now() - start;
    const double cpu = process_cpu_seconds() - cpu_start;
    const double rss = peak_rss_bytes();
    reporter.finish("[" + name + "] done in " + go_duration_string(took) + " (" +
                    bytes_per_second(static_cast<double>(sector_size_), took) + "), peak RSS " +
                    size_str(rss));
    summary_["stages"].push_back({{"stage", name},
                                  {"seconds", std::chrono::duration<double>(took).count()},
                                  {"cpu_seconds", cpu},
                                  {"peak_rss_bytes", rss}});
  }

 private:
  Context& ctx_;
  nlohmann::json& summary_;
  std::uint64_t sector_size_;
};

std::string commitment_string(const crypto::Digest32& d, bool sealed) {
  Bytes raw(d.begin(), d.end());
  return (sealed ? cid::commitment_sealed_cid(raw) : cid::commitment_unsealed_cid(raw)).to_string();
}

// Writes one piece of random data filling the sector, Fr32-padded, to staged; returns its CommP.
porep::PieceCommitment write_random_piece(std::uint64_t sector_size, std::uint64_t seed,
                                          const std::filesystem::path& staged,
                                          const porep::StageProgress& progress) {
  constexpr std::size_t kBlocks = 8192;
  std::mt19937_64 rng(seed);
  Bytes unpadded(kBlocks * porep::kFr32UnpaddedBlock), padded(kBlocks * porep::kFr32PaddedBlock);
  porep::CommPBuilder commp;
  File out(staged, O_WRONLY | O_CREAT | O_TRUNC);
  const std::uint64_t total = porep::unpadded_size(sector_size);
  for (std::uint64_t done = 0; done < total;) {
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(unpadded.size(), total - done));
    for (std::size_t i = 0; i < n; ++i) unpadded[i] = static_cast<std::uint8_t>(rng());
    commp.write(unpadded.data(), n);
    porep::fr32_pad(unpadded.data(), padded.data(), n / porep::kFr32UnpaddedBlock);
    out.write_all(padded.data(), n / porep::kFr32UnpaddedBlock * porep::kFr32PaddedBlock);
    done += n;
    progress("piece data", static_cast<double>(done) / static_cast<double>(total));
  }
  out.sync();
  return commp.finish();
}

bool files_equal(const std::filesystem::path& a, const std::filesystem::path& b,
                 std::uint64_t size) {
  File fa(a, O_RDONLY), fb(b, O_RDONLY);
  if (fa.size() != size || fb.size() != size) return false;
  Bytes x(1 << 20), y(1 << 20);
  for (std::uint64_t at = 0; at < size; at += x.size()) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(x.size(), size - at));
    fa.read_at(at, x.data(), n);
    fb.read_at(at, y.data(), n);
    if (!std::equal(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n), y.begin())) return false;
  }
  return true;
}

// A PoSt of the one sealed sector (number 1): its vanilla proof, then its Groth16 proof under
// the circuit's parameters from the parameter cache; true when both verify.
bool post_round_trip(params::Circuit circuit, std::int64_t proof,
                     const std::filesystem::path& cache, const std::filesystem::path& sealed,
                     const crypto::Digest32& comm_r, std::uint8_t randomness,
                     const porep::StageProgress& progress) {
  const bool window = circuit == params::Circuit::kWindowPoSt;
  porep::SealedReplica replica(proof, cache, sealed);
  post::PostChallengeParams params;
  params.randomness.fill(randomness);
  params.api = window ? post::PostApi::kV1_2 : post::PostApi::kV1_0;
  params.challenge_count = window ? 10 : 66;
  params.sector_size = porep::seal_proof_info(proof).sector_size;
  const auto vanilla =
      post::prove_sector(params, 0, 1, replica.tree_r_last(), replica.aux().comm_c);
  if (!post::verify_sector(params, 0, comm_r, vanilla)) return false;
  progress("vanilla", 0.1);
  const auto files = params::find_parameter_files(circuit, params.sector_size);
  const groth16::MappedParameters mapped(files.params);
  const auto& vk = params::cached_verifying_key(circuit, params.sector_size);
  const post::circuit::PostPublicSector sector{1, comm_r};
  auto ctx = StageContext::best_effort();
  if (window) {
    const auto snark =
        post::circuit::prove_window_post_snark(params, {sector}, {vanilla}, mapped, ctx);
    return post::circuit::verify_window_post_snark(params, {sector}, snark, vk);
  }
  const auto snark = post::circuit::prove_winning_post_snark(params, sector, vanilla, mapped, ctx);
  return post::circuit::verify_winning_post_snark(params, sector, snark, vk);
}

std::filesystem::path expand_home(const std::string& path) {
  if (path.rfind("~/", 0) == 0) {
    if (const char* home = std::getenv("HOME")) return std::filesystem::path(home) / path.substr(2);
  }
  return path;
}

int sealing_action(Context& ctx) {
  const auto sector_size = parse_byte_size(ctx.string("sector-size"));
  const auto& info = porep::seal_proof_for_size(sector_size);
  const auto dir = expand_home(ctx.string("storage-dir")) / ("bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto staged = dir / "unsealed", cache = dir / "cache", sealed = dir / "sealed";
  nlohmann::json summary = {{"sector_size", sector_size},
                            {"proof", info.name},
                            {"cpus", workers::host_cpus()},
                            {"stages", nlohmann::json::array()}};
  StageRunner stages(ctx, summary, sector_size);

  porep::PieceCommitment piece{};
  stages.run("addpiece", [&](const porep::StageProgress& p) {
    piece =
        write_random_piece(sector_size, static_cast<std::uint64_t>(ctx.integer("seed")), staged, p);
  });
  porep::SealInputs inputs{.registered_proof = info.id, .actor_id = 1000, .sector_number = 1};
  inputs.ticket.fill(1);
  porep::Pc1Result pc1;
  porep::Pc2Result pc2;
  stages.run("precommit1", [&](const porep::StageProgress& p) {
    pc1 = porep::precommit1(inputs, staged, cache, sealed, p);
  });
  stages.run("precommit2", [&](const porep::StageProgress& p) {
    const auto device = gpu::pc2_device();
    pc2 = porep::precommit2(
        info.id, cache, sealed, p, nullptr, device.get(),
        [&](const gpu::DeviceError& e) { gpu::drop_pc2_device(device, e.what()); });
  });
  summary["precommit2_trees_on"] = pc2.trees_built_on;
  crypto::Digest32 seed;
  seed.fill(2);
  porep::PorepVanillaProof proof;
  stages.run("commit1", [&](const porep::StageProgress&) {
    proof = porep::commit1(info.id, cache, sealed, pc1.replica_id, seed);
  });
  bool verified = false;
  stages.run("verify-commit1", [&](const porep::StageProgress&) {
    verified = porep::verify_porep({info.id, pc1.replica_id, pc1.comm_d, pc2.comm_r, seed}, proof);
  });
  const bool commit2 = !ctx.boolean("skip-commit2");
  if (commit2) {
    stages.run("commit2", [&](const porep::StageProgress& p) {
      auto stage = StageContext::best_effort(
          CoreBudget::process(), kAllCores, [&](std::uint64_t done, std::uint64_t total) {
            p("partitions", static_cast<double>(done) / static_cast<double>(total));
          });
      const auto c2 = porep::circuit::commit_phase2(
          {info.id, pc1.replica_id, pc1.comm_d, pc2.comm_r, seed}, proof, stage);
      summary["commit2_proof_bytes"] = c2.proof.size();
      summary["commit2_parameters"] = c2.files.params.filename().string();
    });
  }
  stages.run("finalize",
             [&](const porep::StageProgress&) { porep::finalize_sector(info.id, cache); });
  bool window_ok = false, winning_ok = false;
  stages.run("window-post", [&](const porep::StageProgress& p) {
    window_ok =
        post_round_trip(params::Circuit::kWindowPoSt, info.id, cache, sealed, pc2.comm_r, 3, p);
  });
  stages.run("winning-post", [&](const porep::StageProgress& p) {
    winning_ok =
        post_round_trip(params::Circuit::kWinningPoSt, info.id, cache, sealed, pc2.comm_r, 4, p);
  });
  bool unsealed_ok = true;
  if (!ctx.boolean("skip-unseal")) {
    stages.run("unseal", [&](const porep::StageProgress& p) {
      porep::unseal_sector(info.id, pc1.replica_id, sealed, dir / "unseal-scratch",
                           dir / "unsealed-again", p);
      unsealed_ok = files_equal(staged, dir / "unsealed-again", sector_size);
    });
  }
  summary["piece_cid"] = commitment_string(piece.commitment, false);
  summary["comm_d"] = commitment_string(pc1.comm_d, false);
  summary["comm_r"] = commitment_string(pc2.comm_r, true);
  summary["commit1_verified"] = verified;
  summary["window_post_verified"] = window_ok;
  summary["winning_post_verified"] = winning_ok;
  if (!ctx.boolean("skip-unseal")) summary["unseal_matches"] = unsealed_ok;
  ctx.out() << summary.dump(2) << "\n";
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (!verified || !window_ok || !winning_ok || !unsealed_ok)
    throw Error("sealing pipeline self-check failed");
  return 0;
}

}  // namespace

Command make_bench_sealing_command() {
  return Command{
      .name = "sealing",
      .usage = "Benchmark seal and winning post and window post",
      .flags = {{.name = "storage-dir",
                 .usage = "path to the storage directory that will store sectors long term",
                 .default_value = "~/.lotus-bench"},
                {.name = "sector-size",
                 .usage = "size of the sectors in bytes, i.e. 32GiB",
                 .default_value = "512MiB"},
                {.name = "skip-commit2",
                 .type = FlagType::kBool,
                 .usage = "skip the commit2 (snark) portion of the benchmark"},
                {.name = "skip-unseal",
                 .type = FlagType::kBool,
                 .usage = "skip the unseal portion of the benchmark"},
                {.name = "seed",
                 .type = FlagType::kInt,
                 .usage = "seed of the random piece data",
                 .default_value = "1"}},
      .action = sealing_action};
}

}  // namespace tessera::cli
