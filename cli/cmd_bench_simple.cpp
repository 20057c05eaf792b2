#include <chrono>
#include <fstream>
#include <ostream>
#include <vector>

#include "chain/types/id_address.hpp"
#include "cli/bench_simple.hpp"
#include "cli/commands.hpp"
#include "cli/size_format.hpp"
#include "common/cid/cid.hpp"
#include "common/error.hpp"
#include "sealing/porep/commp.hpp"
#include "sealing/porep/fr32.hpp"
#include "storage/paths/unsealed_file.hpp"

namespace tessera::cli {
namespace {

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
    auto want =
        static_cast<std::size_t>(std::min<std::uint64_t>(unpadded.size(), unpadded_size - done));
    data.read(reinterpret_cast<char*>(unpadded.data()), static_cast<std::streamsize>(want));
    if (static_cast<std::size_t>(data.gcount()) != want) {
      throw InvalidInput("data ended after " +
                         std::to_string(done + static_cast<std::uint64_t>(data.gcount())) +
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
  ctx.out() << cid::commitment_unsealed_cid(Bytes(piece.commitment.begin(), piece.commitment.end()))
                   .to_string()
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
  return Command{
      .name = "simple",
      .usage = "Run basic sector operations",
      .description = R"(Example sealing steps:

> Create unsealed sector file

$ ./lotus-bench simple addpiece --sector-size 2K /dev/zero /tmp/unsealed
AddPiece 2.798482ms (714.7 KiB/s)
baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy 2048

> Run PreCommit1

$ ./lotus-bench simple precommit1 --sector-size 2k /tmp/unsealed /tmp/sealed /tmp/cache baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy 2048
PreCommit1 21.061016ms (94.96 KiB/s)
eyJhY3Rvcl9pZCI6MTAwMCwiY29tbV9kIjoiZmM3ZTkyODI5NmU1MTZmYWFkZTk4NmIyOGY5MmQ0NGE0ZjI0YjkzNTQ4NTIy[...]

> Run PreCommit2

$ ./lotus-bench simple precommit2 --sector-size 2k /tmp/sealed /tmp/cache eyJhY3Rvcl9pZCI6MTAwMCwiY29tbV9kIjoiZmM3ZTkyODI5NmU1MTZmYWFkZTk4NmIyOGY5MmQ0NGE0ZjI0YjkzNTQ4NTIy[...]
PreCommit2 63.480157ms (31.51 KiB/s)
d:baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy r:bagboea4b5abca52cioilg33uvtkzlranby2b6t576gdch7vprlls7zz5osinbvs4

> Run Commit1 (the vanilla proof)

$ ./lotus-bench simple commit1 --sector-size 2k /tmp/sealed /tmp/cache baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy bagboea4b5abca52cioilg33uvtkzlranby2b6t576gdch7vprlls7zz5osinbvs4 /tmp/c1.json
Commit1 19.564846ms (102.2 KiB/s)
vanilla PoRep proof verified in 8.157469ms, written to /tmp/c1.json

> Run Commit2 (the Groth16 proof; needs the 2 KiB PoRep parameters: `lotus-miner fetch-params 2KiB`,
  or tessera's devnet ones from `lotus-bench paramgen --sector-size 2KiB --circuit porep`)

$ ./lotus-bench simple commit2 /tmp/c1.json
Commit2 1m41.2s (20 B/s)
proof: a5b2[...]

----
Example PoSt steps (vanilla proof, then its Groth16 proof, verified):

> Try window-post

$ ./lotus-bench simple window-post --sector-size 2k /tmp/sealed /tmp/cache bagboea4b5abca52cioilg33uvtkzlranby2b6t576gdch7vprlls7zz5osinbvs4 1
Vanilla 41.2ms (48.54 KiB/s)
Proof 1.33s (1.504 KiB/s)
Verify 1.9ms (1.028 MiB/s)
proof: 8f3a[...]

> Try winning-post

$ ./lotus-bench simple winning-post --sector-size 2k /tmp/sealed /tmp/cache bagboea4b5abca52cioilg33uvtkzlranby2b6t576gdch7vprlls7zz5osinbvs4 1
Vanilla 78.3ms (25.54 KiB/s)
Proof 4.8s (426 B/s)
Verify 3.4ms (588.2 KiB/s)
proof: 97c1[...])",
      .subcommands = {addpiece, make_simple_precommit1_command(), make_simple_precommit2_command(),
                      make_simple_commit1_command(), make_simple_commit2_command(),
                      make_simple_window_post_command(),
                      make_simple_winning_post_command()}};
}

}  // namespace tessera::cli
