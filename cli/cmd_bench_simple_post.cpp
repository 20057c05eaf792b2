// lotus-bench simple window-post / winning-post: the PoSt proof of one sealed sector, with
// lotus's arguments and all-zero randomness: the vanilla proof, checked against its CommR, then
// its Groth16 proof (lotus cmd/lotus-bench/simple.go: GenerateSinglePartitionWindowPoStWith-
// Vanilla / GenerateWinningPoStWithVanilla) under the parameters in FIL_PROOFS_PARAMETER_CACHE,
// verified before it is printed.
#include <chrono>
#include <ostream>
#include <string>

#include "cli/bench_simple.hpp"
#include "common/encoding.hpp"
#include "common/error.hpp"
#include "common/progress.hpp"
#include "crypto/groth16/mapped_parameters.hpp"
#include "post/fallback/circuit/post_snark.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "sealing/params/groth16_parameters.hpp"
#include "sealing/params/verifying_keys.hpp"
#include "sealing/porep/sector_files.hpp"

namespace tessera::cli {
namespace {

using Clock = std::chrono::steady_clock;

// How a PoSt kind challenges one sector (reference/proofs.md §7.6) and which circuit proves it.
struct PostKind {
  std::string name;  // "WindowPoSt" / "WinningPoSt"
  params::Circuit circuit;
  post::PostApi api;
  std::uint64_t challenge_count;
};

// The Groth16 proof of the one-sector proving set: Window's single partition, or Winning.
Bytes prove_snark(const PostKind& kind, const post::PostChallengeParams& params,
                  const post::circuit::PostPublicSector& sector,
                  const post::SectorPostProof& vanilla, const groth16::ParameterSource& source,
                  StageContext& ctx) {
  if (kind.circuit == params::Circuit::kWindowPoSt) {
    return post::circuit::prove_window_post_snark(params, {sector}, {vanilla}, source, ctx);
  }
  return post::circuit::prove_winning_post_snark(params, sector, vanilla, source, ctx);
}

bool verify_snark(const PostKind& kind, const post::PostChallengeParams& params,
                  const post::circuit::PostPublicSector& sector, const Bytes& proof,
                  const groth16::PreparedVerifyingKey& vk) {
  if (kind.circuit == params::Circuit::kWindowPoSt) {
    return post::circuit::verify_window_post_snark(params, {sector}, proof, vk);
  }
  return post::circuit::verify_winning_post_snark(params, sector, proof, vk);
}

int post_action(Context& ctx, const PostKind& kind) {
  const auto sector = bench_sector(ctx);
  ctx.require_args(4);
  const auto& info = *sector.proof;
  const auto comm_r = parse_commitment_arg(ctx.args()[2], true, "comm R");
  const auto sector_number = parse_u64_arg(ctx.args()[3], "sector num");
  const post::PostChallengeParams params{.randomness = {},  // all zero, as lotus simple uses
                                         .api = kind.api,
                                         .challenge_count = kind.challenge_count,
                                         .sector_size = info.sector_size};

  const auto start = Clock::now();
  const porep::SealedReplica replica(info.id, ctx.args()[1], ctx.args()[0]);
  const auto vanilla =
      post::prove_sector(params, 0, sector_number, replica.tree_r_last(), replica.aux().comm_c);
  print_timing(ctx, "Vanilla", Clock::now() - start, info.sector_size);
  if (!post::verify_sector(params, 0, comm_r, vanilla)) {
    throw InvalidInput("the vanilla " + kind.name + " proof does not verify against comm R " +
                       ctx.args()[2] + ": the sealed file and cache are not that sector's");
  }

  const auto files = params::find_parameter_files(kind.circuit, info.sector_size);
  if (files.devnet) {
    ctx.err() << "using tessera's devnet parameters " << files.params.string()
              << " (not valid on Filecoin networks)\n";
  }
  const groth16::MappedParameters mapped(files.params);
  const auto& vk = params::cached_verifying_key(kind.circuit, info.sector_size);
  const post::circuit::PostPublicSector public_sector{sector_number, comm_r};
  Bytes snark;
  const auto proving = Clock::now();
  {
    ReportedStage stage(ctx.err(), kind.name, "partitions");
    snark = prove_snark(kind, params, public_sector, vanilla, mapped, stage.ctx);
    stage.reporter.finish("");
  }
  const auto proved = Clock::now();
  const bool verified = verify_snark(kind, params, public_sector, snark, vk);
  const auto verified_at = Clock::now();

  print_timing(ctx, "Proof", proved - proving, info.sector_size);
  print_timing(ctx, "Verify", verified_at - proved, info.sector_size);
  if (!verified) {
    throw Error("the Groth16 " + kind.name + " proof does not verify under " + files.vk.string());
  }
  ctx.out() << "proof: " << hex_encode(snark) << "\n";
  return 0;
}

std::string post_description(const std::string& kind) {
  return "Computes the vanilla " + kind +
         " proof of one sealed sector from [sealed] and [cache]\n"
         "(TreeRLast, p_aux, t_aux) with all-zero randomness, as lotus does, checks it against\n"
         "[comm R], then proves it with Groth16 and verifies that proof. Prints the time of the\n"
         "vanilla proof, the Groth16 proof and its verification, then \"proof: <hex>\" (192\n"
         "bytes). The circuit's parameters for the sector size come from\n"
         "$FIL_PROOFS_PARAMETER_CACHE: the official files when present, else tessera's devnet\n"
         "files written by `lotus-bench paramgen`.";
}

}  // namespace

Command make_simple_window_post_command() {
  return Command{.name = "window-post",
                 .usage = "Prove and verify a WindowPoSt (vanilla, then Groth16) of one sector",
                 .args_usage = "[sealed] [cache] [comm R] [sector num]",
                 .description = post_description("WindowPoSt"),
                 .flags = {kSectorSizeFlag, kMinerAddrFlag},
                 .action = [](Context& ctx) {
                   return post_action(
                       ctx, {"WindowPoSt", params::Circuit::kWindowPoSt, post::PostApi::kV1_2, 10});
                 }};
}

Command make_simple_winning_post_command() {
  return Command{.name = "winning-post",
                 .usage = "Prove and verify a WinningPoSt (vanilla, then Groth16) of one sector",
                 .args_usage = "[sealed] [cache] [comm R] [sector num]",
                 .description = post_description("WinningPoSt"),
                 .flags = {kSectorSizeFlag, kMinerAddrFlag},
                 .action = [](Context& ctx) {
                   return post_action(ctx, {"WinningPoSt", params::Circuit::kWinningPoSt,
                                            post::PostApi::kV1_0, 66});
                 }};
}

}  // namespace tessera::cli
