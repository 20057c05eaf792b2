// The devnet's proof verification: until Groth16 exists, a seal proof's bytes carry the vanilla
// PoRep proof and a PoSt proof's bytes the vanilla PoSt proofs (tessera's JSON forms, see
// docs/devnet.md), checked for real against the chain's randomness and the sectors' CIDs.
#pragma once

#include <vector>

#include "devnet/vm.hpp"

namespace tessera::chain::devnet {

// True when proof holds a valid vanilla PoRep proof of the precommitted sector: replica ID from
// the miner, sector number, ticket (SealRandomness at the seal epoch), CommD (the unsealed CID,
// or the empty sector's) and the proof's PoRep ID; challenges from the interactive seed
// (InteractiveSealChallengeSeed at precommit epoch + PreCommitChallengeDelay).
bool verify_seal(std::uint64_t miner_id, const SectorPreCommitOnChainInfo& precommit,
                 const Bytes& proof, const ApplyContext& ctx);

// True when proof holds one valid vanilla WindowPoSt proof per sector of `sectors` (ascending)
// for the challenge randomness (WindowedPoStChallengeSeed at challenge_epoch).
bool verify_window_post(std::uint64_t miner_id, std::uint64_t sector_size,
                        const std::vector<SectorOnChainInfo>& sectors, ChainEpoch challenge_epoch,
                        const Bytes& proof, const ApplyContext& ctx);

// True when proof holds one valid vanilla PoSt proof per sector of `sectors`, in order, with
// challenge_count challenges each for randomness (WinningPoSt: 66; WindowPoSt: 10).
bool verify_vanilla_post(const Bytes& randomness, std::uint64_t challenge_count,
                         std::uint64_t sector_size, const std::vector<SectorOnChainInfo>& sectors,
                         const Bytes& proof);

}  // namespace tessera::chain::devnet
