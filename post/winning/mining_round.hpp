// One mining round of a storage miner, as lotus's miner.mineOne (miner/miner.go): on the node's
// head, ask MinerGetBaseInfo whether the miner may mine the next epoch, draw the ticket and the
// election proof as VRFs of the worker key (signed by the node's wallet), and when the election
// wins, prove WinningPoSt over the challenged sectors, select messages and have the node build
// the block. The caller submits the block (SyncSubmitBlock) and logs a thrown round as lotus's
// loop does ("mining block failed"), then tries the next round.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "chain/api/full_node_client.hpp"
#include "chain/types/mining.hpp"
#include "common/executor/stage_context.hpp"
#include "post/post_worker_api.hpp"
#include "post/sector_proof_source.hpp"
#include "sealing/params/proof_mode.hpp"

namespace tessera::post::winning {

struct RoundRequest {
  chain::Address miner;  // the miner actor
  // build.BlockDelaySecs of the network: the block's timestamp is the base's minimum timestamp
  // plus this, and a round taking longer is logged with lotus's CAUTION warning.
  std::chrono::milliseconds block_delay{std::chrono::seconds(30)};
};

// Where a round's time went, in lotus's mineOne breakdown (each stage from the end of the one
// before). Stages a round did not reach stay zero.
struct RoundTimings {
  std::chrono::nanoseconds base_info{0};     // tMinerBaseInfo: ChainHead and MinerGetBaseInfo
  std::chrono::nanoseconds ticket{0};        // tTicket: the ticket VRF
  std::chrono::nanoseconds is_winner{0};     // tIsWinner: the election VRF and win count
  std::chrono::nanoseconds seed{0};          // tSeed: the WinningPoSt randomness
  std::chrono::nanoseconds proof{0};         // tProof: the WinningPoSt ("winning post")
  std::chrono::nanoseconds pending{0};       // tPending: MpoolSelect ("select msgs")
  std::chrono::nanoseconds create_block{0};  // tCreateBlock: MinerCreateBlock
  std::chrono::nanoseconds total{0};         // the whole round ("took")
};

// Mines one round on the node's current head (round = head height + 1, no null rounds).
// Returns the block the node built and signed for the miner, or nullopt when there is none to
// make: no base info (no actor at the lookback or no sectors), the miner not eligible (logged
// at INFO: below the minimum power, slashed, or without power yet), or not elected (win count
// 0, logged at DEBUG). The WinningPoSt asks `source` for the challenged sectors' vanilla proofs
// (due within the block delay) and proves them as `mode` says: Groth16 with the WinningPoSt
// parameters of the sector size (params::find_parameter_files), or tessera's vanilla JSON
// (kVanilla, a test tool). Fills *timings (when given) with the stages reached, and logs
// lotus's "mined new block" at INFO and slow_round_warning's line at WARN for a round slower
// than the block delay.
// Throws what `source` throws for a sector it cannot prove (NotFound when no storage has it,
// IoError when its storage does not answer in time); InvalidInput for a base info listing no or
// several sectors in kSnark mode, a sector of an unknown seal proof, or randomness that is not
// 32 bytes; NotFound for missing Groth16 parameters; and the node's RpcError/InvalidInput for
// failed calls. With `workers` (a PoSt worker, lotus GenerateWinningPoSt) the WinningPoSt task
// goes to them instead of `source` and this machine's cores, and their proof is verified
// (Error if it does not); throws also what `workers` throws.
std::optional<chain::BlockMsg> mine_round(const RoundRequest& request, chain::FullNodeClient& node,
                                          const SectorProofSource& source, params::ProofMode mode,
                                          StageContext& ctx, RoundTimings* timings = nullptr,
                                          const WinningProver& workers = {});

// Lotus's warning for a block that took longer than the block delay: "CAUTION: block production
// took longer than the block delay. Your computer may not be fast enough to keep up" followed by
// each stage's duration (tMinerBaseInfo, tTicket, tIsWinner, tSeed, tProof, tPending,
// tCreateBlock) and the total; nullopt when timings.total is within block_delay.
std::optional<std::string> slow_round_warning(const RoundTimings& timings,
                                              std::chrono::milliseconds block_delay);

// lotus Ticket.Quality: 1 − BLAKE2b-256(vrf_proof) / 2^256 (big-endian), in [0, 1]; what
// MpoolSelect weighs message selection with.
double ticket_quality(const Bytes& vrf_proof);

// The ticket of the head's block with the smallest BLAKE2b-256 of its ticket (lotus
// TipSet.MinTicket), which the next round's ticket randomness chains from. InvalidInput for a
// tipset without blocks or a block without a ticket.
const Bytes& min_ticket(const chain::TipSet& tipset);

}  // namespace tessera::post::winning
