// WindowPoSt time per partition against the number of sectors, for 2 KiB and 8 MiB sectors sealed
// on disk, and the vanilla part extrapolated to one 32 GiB partition of 2349 sectors.
//
//   bench_window_post_partition [2KiB|8MiB|all, default all] [work dir, default /var/tmp]
//                               [params dir, default $TMPDIR/tessera-bench-params]
//
// Each size's sectors are sealed on disk (PC1, PC2, finalize) in a scratch directory of the work
// dir; proving sets of 1, 2, 4, 8, 16 (2 KiB) or 1, 2, 4 (8 MiB) sectors are then proven as
// post/window/prove_partitions does, without the chain:
//  - vanilla: each sector's replica, p_aux, t_aux and tree-r-last opened (porep::SealedReplica)
//    and checked against its CommR, then prove_sector and verify_sector (10 challenges), sectors
//    spread over all cores; repeated for at least half a second and averaged;
//  - Groth16: prove_window_post_snark over those vanilla proofs (2 sectors per partition at both
//    sizes: parameter_names' window_post_sector_count), then verify_window_post_snark, untimed.
// 2 KiB sectors are all sealed. 8 MiB sectors 2.. are hard links to sector 1's replica and cache
// (same CommR): each is challenged at its own leaves and its proofs verify, but they share pages.
// Every file stays in the page cache (just written): cold storage is not measured.
//
// Bounds, measured on this machine before and after each size's proofs (the faster kept, as the
// machine's speed drifts):
//  - vanilla: the Poseidon hashes the part cannot avoid, spread over all cores. Per challenge, the
//    rows the tree-r-last level cache leaves out (rows_to_discard d) rebuilt for the challenged
//    group (8 + 64 + ... + 8^d arity-8 hashes) and the path hashed up by the verifier (one per
//    level); per sector, Poseidon-2(comm_c, comm_r_last) when its files are checked and when its
//    proof is verified; each hash timed on one core in thread CPU time. The ratio says how much
//    opening files, reading nodes and the rest add; the prover spreads sectors (not challenges)
//    over the cores, so fewer sectors than cores cannot reach the bound.
//  - Groth16 per partition: its multi-scalar multiplications alone, as bench_groth16 (G1 and G2
//    points of the parameters × the per-point time of a 2^16-point G1 and a 2^14-point G2 MSM).
//
// The 32 GiB estimate (printed with the 8 MiB run, whose tree-r-last discards the same 2 rows as
// a 32 GiB base tree) composes a challenge from per-level costs measured on the 8 MiB sector in
// thread CPU time: the leaf and the leaf group, the rebuilt rows, the stored rows (6 in a base
// tree of 2^27 leaves instead of 3) and the base roots row of the 8 base trees (8 one-node
// reads); the verifier's 10 path hashes instead of 6; and per sector the 8 MiB open plus 7 more
// tree files and the compound root. Sectors are assumed to spread evenly over the cores.
#include <fcntl.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench/bounds.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/file_io.hpp"
#include "common/progress.hpp"
#include "crypto/bls12_381/msm.hpp"
#include "crypto/groth16/local_setup.hpp"
#include "crypto/groth16/mapped_parameters.hpp"
#include "crypto/groth16/verifier.hpp"
#include "crypto/merkle.hpp"
#include "crypto/poseidon.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "post/sector_files.hpp"
#include "sealing/params/parameter_names.hpp"
#include "sealing/porep/aux_files.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/proof_types.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "sealing/porep/sector_files.hpp"
#include "sealing/porep/tree_store.hpp"

using namespace tessera;
using bench::Clock;
using bench::seconds_since;

namespace {

constexpr std::uint64_t k2KiB = 2048, k8MiB = std::uint64_t{8} << 20,
                        k32GiB = std::uint64_t{32} << 30;
constexpr std::uint64_t kChallenges = 10;  // WindowPoSt challenges per sector
constexpr std::size_t kArity = 8;          // tree-r-last base arity

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// The 1, 5 and 15 minute load averages, to tell how busy the shared machine was.
std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

std::string size_name(std::uint64_t size) {
  return size == k2KiB ? "2KiB" : "8MiB";
}

// A directory emptied on creation and removed with its contents when the run ends.
class ScratchDir {
 public:
  explicit ScratchDir(std::filesystem::path path) : path_(std::move(path)) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct Sector {
  std::uint64_t number = 0;
  post::SectorFiles files;
  crypto::Digest32 comm_r{};
};

std::int64_t seal_proof(std::uint64_t size) {
  return porep::seal_proof_for_size(size).id;
}

// Seals sector `number` of random data into dir and finalizes it (replica, p_aux, t_aux and
// tree-r-last left, as a miner keeps a sector for PoSt). Throws the sealing errors.
Sector seal_sector(std::uint64_t size, std::uint64_t number, const std::filesystem::path& dir,
                   const porep::StageProgress& progress) {
  std::mt19937 rng(static_cast<unsigned>(number));
  Bytes unpadded(size / 128 * 127), padded(size);
  for (auto& b : unpadded) b = static_cast<std::uint8_t>(rng());
  porep::fr32_pad(unpadded.data(), padded.data(), size / 128);
  const auto staged = dir / ("staged-" + std::to_string(number));
  {
    File out(staged, O_WRONLY | O_CREAT | O_TRUNC);
    out.write_at(0, padded.data(), padded.size());
  }
  porep::SealInputs inputs;
  inputs.registered_proof = seal_proof(size);
  inputs.sector_number = number;
  inputs.ticket.fill(0x07);
  Sector s{number,
           {dir / ("sealed-" + std::to_string(number)), dir / ("cache-" + std::to_string(number))},
           {}};
  porep::precommit1(inputs, staged, s.files.cache, s.files.sealed, progress);
  s.comm_r =
      porep::precommit2(inputs.registered_proof, s.files.cache, s.files.sealed, progress).comm_r;
  porep::finalize_sector(inputs.registered_proof, s.files.cache);
  std::filesystem::remove(staged);
  return s;
}

// Sector `number` as hard links to original's replica and cache files: the same CommR, so its
// PoSt (challenged by its own number) is real, though it reads the same pages.
Sector linked_sector(const Sector& original, std::uint64_t number,
                     const std::filesystem::path& dir) {
  Sector s{number,
           {dir / ("sealed-" + std::to_string(number)), dir / ("cache-" + std::to_string(number))},
           original.comm_r};
  std::filesystem::create_hard_link(original.files.sealed, s.files.sealed);
  std::filesystem::create_directories(s.files.cache);
  for (const auto& entry : std::filesystem::directory_iterator(original.files.cache))
    std::filesystem::create_hard_link(entry.path(), s.files.cache / entry.path().filename());
  return s;
}

// `count` sectors of `size` in dir: all sealed at 2 KiB; at 8 MiB one sealed, the rest linked.
std::vector<Sector> make_sectors(std::uint64_t size, std::size_t count,
                                 const std::filesystem::path& dir) {
  progress::Reporter reporter(std::cerr, "seal " + size_name(size),
                              progress::is_terminal(std::cerr));
  std::vector<Sector> sectors;
  for (std::uint64_t number = 1; number <= count; ++number) {
    // Steps are named for the one slow (8 MiB) seal only: a 2 KiB seal takes milliseconds.
    const auto report = [&](const std::string& step, double f) {
      reporter.update(size == k8MiB ? step : "",
                      (static_cast<double>(number - 1) + f) / static_cast<double>(count));
    };
    if (size == k8MiB && number > 1) {
      sectors.push_back(linked_sector(sectors.front(), number, dir));
      report("hard links", 1);
    } else {
      sectors.push_back(seal_sector(size, number, dir, report));
    }
  }
  reporter.finish("");
  return sectors;
}

post::PostChallengeParams window_params(std::uint64_t size) {
  post::PostChallengeParams params{
      .api = post::PostApi::kV1_2, .challenge_count = kChallenges, .sector_size = size};
  params.randomness.fill(0x5a);
  return params;
}

// True when the replica's files commit to comm_r: Poseidon-2(comm_c, TreeRLast root), as
// post/window/sector_check checks a sector before proving it.
bool commits_to(const porep::SealedReplica& replica, const crypto::Digest32& comm_r) {
  const crypto::Fr inputs[2] = {crypto::Fr::from_bytes(replica.aux().comm_c.data()),
                                crypto::Fr::from_bytes(replica.tree_r_last().root().data())};
  return crypto::poseidon_hash(inputs, 2, 2).to_bytes() == comm_r;
}

porep::SealedReplica open_replica(std::uint64_t size, const Sector& s) {
  return porep::SealedReplica(seal_proof(size), s.files.cache, s.files.sealed);
}

// Mean wall seconds of the vanilla part's two steps, and the process CPU seconds it took.
struct VanillaRun {
  double open_s = 0, prove_s = 0, cpu_s = 0;
  int repetitions = 0;
  std::vector<post::SectorPostProof> proofs;
};

// The vanilla part of `sectors` as prove_partitions runs it, on all cores: the files of each
// sector opened and checked, then its proof made and verified; repeated for at least half a
// second. Throws Error when a sector's files do not commit to its CommR or a proof does not
// verify (every sector here must prove).
VanillaRun run_vanilla(std::uint64_t size, const std::vector<Sector>& sectors) {
  StageContext ctx(CoreBudget::process(), kAllCores);  // released before the Groth16 part
  const auto params = window_params(size);
  VanillaRun run;
  const double cpu_start = process_cpu_seconds();
  const auto start = Clock::now();
  while (run.repetitions == 0 || seconds_since(start) < 0.5) {
    auto step = Clock::now();
    std::vector<std::unique_ptr<porep::SealedReplica>> replicas(sectors.size());
    parallel_for(ctx, sectors.size(), [&](std::uint64_t begin, std::uint64_t end) {
      for (std::uint64_t i = begin; i < end; ++i) {
        replicas[i] = std::make_unique<porep::SealedReplica>(open_replica(size, sectors[i]));
        if (!commits_to(*replicas[i], sectors[i].comm_r))
          throw Error("sector " + std::to_string(sectors[i].number) +
                      ": its files do not commit to its CommR");
      }
    });
    run.open_s += seconds_since(step);
    step = Clock::now();
    run.proofs.assign(sectors.size(), {});
    parallel_for(ctx, sectors.size(), [&](std::uint64_t begin, std::uint64_t end) {
      for (std::uint64_t i = begin; i < end; ++i) {
        const auto& replica = *replicas[i];
        run.proofs[i] = post::prove_sector(params, i, sectors[i].number, replica.tree_r_last(),
                                           replica.aux().comm_c);
        if (!post::verify_sector(params, i, sectors[i].comm_r, run.proofs[i]))
          throw Error("sector " + std::to_string(sectors[i].number) +
                      ": its vanilla proof does not verify");
      }
    });
    run.prove_s += seconds_since(step);
    ++run.repetitions;
  }
  run.cpu_s = process_cpu_seconds() - cpu_start;
  run.open_s /= run.repetitions;
  run.prove_s /= run.repetitions;
  run.cpu_s /= run.repetitions;
  return run;
}

struct SnarkRun {
  double prove_s = 0;
  std::size_t partitions = 0;
  bool verified = false;
};

// The Groth16 part of `sectors` with their vanilla proofs, on ctx's cores, then verified.
SnarkRun run_snark(std::uint64_t size, const std::vector<Sector>& sectors,
                   const std::vector<post::SectorPostProof>& vanilla,
                   const groth16::MappedParameters& groth_params,
                   const groth16::PreparedVerifyingKey& vk) {
  std::vector<post::circuit::PostPublicSector> public_sectors;
  for (const auto& s : sectors) public_sectors.push_back({s.number, s.comm_r});
  progress::Reporter reporter(std::cerr, "groth16 " + size_name(size),
                              progress::is_terminal(std::cerr));
  SnarkRun run;
  run.partitions = post::circuit::window_post_partitions(size, sectors.size());
  const auto start = Clock::now();
  const Bytes proof = [&] {
    StageContext ctx(
        CoreBudget::process(), kAllCores, 0, {}, [&](std::uint64_t done, std::uint64_t total) {
          reporter.update("partitions " + std::to_string(done) + "/" + std::to_string(total),
                          static_cast<double>(done) / static_cast<double>(total));
        });
    return post::circuit::prove_window_post_snark(window_params(size), public_sectors, vanilla,
                                                  groth_params, ctx);
  }();
  run.prove_s = seconds_since(start);
  reporter.finish("");
  run.verified =
      post::circuit::verify_window_post_snark(window_params(size), public_sectors, proof, vk);
  return run;
}

// The Window PoSt parameters of `size` from bench_groth16's seeded setup (the same file, made
// here when missing).
std::filesystem::path window_parameters(std::uint64_t size, const std::filesystem::path& dir) {
  const auto file = dir / ("tessera-bench-window-" + std::to_string(size) + ".params");
  if (std::filesystem::exists(file)) return file;
  std::filesystem::create_directories(dir);
  std::array<std::uint8_t, 32> seed{};
  seed.fill(0x5e);
  StageContext ctx(CoreBudget::process(), kAllCores);
  const auto start = Clock::now();
  groth16::write_parameters(groth16::generate_parameters(post::circuit::blank_post_synthesizer(
                                                             params::Circuit::kWindowPoSt, size),
                                                         groth16::ToxicWaste::from_seed(seed), ctx),
                            file);
  std::printf("Window PoSt %s parameters generated in %.1f s -> %s\n", size_name(size).c_str(),
              seconds_since(start), file.c_str());
  return file;
}

// Random points and scalars of the MSM bound, made once.
template <class Affine, class Jac>
struct MsmInput {
  std::vector<Affine> bases;
  std::vector<bls12_381::Scalar> scalars;

  MsmInput(std::size_t n, const Affine& generator) : bases(n), scalars(n) {
    std::mt19937_64 rng(3);
    for (auto& s : scalars) s = {rng(), rng(), rng(), rng() >> 2};
    Jac p = Jac::from_affine(generator);
    for (auto& b : bases) {
      b = p.to_affine();
      p = p + Jac::from_affine(generator).mul(rng());
    }
  }

  // Wall seconds per point of the MSM on all cores.
  double seconds_per_point() const {
    StageContext ctx(CoreBudget::process(), kAllCores);
    const auto start = Clock::now();
    volatile bool sink = bls12_381::msm(bases, scalars, ctx).is_identity();
    (void)sink;
    return seconds_since(start) / static_cast<double>(bases.size());
  }
};

struct MsmInputs {
  MsmInput<bls12_381::G1Affine, bls12_381::G1> g1{1 << 16, bls12_381::g1_generator()};
  MsmInput<bls12_381::G2Affine, bls12_381::G2> g2{1 << 14, bls12_381::g2_generator()};
};

// Per-operation times the bounds are made of: Poseidon hashes on one core (thread CPU time),
// MSM points on all cores (wall).
struct Bounds {
  double poseidon8_s = 0, poseidon2_s = 0, g1_point_s = 0, g2_point_s = 0;
};

Bounds measure_bounds(const MsmInputs& msm) {
  Bytes children(32 * kArity);
  for (std::size_t i = 0; i < children.size(); ++i) children[i] = static_cast<std::uint8_t>(i % 31);
  Bounds b;
  b.poseidon8_s = 1e-9 * bench::time_ns(
                             [&] {
                               children[0] ^= crypto::hash_children(crypto::TreeHash::kPoseidon,
                                                                    children.data(), kArity)[0] &
                                              1;
                             },
                             100, 0.3);
  b.poseidon2_s = 1e-9 * bench::time_ns(
                             [&] {
                               children[0] ^= crypto::hash_children(crypto::TreeHash::kPoseidon,
                                                                    children.data(), 2)[0] &
                                              1;
                             },
                             100, 0.3);
  b.g1_point_s = msm.g1.seconds_per_point();
  b.g2_point_s = msm.g2.seconds_per_point();
  return b;
}

Bounds faster(const Bounds& a, const Bounds& b) {
  return {std::min(a.poseidon8_s, b.poseidon8_s), std::min(a.poseidon2_s, b.poseidon2_s),
          std::min(a.g1_point_s, b.g1_point_s), std::min(a.g2_point_s, b.g2_point_s)};
}

// Arity-8 hashes that rebuild the group of a challenged node's row d from its leaves when the
// level cache leaves out rows 1..d: 8 + 64 + ... + 8^d.
std::uint64_t rebuild_hashes(std::size_t rows_to_discard) {
  std::uint64_t total = 0, row = 1;
  for (std::size_t r = 1; r <= rows_to_discard; ++r) total += row *= kArity;
  return total;
}

// Seconds of the Poseidon hashes one sector's vanilla part cannot avoid, on one core.
double sector_hash_seconds(std::size_t path_levels, std::size_t rows_to_discard, const Bounds& b) {
  const double arity8 =
      static_cast<double>(kChallenges * (rebuild_hashes(rows_to_discard) + path_levels));
  return arity8 * b.poseidon8_s + 2 * b.poseidon2_s;
}

struct Row {
  std::size_t sectors = 0;
  VanillaRun vanilla;
  SnarkRun snark;
};

// Thread CPU seconds of the vanilla work of one 8 MiB sector, level by level, for the estimate.
struct LevelCosts {
  std::size_t rows = 0, rows_to_discard = 0;
  std::vector<double> group_read_s;  // rows 0..rows-2: the 8-node group of a random node
  double leaf_read_s = 0, tree_open_s = 0, open_s = 0, prove_challenge_s = 0,
         verify_challenge_s = 0;
};

LevelCosts measure_levels(std::uint64_t size, const Sector& sector, const Bounds& bounds) {
  constexpr double kSeconds = 0.2;
  const auto replica = open_replica(size, sector);
  const auto& tree = replica.tree_r_last();
  LevelCosts c;
  c.rows = tree.rows();
  c.rows_to_discard = porep::read_t_aux(sector.files.cache).tree_r_last.rows_to_discard;
  std::mt19937_64 rng(11);
  Bytes group(32 * kArity);
  for (std::size_t row = 0; row + 1 < c.rows; ++row) {
    const std::uint64_t width = tree.row_width(row);
    c.group_read_s.push_back(
        1e-9 * bench::time_ns(
                   [&] { tree.read(row, rng() % width / kArity * kArity, kArity, group.data()); },
                   1, kSeconds));
  }
  c.leaf_read_s =
      1e-9 * bench::time_ns([&] { tree.read(0, rng() % tree.leaf_count(), 1, group.data()); }, 1,
                            kSeconds);
  const porep::TreeLayout layout{crypto::TreeHash::kPoseidon, kArity, tree.leaf_count(), false,
                                 c.rows_to_discard};
  const auto leaves =
      porep::node_file_reader(std::make_shared<File>(sector.files.sealed, O_RDONLY));
  const auto tree_file = porep::store_data_path(sector.files.cache, "tree-r-last");
  c.tree_open_s =
      1e-9 * bench::time_ns([&] { const porep::StoredTree opened(layout, tree_file, leaves); }, 1,
                            kSeconds);
  c.open_s = 1e-9 * bench::time_ns(
                        [&] {
                          if (!commits_to(open_replica(size, sector), sector.comm_r))
                            throw Error("8 MiB sector: its files do not commit to its CommR");
                        },
                        1, kSeconds);
  auto params = window_params(size);
  post::SectorPostProof proof;
  c.prove_challenge_s =
      1e-9 *
      bench::time_ns(
          [&] {
            ++params.randomness[0];  // other leaves each time
            proof = post::prove_sector(params, 0, sector.number, tree, replica.aux().comm_c);
          },
          1, kSeconds) /
      kChallenges;
  const double verify_s =
      1e-9 * bench::time_ns(
                 [&] {
                   if (!post::verify_sector(params, 0, sector.comm_r, proof))
                     throw Error("8 MiB sector: its vanilla proof does not verify");
                 },
                 1, kSeconds);
  c.verify_challenge_s = std::max(0.0, verify_s - bounds.poseidon2_s) / kChallenges;
  return c;
}

// Prints the per-level costs and the 32 GiB partition estimate composed from them.
void print_32gib_estimate(const LevelCosts& c, const Bounds& b, unsigned cores) {
  const auto& info = porep::seal_proof_for_size(k32GiB);
  const std::uint64_t sectors =
      params::post_counts(params::Circuit::kWindowPoSt, k32GiB).sector_count;
  const std::size_t bases = porep::base_tree_count(info);
  const std::uint64_t base_leaves = k32GiB / 32 / bases;
  const std::size_t base_rows = porep::tree_row_count(base_leaves, kArity);
  const std::size_t discard = porep::default_rows_to_discard(base_leaves, kArity);
  if (discard != c.rows_to_discard)
    throw Error("the 8 MiB tree-r-last discards " + std::to_string(c.rows_to_discard) +
                " rows, a 32 GiB base tree " + std::to_string(discard) +
                ": the estimate's rebuilt rows would not match");
  const std::size_t upper_levels = (info.sub_arity ? 1 : 0) + (info.top_arity ? 1 : 0);
  const std::size_t path_levels = base_rows - 1 + upper_levels;
  const std::size_t stored_rows = base_rows - 2 - discard;  // rows d+1 .. base_rows-2

  std::printf("\n8 MiB tree-r-last, per level (thread CPU, page cache warm): leaf %.2f us\n",
              1e6 * c.leaf_read_s);
  double stored_sum = 0, own_reads = c.leaf_read_s;
  for (std::size_t row = 0; row < c.group_read_s.size(); ++row) {
    const bool rebuilt = row >= 1 && row <= c.rows_to_discard;
    const std::string what =
        row == 0  ? "8 leaves read from the replica"
        : rebuilt ? std::to_string(std::uint64_t{1} << (3 * (row + 1))) + " replica leaves read, " +
                        std::to_string(rebuild_hashes(row)) + " arity-8 hashes to rebuild it"
                  : "stored row read";
    std::printf("  row %zu group of 8: %8.2f us (%s)\n", row, 1e6 * c.group_read_s[row],
                what.c_str());
    own_reads += c.group_read_s[row];
    if (!rebuilt && row > 0) stored_sum += c.group_read_s[row];
  }
  const double stored_read_s =
      stored_sum / static_cast<double>(c.group_read_s.size() - 1 - c.rows_to_discard);
  // What a measured 8 MiB challenge costs beyond its reads: challenge derivation, copies.
  const double overhead_s = std::max(0.0, c.prove_challenge_s - own_reads);
  std::printf(
      "  tree file open %.2f us; sector open + CommR check %.2f us; per challenge: prove %.2f "
      "us (reads above + %.2f us derivation and copies), verify %.2f us\n",
      1e6 * c.tree_open_s, 1e6 * c.open_s, 1e6 * c.prove_challenge_s, 1e6 * overhead_s,
      1e6 * c.verify_challenge_s);

  double prove_s = c.leaf_read_s + overhead_s + static_cast<double>(stored_rows) * stored_read_s +
                   static_cast<double>(info.sub_arity) * stored_read_s;
  double rebuild_s = 0;
  for (std::size_t row = 1; row <= discard; ++row) rebuild_s += c.group_read_s[row];
  prove_s += c.group_read_s[0] + rebuild_s;
  const double verify_s =
      c.verify_challenge_s + static_cast<double>(path_levels - (c.rows - 1)) * b.poseidon8_s;
  const double open_s =
      c.open_s + static_cast<double>(bases - 1) * (c.tree_open_s + stored_read_s) + b.poseidon8_s;
  const double sector_s = open_s + kChallenges * (prove_s + verify_s);
  const double partition_core_s = static_cast<double>(sectors) * sector_s;
  const double bound_s =
      static_cast<double>(sectors) * sector_hash_seconds(path_levels, discard, b) / cores;

  const porep::TreeLayout layout32{crypto::TreeHash::kPoseidon, kArity, base_leaves, false,
                                   discard};
  const double tree_mib =
      static_cast<double>(layout32.stored_nodes() * 32 * bases) / (1024.0 * 1024.0);
  const std::uint64_t cold_reads = sectors * kChallenges * (1 + stored_rows);
  std::printf(
      "\n32 GiB WindowPoSt partition, vanilla part, estimated from the 8 MiB levels above:\n"
      "  assumptions: %llu sectors x %llu challenges; tree-r-last %zu base trees of 2^%d leaves "
      "(%zu rows, rows_to_discard %zu) under one arity-%u level: per challenge the leaf, rows "
      "0..%zu as measured at 8 MiB, %zu stored rows and %u one-node base-root reads at the "
      "8 MiB stored-row cost (%.2f us), %zu verifier hashes (%.2f us each); per sector the 8 MiB "
      "open + %zu tree files and one compound-root hash; sectors spread evenly over %u cores; "
      "every file in the page cache\n"
      "  per challenge %.2f us prove (%.1f%% of it rebuilding rows 1..%zu) + %.2f us verify; "
      "per sector %.3f ms (open %.1f us)\n"
      "  per partition %.2f core-s = %.2f s on this machine's %u cores; Poseidon bound %.2f s "
      "(%llu arity-8 + 2 arity-2 hashes per sector), ratio %.2f\n"
      "  not included: cold storage. Each challenge reads one %llu KiB replica region and %zu "
      "tree-r-last rows (%.1f MiB per sector, %.0f GiB per partition: more than RAM), so up to "
      "%llu random reads per partition; multiply by the storage's random-read latency / queue "
      "depth to add them\n",
      static_cast<unsigned long long>(sectors), static_cast<unsigned long long>(kChallenges), bases,
      static_cast<int>(std::log2(static_cast<double>(base_leaves))), base_rows, discard,
      info.sub_arity, discard, stored_rows, info.sub_arity, 1e6 * stored_read_s, path_levels,
      1e6 * b.poseidon8_s, bases - 1, cores, 1e6 * prove_s, 100 * rebuild_s / prove_s, discard,
      1e6 * verify_s, 1e3 * sector_s, 1e6 * open_s, partition_core_s, partition_core_s / cores,
      cores, bound_s,
      static_cast<unsigned long long>(kChallenges * (rebuild_hashes(discard) + path_levels)),
      partition_core_s / cores / bound_s,
      static_cast<unsigned long long>((std::uint64_t{32} << (3 * (discard + 1))) / 1024),
      stored_rows, tree_mib, tree_mib * static_cast<double>(sectors) / 1024.0,
      static_cast<unsigned long long>(cold_reads));
}

void run_size(std::uint64_t size, const std::vector<std::size_t>& counts,
              const std::filesystem::path& work, const std::filesystem::path& params_dir,
              const MsmInputs& msm) {
  const unsigned cores = CoreBudget::process().cores();
  const std::string name = size_name(size);
  std::printf("\n== %s: load average %s\n", name.c_str(), load_average().c_str());
  ScratchDir scratch(work / ("tessera-bench-wpost-" + name));
  auto start = Clock::now();
  const auto sectors = make_sectors(size, counts.back(), scratch.path());
  std::printf("%zu sectors ready in %.1f s in %s (%s)\n", sectors.size(), seconds_since(start),
              scratch.path().c_str(),
              size == k8MiB ? "sector 1 sealed, the others hard links to its files: same CommR, "
                              "own challenges, real proofs"
                            : "each sealed");
  const groth16::MappedParameters groth_params(window_parameters(size, params_dir));
  const auto vk = groth16::prepare_verifying_key(groth_params.vk());
  const Bounds before = measure_bounds(msm);

  const auto first = open_replica(size, sectors.front());
  const std::size_t path_levels = first.tree_r_last().rows() - 1;
  const std::size_t discard =
      porep::read_t_aux(sectors.front().files.cache).tree_r_last.rows_to_discard;
  std::vector<Row> rows;
  for (std::size_t count : counts) {
    Row row;
    row.sectors = count;
    const std::vector<Sector> set(sectors.begin(), sectors.begin() + count);
    row.vanilla = run_vanilla(size, set);
    std::printf("%s, %zu sectors: vanilla %.3f ms (open %.3f + prove/verify %.3f, mean of %d)\n",
                name.c_str(), count, 1e3 * (row.vanilla.open_s + row.vanilla.prove_s),
                1e3 * row.vanilla.open_s, 1e3 * row.vanilla.prove_s, row.vanilla.repetitions);
    std::fflush(stdout);
    row.snark = run_snark(size, set, row.vanilla.proofs, groth_params, vk);
    std::printf("%s, %zu sectors: groth16 %zu partitions in %.2f s, verifies %s\n", name.c_str(),
                count, row.snark.partitions, row.snark.prove_s, row.snark.verified ? "yes" : "NO");
    std::fflush(stdout);
    rows.push_back(std::move(row));
  }
  const Bounds b = faster(before, measure_bounds(msm));

  using groth16::G1Query;
  const double g1_points = static_cast<double>(
      groth_params.g1_count(G1Query::kH) + groth_params.g1_count(G1Query::kL) +
      groth_params.g1_count(G1Query::kA) + groth_params.g1_count(G1Query::kBG1));
  const double msm_bound_s =
      g1_points * b.g1_point_s + static_cast<double>(groth_params.b_g2_count()) * b.g2_point_s;
  std::printf(
      "\n%s WindowPoSt on %u cores (tree-r-last path of %zu levels, rows_to_discard %zu; %zu "
      "sectors per "
      "partition). Bounds (faster of before/after): Poseidon-8 %.2f us, Poseidon-2 %.2f us per "
      "hash on one core; MSM %.3g us per G1, %.3g us per G2 point on all cores\n",
      name.c_str(), cores, path_levels, discard,
      static_cast<std::size_t>(
          params::post_counts(params::Circuit::kWindowPoSt, size).sector_count),
      1e6 * b.poseidon8_s, 1e6 * b.poseidon2_s, 1e6 * b.g1_point_s, 1e6 * b.g2_point_s);
  std::printf(
      "sectors | vanilla: files opened, challenges, wall ms (open + prove/verify), CPU ms, ms per "
      "sector, hash bound ms, ratio | groth16: partitions, s per partition, MSM bound s, ratio, "
      "verifies\n");
  for (const auto& r : rows) {
    const double vanilla_s = r.vanilla.open_s + r.vanilla.prove_s;
    const double hash_bound_s =
        static_cast<double>(r.sectors) * sector_hash_seconds(path_levels, discard, b) / cores;
    const double per_partition_s = r.snark.prove_s / static_cast<double>(r.snark.partitions);
    std::printf(
        "%7zu | %3zu files, %4llu challenges, %8.3f (%.3f + %.3f), %8.3f, %7.3f, %7.4f, %6.1f | "
        "%2zu, %6.3f, %6.3f, %5.2f, %s\n",
        r.sectors, 4 * r.sectors, static_cast<unsigned long long>(kChallenges * r.sectors),
        1e3 * vanilla_s, 1e3 * r.vanilla.open_s, 1e3 * r.vanilla.prove_s, 1e3 * r.vanilla.cpu_s,
        1e3 * vanilla_s / static_cast<double>(r.sectors), 1e3 * hash_bound_s,
        vanilla_s / hash_bound_s, r.snark.partitions, per_partition_s, msm_bound_s,
        per_partition_s / msm_bound_s, r.snark.verified ? "yes" : "NO");
  }
  if (size == k8MiB) print_32gib_estimate(measure_levels(size, sectors.front(), b), b, cores);
  std::printf("load average after %s: %s\n", name.c_str(), load_average().c_str());
  std::fflush(stdout);
  for (const auto& r : rows)
    if (!r.snark.verified) throw Error(name + " Window PoSt proof does not verify");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string which = argc > 1 ? argv[1] : "all";
  const std::filesystem::path work = argc > 2 ? argv[2] : "/var/tmp";
  const std::filesystem::path params_dir =
      argc > 3 ? std::filesystem::path(argv[3])
               : std::filesystem::temp_directory_path() / "tessera-bench-params";
  if (which != "2KiB" && which != "8MiB" && which != "all") {
    std::cerr << "usage: bench_window_post_partition [2KiB|8MiB|all] [work dir] [params dir]\n";
    return 2;
  }
  try {
    const auto start = Clock::now();
    std::cerr << "[bounds] making the MSM bound's random points\n";
    const MsmInputs msm;
    if (which != "8MiB") run_size(k2KiB, {1, 2, 4, 8, 16}, work, params_dir, msm);
    if (which != "2KiB") run_size(k8MiB, {1, 2, 4}, work, params_dir, msm);
    std::printf("\ntotal %.1f s\n", seconds_since(start));
  } catch (const std::exception& e) {
    std::cerr << "bench_window_post_partition: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
