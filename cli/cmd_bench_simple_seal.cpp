// lotus-bench simple precommit1 / precommit2 / commit1: the sealing stages on one sector's files,
// with lotus's arguments and output lines. commit1 writes the vanilla proof commit2 proves.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "chain/types/id_address.hpp"
#include "cli/bench_simple.hpp"
#include "cli/size_format.hpp"
#include "common/error.hpp"
#include "sealing/porep/commd.hpp"
#include "sealing/porep/commit1.hpp"
#include "sealing/porep/fr32.hpp"
#include "sealing/porep/pc1_output.hpp"
#include "sealing/porep/replica_id.hpp"
#include "sealing/porep/seal_on_disk.hpp"
#include "sealing/porep/vanilla_proof_json.hpp"
#include "storage/paths/unsealed_file.hpp"

namespace tessera::cli {
namespace {

using Clock = std::chrono::steady_clock;

// The [[piece cid] [piece size]]... arguments from index first on (lotus ParsePieceInfos).
std::vector<porep::PieceCommitment> parse_pieces(const Context& ctx, std::size_t first) {
  const auto& args = ctx.args();
  if (args.size() < first || (args.size() - first) % 2 != 0) {
    throw UsageError("piece info arguments need to be supplied in pairs");
  }
  if (args.size() - first < 2) throw UsageError("need at least one piece info argument");
  std::vector<porep::PieceCommitment> pieces;
  for (std::size_t i = first; i < args.size(); i += 2) {
    pieces.push_back({parse_commitment_arg(args[i], false, "piece cid"),
                      parse_u64_arg(args[i + 1], "piece size")});
  }
  return pieces;
}

// Removes a file when the scope ends, whatever happens.
struct RemoveOnExit {
  std::filesystem::path path;
  ~RemoveOnExit() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

int precommit1_action(Context& ctx) {
  refuse_porep_variants(ctx);
  const auto sector = bench_sector(ctx);
  const auto& info = *sector.proof;
  if (ctx.args().size() < 3) {
    throw UsageError("expected [unsealed] [sealed] [cache] [[piece cid] [piece size]]...");
  }
  const std::filesystem::path unsealed = ctx.args()[0], sealed = ctx.args()[1],
                              cache = ctx.args()[2];
  const auto pieces = parse_pieces(ctx, 3);
  try {
    paths::read_unsealed_trailer(unsealed, info.sector_size);
  } catch (const InvalidInput& e) {
    throw InvalidInput(std::string(e.what()) + " (--sector-size is " + ctx.string("sector-size") +
                       "; is it the size the unsealed file was written with?)");
  }
  std::uint64_t pieces_unpadded = 0;
  for (const auto& piece : pieces) {
    if (piece.padded_size > info.sector_size) {
      throw InvalidInput("piece size " + std::to_string(piece.padded_size) +
                         " is larger than the sector");
    }
    pieces_unpadded += porep::unpadded_size(piece.padded_size);
  }
  const auto pieces_comm_d = porep::compute_commd(info.sector_size, pieces);
  const auto sector_unpadded = porep::unpadded_size(info.sector_size);
  if (pieces_unpadded != sector_unpadded) {
    throw InvalidInput("aggregated piece sizes don't match sector size: " +
                       std::to_string(pieces_unpadded) + " != " + std::to_string(sector_unpadded));
  }

  porep::SealInputs inputs{.registered_proof = info.id,
                           .actor_id = sector.actor_id,
                           .sector_number = sector.sector_number};
  inputs.ticket = randomness_from_flag(ctx, "ticket-preimage", 1);
  const auto start = Clock::now();
  const RemoveOnExit staged{sealed.string() + ".staged"};
  paths::extract_unsealed_data(unsealed, info.sector_size, staged.path);
  const auto pc1 = porep::precommit1(inputs, staged.path, cache, sealed);
  const auto took = Clock::now() - start;
  if (pc1.comm_d != pieces_comm_d) {
    throw InvalidInput("the pieces do not match the unsealed data: CommD of the pieces is " +
                       commitment_cid(pieces_comm_d, false) + ", of the data " +
                       commitment_cid(pc1.comm_d, false));
  }
  print_timing(ctx, "PreCommit1", took, info.sector_size);
  ctx.out() << porep::encode_pc1_output({info.id, sector.sector_number, sector.actor_id,
                                         inputs.ticket, pc1.comm_d, pc1.replica_id})
            << "\n";
  return 0;
}

int precommit2_action(Context& ctx) {
  refuse_porep_variants(ctx);
  const auto sector = bench_sector(ctx);
  ctx.require_args(3);
  const auto pc1 = porep::decode_pc1_output(ctx.args()[2]);
  if (pc1.registered_proof != sector.proof->id) {
    throw InvalidInput("the PreCommit1 output is for " +
                       porep::seal_proof_info(pc1.registered_proof).name + ", but --sector-size " +
                       ctx.string("sector-size") + " selects " + sector.proof->name);
  }
  if (ctx.is_set("miner-addr") && pc1.actor_id != sector.actor_id) {
    throw InvalidInput("the PreCommit1 output is for actor " + std::to_string(pc1.actor_id) +
                       ", not " + ctx.string("miner-addr"));
  }
  const auto start = Clock::now();
  const auto pc2 = porep::precommit2(pc1.registered_proof, ctx.args()[1], ctx.args()[0]);
  print_timing(ctx, "PreCommit2", Clock::now() - start, sector.proof->sector_size);
  ctx.out() << "d:" << commitment_cid(pc1.comm_d, false)
            << " r:" << commitment_cid(pc2.comm_r, true) << "\n";
  return 0;
}

// The C1 output file: the sector, the public inputs and the vanilla proof (in the role of
// lotus's Commit2In {SectorNum, Phase1Out, SectorSize}).
void write_commit1_output(const std::filesystem::path& path, const BenchSector& sector,
                          const porep::PorepPublicInputs& inputs,
                          const porep::PorepVanillaProof& proof) {
  const nlohmann::json out = {{"sector_number", sector.sector_number},
                              {"actor_id", sector.actor_id},
                              {"sector_size", sector.proof->sector_size},
                              {"public_inputs", porep::public_inputs_to_json(inputs)},
                              {"vanilla_proof", porep::vanilla_proof_to_json(proof)}};
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << out.dump() << "\n";
  file.close();
  if (!file) throw IoError("writing " + path.string() + " failed");
}

int commit1_action(Context& ctx) {
  refuse_porep_variants(ctx);
  const auto sector = bench_sector(ctx);
  ctx.require_args(5);
  const auto& info = *sector.proof;
  porep::PorepPublicInputs inputs{.registered_proof = info.id,
                                  .comm_d = parse_commitment_arg(ctx.args()[2], false, "comm D"),
                                  .comm_r = parse_commitment_arg(ctx.args()[3], true, "comm R"),
                                  .seed = randomness_from_flag(ctx, "seed-preimage", 1)};
  inputs.replica_id =
      porep::replica_id(porep::prover_id_for(sector.actor_id), sector.sector_number,
                        randomness_from_flag(ctx, "ticket-preimage", 1), inputs.comm_d,
                        porep::porep_id_for(static_cast<std::uint64_t>(info.id)));
  const auto start = Clock::now();
  const auto proof =
      porep::commit1(info.id, ctx.args()[1], ctx.args()[0], inputs.replica_id, inputs.seed);
  const auto proved = Clock::now();
  const bool verified = porep::verify_porep(inputs, proof);
  const auto verify_took = Clock::now() - proved;
  print_timing(ctx, "Commit1", proved - start, info.sector_size);
  if (!verified) {
    throw InvalidInput(
        "the vanilla proof does not verify against comm D and comm R: check that they, "
        "--miner-addr "
        "and --ticket-preimage are the ones the sector was sealed with");
  }
  write_commit1_output(ctx.args()[4], sector, inputs, proof);
  ctx.out() << "vanilla PoRep proof verified in "
            << go_duration_string(verify_took) << ", written to " << ctx.args()[4] << "\n";
  return 0;
}

}  // namespace

Command make_simple_precommit1_command() {
  return Command{
      .name = "precommit1",
      .usage = "Run PreCommit1 (SDR labels, TreeD) on an unsealed sector file",
      .args_usage = "[unsealed] [sealed] [cache] [[piece cid] [piece size]]...",
      .description =
          "Seals sector 1 of --miner-addr from [unsealed] (written by addpiece): copies its data "
          "to\n"
          "[sealed] and writes TreeD and the label layers into [cache]. The pieces must fill the\n"
          "sector and match the data's CommD.\n"
          "\n"
          "Prints the time taken, then the PreCommit1 output to pass to precommit2: standard "
          "base64\n"
          "of a JSON object (tessera's own record, not rust-fil-proofs' PC1 output):\n"
          "  {\"registered_proof\": <seal proof id>, \"sector_number\": 1, \"actor_id\": <miner "
          "id>,\n"
          "   \"ticket\": <hex>, \"comm_d\": <hex>, \"replica_id\": <hex>}\n"
          "The ticket is 32 bytes of 0x01 as in lotus, or BLAKE2b-256 of --ticket-preimage.",
      .flags = {kSectorSizeFlag, kMinerAddrFlag, kTicketPreimageFlag, kSyntheticFlag,
                kNonInteractiveFlag},
      .action = precommit1_action};
}

Command make_simple_precommit2_command() {
  return Command{
      .name = "precommit2",
      .usage = "Run PreCommit2 (TreeC, encoding, TreeRLast) on PreCommit1's files",
      .args_usage = "[sealed] [cache] [pc1 out]",
      .description =
          "Turns [sealed] into the replica and writes TreeC, TreeRLast, p_aux and t_aux into\n"
          "[cache]. [pc1 out] is the base64 text precommit1 printed. Prints the time taken,\n"
          "then \"d:<CommD CID> r:<CommR CID>\".",
      .flags = {kSectorSizeFlag, kMinerAddrFlag, kSyntheticFlag, kNonInteractiveFlag},
      .action = precommit2_action};
}

Command make_simple_commit1_command() {
  return Command{
      .name = "commit1",
      .usage = "Run Commit1: the vanilla PoRep proof of a sealed sector (commit2 proves it with Groth16)",
      .args_usage = "[sealed] [cache] [comm D] [comm R] [c1out.json]",
      .description =
          "Proves the interactive PoRep challenges of sector 1 of --miner-addr, verifies the "
          "proof\n"
          "and writes it to [c1out.json]: {\"sector_number\", \"actor_id\", \"sector_size\",\n"
          "\"public_inputs\", \"vanilla_proof\"} (tessera's JSON; digests in hex), which commit2\n"
          "turns into the Groth16 proof.\n"
          "Ticket and seed are 32 bytes of 0x01 as in lotus, or BLAKE2b-256 of --ticket-preimage "
          "/\n"
          "--seed-preimage; the ticket must be the one precommit1 used.",
      .flags = {kSectorSizeFlag, kMinerAddrFlag, kTicketPreimageFlag, kSeedPreimageFlag,
                kSyntheticFlag, kNonInteractiveFlag},
      .action = commit1_action};
}

}  // namespace tessera::cli
