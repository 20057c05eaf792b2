// What the `lotus-bench simple` subcommands share (lotus cmd/lotus-bench/simple.go): their
// flags, the one sector they work on, randomness from flags, commitment arguments and the
// "<stage> <duration> (<rate>)" lines; plus the builders of the subcommands.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/command.hpp"
#include "common/executor/stage_context.hpp"
#include "common/progress.hpp"
#include "crypto/sha256.hpp"
#include "sealing/porep/proof_types.hpp"

namespace tessera::cli {

inline const Flag kSectorSizeFlag{.name = "sector-size",
                                  .usage = "size of the sectors in bytes, i.e. 32GiB",
                                  .default_value = "512MiB"};
inline const Flag kMinerAddrFlag{
    .name = "miner-addr",
    .usage = "pass miner address (only necessary if using existing sectorbuilder)",
    .default_value = "t01000"};
// lotus's PoRep variants; tessera has only the standard (interactive) one and refuses these.
inline const Flag kSyntheticFlag{
    .name = "synthetic",
    .type = FlagType::kBool,
    .usage = "generate synthetic PoRep proofs (not implemented in tessera)"};
inline const Flag kNonInteractiveFlag{
    .name = "non-interactive",
    .type = FlagType::kBool,
    .usage = "generate NI-PoRep proofs (not implemented in tessera)"};
inline const Flag kTicketPreimageFlag{.name = "ticket-preimage",
                                      .usage =
                                          "ticket = BLAKE2b-256 of this text, as lotus-bench "
                                          "sealing does (default: 32 bytes of 0x01, as lotus "
                                          "simple uses)"};
inline const Flag kSeedPreimageFlag{.name = "seed-preimage",
                                    .usage =
                                        "interactive seed = BLAKE2b-256 of this text (default: 32 "
                                        "bytes of 0x01, as lotus simple uses)"};

// The sector a simple subcommand works on: number 1 of the --miner-addr actor, as in lotus,
// sealed with the V1_1 proof of --sector-size.
struct BenchSector {
  const porep::SealProofInfo* proof = nullptr;
  std::uint64_t actor_id = 0;
  std::uint64_t sector_number = 1;
};

// Parses --sector-size and --miner-addr; InvalidInput for an address that is not an ID address
// or a size without a seal proof.
BenchSector bench_sector(const Context& ctx);

// Throws NotImplemented when --synthetic or --non-interactive is set.
void refuse_porep_variants(const Context& ctx);

// 32 bytes of randomness: BLAKE2b-256 of the flag's text when the flag is set, else `fill` in
// every byte (lotus simple's fixed ticket and seed).
crypto::Digest32 randomness_from_flag(const Context& ctx, std::string_view flag, std::uint8_t fill);

// The 32-byte commitment in a CID argument: a fil-commitment-sealed (CommR) CID when sealed,
// else a fil-commitment-unsealed one (CommD / CommP). InvalidInput naming `what` otherwise.
crypto::Digest32 parse_commitment_arg(std::string_view text, bool sealed, std::string_view what);
// The CID text of a commitment (CommR when sealed, else CommD / CommP).
std::string commitment_cid(const crypto::Digest32& commitment, bool sealed);

// A decimal u64 argument; UsageError naming `what` otherwise.
std::uint64_t parse_u64_arg(std::string_view text, std::string_view what);

// Prints "<stage> <duration> (<rate>)", the rate being bytes over the duration (lotus bps()).
void print_timing(const Context& ctx, std::string_view stage, std::chrono::nanoseconds took,
                  std::uint64_t bytes);

// A StageContext on all the process's cores whose progress (done, total) goes to err as
// "<label>: <step>" bars or lines (common/progress), for the Groth16 steps.
struct ReportedStage {
  ReportedStage(std::ostream& err, const std::string& label, const std::string& step)
      : reporter(err, label, progress::is_terminal(err)),
        ctx(CoreBudget::process(), kAllCores, 0, {},
            [this, step](std::uint64_t done, std::uint64_t total) {
              reporter.update(step, static_cast<double>(done) / static_cast<double>(total));
            }) {}
  progress::Reporter reporter;
  StageContext ctx;
};

Command make_simple_precommit1_command();
Command make_simple_precommit2_command();
Command make_simple_commit1_command();
Command make_simple_commit2_command();
Command make_simple_window_post_command();
Command make_simple_winning_post_command();

}  // namespace tessera::cli
