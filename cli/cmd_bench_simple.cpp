#include <chrono>
#include <fstream>
#include <ostream>
#include <vector>

#include "chain/types/id_address.hpp"
#include "cli/commands.hpp"
#include "cli/size_format.hpp"
#include "common/cid/cid.hpp"
#include "common/error.hpp"
#include "sealing/porep/commp.hpp"
#include "sealing/porep/fr32.hpp"
#include "storage/paths/unsealed_file.hpp"

namespace tessera::cli {
namespace {

const Flag kSectorSizeFlag{.name = "sector-size", .usage = "size of the sectors in bytes, i.e. 32GiB",
                           .default_value = "512MiB"};
const Flag kMinerAddrFlag{.name = "miner-addr",
                          .usage = "pass miner address (only necessary if using existing sectorbuilder)",
                          .default_value = "t01000"};

// Reads a whole piece of unpadded_size bytes from data, Fr32-pads it into the unsealed file and
// computes its CommP on the way.
porep::PieceCommitment add_piece(std::istream& data, std::uint64_t unpadded_size,
                                 paths::UnsealedFileWriter& out) {
  constexpr std::size_t kBlocks = 8192;  // ~1 MiB per read
  std::vector<std::uint8_t> unpadded(kBlocks * porep::kFr32UnpaddedBlock);
  std::vector<std::uint8_t> padded(kBlocks * porep::kFr32PaddedBlock);
  porep::CommPBuilder commp;
  std::uint64_t done = 0;
  while (done < unpadded_size) {
    auto want = static_cast<std::size_t>(std::min<std::uint64_t>(unpadded.size(), unpadded_size - done));
    data.read(reinterpret_cast<char*>(unpadded.data()), static_cast<std::streamsize>(want));
    if (static_cast<std::size_t>(data.gcount()) != want) {
      throw InvalidInput("data ended after " + std::to_string(done + static_cast<std::uint64_t>(data.gcount())) +
                         " bytes; the piece needs " + std::to_string(unpadded_size));
    }
    commp.write(unpadded.data(), want);
    const std::size_t blocks = want / porep::kFr32UnpaddedBlock;
    porep::fr32_pad(unpadded.data(), padded.data(), blocks);
    out.write(padded.data(), blocks * porep::kFr32PaddedBlock);
    done += want;
  }
  return commp.finish();
}

int addpiece_action(Context& ctx) {
  ctx.require_args(2);
  chain::parse_id_address(ctx.string("miner-addr"));
  const auto sector_size = parse_byte_size(ctx.string("sector-size"));
  std::ifstream data(ctx.args()[0], std::ios::binary);
  if (!data) throw NotFound("open data file: " + ctx.args()[0]);
  paths::UnsealedFileWriter out(ctx.args()[1], sector_size);
  auto start = std::chrono::steady_clock::now();
  auto piece = add_piece(data, porep::unpadded_size(sector_size), out);
  out.finish(chain::BitField::from_runs({0, piece.padded_size}));
  auto took = std::chrono::steady_clock::now() - start;
  ctx.out() << "AddPiece " << go_duration_string(took) << " ("
            << bytes_per_second(static_cast<double>(piece.padded_size), took) << ")\n";
  ctx.out() << cid::commitment_unsealed_cid(Bytes(piece.commitment.begin(), piece.commitment.end())).to_string()
            << " " << piece.padded_size << "\n";
  return 0;
}

}  // namespace

Command make_bench_simple_command() {
  Command addpiece{.name = "addpiece",
                   .usage = "Write data to a sector",
                   .args_usage = "[data] [unsealed]",
                   .flags = {kSectorSizeFlag, kMinerAddrFlag},
                   .action = addpiece_action};
  return Command{.name = "simple", .usage = "Run basic sector operations", .subcommands = {addpiece}};
}

}  // namespace tessera::cli
