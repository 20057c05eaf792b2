// The devnet's proof verification. In ProofMode::kSnark (the default) seal and PoSt proofs are
// Groth16 proofs, checked with the verifying keys of the parameter cache (official files when
// present, else tessera's devnet ones: params::cached_verifying_key) and the public inputs
// rebuilt from the chain; in ProofMode::kVanilla, a test tool, their bytes carry tessera's
// vanilla proofs in JSON (docs/devnet.md), checked for real against the same randomness and
// sector CIDs. A node without the verifying key it needs fails the message with ActorError
// kErrIllegalState naming the missing file.
#pragma once

#include <vector>

#include "devnet/vm.hpp"

namespace tessera::chain::devnet {

// True when proof is a valid seal proof of the precommitted sector: replica ID from the miner,
// sector number, ticket (SealRandomness at the seal epoch), CommD (the unsealed CID, or the
// empty sector's) and the seal proof's PoRep ID; challenges from the interactive seed
// (InteractiveSealChallengeSeed at precommit epoch + PreCommitChallengeDelay).
bool verify_seal(std::uint64_t miner_id, const SectorPreCommitOnChainInfo& precommit,
                 const Bytes& proof, const ApplyContext& ctx);

// True when proof is a valid WindowPoSt of `sectors` (ascending; Groth16: one proof per
// partition of the sector size's Window PoSt circuit) for the challenge randomness
// (WindowedPoStChallengeSeed at challenge_epoch).
bool verify_window_post(std::uint64_t miner_id, std::uint64_t sector_size,
                        const std::vector<SectorOnChainInfo>& sectors, ChainEpoch challenge_epoch,
                        const Bytes& proof, const ApplyContext& ctx);

// True when proof is a valid WinningPoSt of the challenged `sectors` (one) for randomness.
bool verify_winning_post(params::ProofMode mode, const Bytes& randomness,
                         std::uint64_t sector_size, const std::vector<SectorOnChainInfo>& sectors,
                         const Bytes& proof);

}  // namespace tessera::chain::devnet
