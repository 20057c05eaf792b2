// lotus-bench simple window-post / winning-post: a vanilla (pre-SNARK) PoSt proof of one sealed
// sector, with lotus's arguments and all-zero randomness, verified against its CommR.
#include <chrono>
#include <ostream>
#include <string>

#include "cli/bench_simple.hpp"
#include "common/error.hpp"
#include "post/fallback/vanilla_post.hpp"
#include "sealing/porep/sector_files.hpp"

namespace tessera::cli {
namespace {

using Clock = std::chrono::steady_clock;

// How a PoSt kind challenges one sector (reference/proofs.md §7.6).
struct PostKind {
  std::string name;  // "WindowPoSt" / "WinningPoSt"
  post::PostApi api;
  std::uint64_t challenge_count;
};

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
  const auto proof =
      post::prove_sector(params, 0, sector_number, replica.tree_r_last(), replica.aux().comm_c);
  const auto proved = Clock::now();
  const bool verified = post::verify_sector(params, 0, comm_r, proof);
  const auto verified_at = Clock::now();

  print_timing(ctx, "Vanilla", proved - start, info.sector_size);
  print_timing(ctx, "Verify", verified_at - proved, info.sector_size);
  if (!verified) {
    throw InvalidInput("the vanilla " + kind.name + " proof does not verify against comm R " +
                       ctx.args()[2] + ": the sealed file and cache are not that sector's");
  }
  ctx.out() << "vanilla " << kind.name
            << " proof (pre-SNARK; Groth16 PoSt proofs are not implemented) of sector "
            << sector_number << ", " << kind.challenge_count << " challenges: verified\n";
  return 0;
}

std::string post_description(const std::string& kind) {
  return "Computes the vanilla " + kind +
         " proof of one sealed sector from [sealed] and [cache]\n"
         "(TreeRLast, p_aux, t_aux) with all-zero randomness, as lotus does, and verifies it\n"
         "against [comm R]. Prints the time to prove and to verify. The proof is the vanilla\n"
         "(pre-SNARK) one: the Groth16 proof lotus prints is not implemented yet.";
}

}  // namespace

Command make_simple_window_post_command() {
  return Command{.name = "window-post",
                 .usage = "Prove and verify a vanilla (pre-SNARK) WindowPoSt of one sector",
                 .args_usage = "[sealed] [cache] [comm R] [sector num]",
                 .description = post_description("WindowPoSt"),
                 .flags = {kSectorSizeFlag, kMinerAddrFlag},
                 .action = [](Context& ctx) {
                   return post_action(ctx, {"WindowPoSt", post::PostApi::kV1_2, 10});
                 }};
}

Command make_simple_winning_post_command() {
  return Command{.name = "winning-post",
                 .usage = "Prove and verify a vanilla (pre-SNARK) WinningPoSt of one sector",
                 .args_usage = "[sealed] [cache] [comm R] [sector num]",
                 .description = post_description("WinningPoSt"),
                 .flags = {kSectorSizeFlag, kMinerAddrFlag},
                 .action = [](Context& ctx) {
                   return post_action(ctx, {"WinningPoSt", post::PostApi::kV1_0, 66});
                 }};
}

}  // namespace tessera::cli
