// The devnet's small-network parameters, in the spirit of lotus's 2k build (build/params_2k.go):
// short epochs, 2 KiB / 8 MiB / 512 MiB sectors, a short proving period with 48 deadlines and
// a short PreCommitChallengeDelay. docs/devnet.md lists how they differ from mainnet.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "chain/types/big_int.hpp"
#include "chain/types/deadline.hpp"
#include "sealing/params/proof_mode.hpp"

namespace tessera::chain::devnet {

// The proof types a sector size registers (go-state-types abi RegisteredSealProof V1_1 and
// RegisteredPoStProof V1_1 for WindowPoSt, as CreateMiner requires since network version 19).
struct SectorSizeProofs {
  std::uint64_t sector_size;
  std::int64_t seal_proof;          // StackedDrg<size>V1_1
  std::int64_t window_post_proof;   // StackedDrgWindow<size>V1_1
  std::int64_t winning_post_proof;  // StackedDrgWinning<size>V1
  std::uint64_t window_post_partition_sectors;
};

// The entry for a sector size the devnet supports (2 KiB, 8 MiB, 512 MiB), or nullopt.
std::optional<SectorSizeProofs> proofs_for_sector_size(std::uint64_t sector_size);
// The entry whose window_post_proof is proof, or nullopt.
std::optional<SectorSizeProofs> proofs_for_window_post(std::int64_t proof);

// StateNetworkName's answer and genesis.json's NetworkName.
inline constexpr std::string_view kDevnetNetworkName = "tessera-devnet";

struct DevnetParams {
  std::chrono::milliseconds epoch_duration{4000};
  // 48 deadlines of 10 epochs: a 480-epoch proving period (32 minutes at 4 s epochs).
  ProvingParams proving{.period_deadlines = 48,
                        .proving_period = 480,
                        .challenge_window = 10,
                        .challenge_lookback = 4,
                        .fault_declaration_cutoff = 6};
  ChainEpoch pre_commit_challenge_delay = 10;  // lotus 2k: 10
  ChainEpoch max_seal_ticket_age = 200;        // MaxPreCommitRandomnessLookback
  ChainEpoch max_prove_commit_duration = 300;  // after PreCommitChallengeDelay
  ChainEpoch worker_key_change_delay = 10;
  std::uint64_t network_version = 24;
  std::uint64_t consensus_miner_min_power = 2048;  // lotus 2k: ConsensusMinerMinPower
  TokenAmount base_fee = BigInt::from_uint(100);
  // What each wallet key holds at genesis: 1,000,000 FIL.
  TokenAmount genesis_balance = BigInt::parse("1000000000000000000000000");
  // Deposits, per byte of sector size (attoFIL); see docs/devnet.md.
  TokenAmount pre_commit_deposit_per_byte = BigInt::from_uint(1000);
  TokenAmount initial_pledge_per_byte = BigInt::from_uint(2000);
  // Groth16 proofs checked with the verifying keys of the parameter cache, or (a test tool)
  // tessera's vanilla proofs: see proof_checks.hpp.
  params::ProofMode proofs = params::ProofMode::kSnark;
};

}  // namespace tessera::chain::devnet
